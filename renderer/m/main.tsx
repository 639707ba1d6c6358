// The visitor's mobile ticket (the QR code on the ticket): number, status, place in the queue, then the rating; or a case.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { BookingApp } from './booking.tsx';
import { MatterPage } from './matter.tsx';
import { CasePage } from './case.tsx';
import '../rate/rate.css';
import './m.css';

// `?book` opens online booking, `?b=CODE` one booking, `?matter=CODE` a matter of the service guide (扫码带走), `?case=` a 受理回执's case; `?t=` stays the ticket page.
const query = new URLSearchParams(location.search);
const matter = query.get('matter');
createRoot(document.getElementById('root')!).render(
  query.has('book') || query.has('b') ? <BookingApp /> : matter ? <MatterPage code={matter} /> : query.has('case') ? <CasePage /> : <App />,
);
