// The counter-facing rating screen: asks the visitor to rate each visit this counter completes.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './rate.css';

createRoot(document.getElementById('root')!).render(<App />);
