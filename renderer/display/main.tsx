// The hall's display board (any screen, landscape or portrait): current calls, each counter's number, waiting counts, notice line, voice.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './display.css';

createRoot(document.getElementById('root')!).render(<App />);
