// The visitor's mobile ticket (the QR code on the ticket): number, status, place in the queue, then the rating.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import '../rate/rate.css';
import './m.css';

createRoot(document.getElementById('root')!).render(<App />);
