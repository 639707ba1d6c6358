// The hall's display board (1920×1080): current calls, each counter's number, waiting counts, notice line, voice.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './display.css';

createRoot(document.getElementById('root')!).render(<App />);
