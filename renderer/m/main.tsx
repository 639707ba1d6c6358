// The visitor's mobile ticket (the QR code on the ticket): number, status, place in the queue, then the rating.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { MatterPage } from './matter.tsx';
import '../rate/rate.css';
import './m.css';

// ?matter=CODE: a matter of the service guide (扫码带走); otherwise the ticket of ?t=.
const matter = new URLSearchParams(location.search).get('matter');
createRoot(document.getElementById('root')!).render(matter ? <MatterPage code={matter} /> : <App />);
