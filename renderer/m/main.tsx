// The visitor's mobile ticket (the QR code on the ticket): number, status, place in the queue, then the rating; or a case.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { CasePage } from './case.tsx';
import '../rate/rate.css';
import './m.css';

// A 受理回执's QR opens the case; a ticket's opens the ticket.
createRoot(document.getElementById('root')!).render(new URLSearchParams(location.search).has('case') ? <CasePage /> : <App />);
