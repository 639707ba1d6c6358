// Entry of the kiosk page: picks the agent transport, reads the idle limits, mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useLang } from '../shared/i18n.ts';
import { connectAgent } from './agent-transport.ts';
import { App, type IdleLimits } from './app.tsx';
import { useKiosk } from './store.ts';
import './kiosk.css';

const params = new URLSearchParams(location.search);
const seconds = (name: string, fallback: number) => {
  const n = Number(params.get(name));
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const limits: IdleLimits = { idleSeconds: seconds('idle', 60), doneSeconds: seconds('done', 20) };

// A kiosk always starts in the default language; the previous visitor's choice does not carry over.
useLang.getState().setLang('zh-CN');
useKiosk.getState().connect(connectAgent());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App limits={limits} />
  </StrictMode>,
);
