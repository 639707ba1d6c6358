// The visitor's mobile ticket (the QR code on the ticket): number, status, place in the queue, then the rating.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { BookingApp } from './booking.tsx';
import '../rate/rate.css';
import './m.css';

// `?book` opens online booking, `?b=CODE` one booking; `?t=` stays the ticket page.
const query = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(query.has('book') || query.has('b') ? <BookingApp /> : <App />);
