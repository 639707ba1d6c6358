// The counter console: staff sign in, take a counter, and work its queue from the keyboard.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './counter.css';

createRoot(document.getElementById('root')!).render(<App />);
