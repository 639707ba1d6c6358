// The district page: every hall on one screen, one hall's figures, 好差评 across halls and the provincial export.
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './district.css';

createRoot(document.getElementById('root')!).render(<App />);
