// The manager page: live monitor, device alerts, 好差评 follow-ups, satisfaction figures and the display notice.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './manager.css';

createRoot(document.getElementById('root')!).render(<App />);
