import { useEffect, useMemo, useState } from 'react';
import type { CounterView } from '../../core/engine.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { hallClient } from '../shared/connection.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { LoginForm } from '../shared/login-form.tsx';
import { Console } from './console.tsx';
import { messages } from './messages.ts';
import { restoreSession, saveSession, useCounter } from './store.ts';

export function App() {
  const session = useCounter((s) => s.session);
  const restoring = useCounter((s) => s.restoring);
  // Once per page load: a stored session is checked with the server before the console opens.
  useEffect(() => {
    const stored = useCounter.getState().session;
    if (stored) void restoreSession(hallClient(stored.token));
  }, []);
  if (restoring) return <Restoring />;
  if (!session) return <Login />;
  if (!session.counterId) return <CounterPicker />;
  return <Console session={{ ...session, counterId: session.counterId }} />;
}

function Restoring() {
  const t = useT(messages);
  return (
    <div className="login-page" aria-busy="true">
      <p className="restoring">{t('restoring')}</p>
    </div>
  );
}

function Login() {
  const t = useT(messages);
  return (
    <LoginForm
      text={t}
      accept={async (token, user) => {
        saveSession({ token, username: user.username, userId: user.id, counterId: null });
        const preset = new URLSearchParams(location.search).get('counter');
        if (preset) await takeCounter(preset);
        return null;
      }}
    />
  );
}

/** Signs in to the counter; on refusal the picker shows why. */
async function takeCounter(counterId: string): Promise<void> {
  const session = useCounter.getState().session;
  if (!session) return;
  await hallClient(session.token).signIn(counterId);
  saveSession({ ...session, counterId });
}

function CounterPicker() {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const session = useCounter((s) => s.session)!;
  const client = useMemo(() => hallClient(session.token), [session.token]);
  const [counters, setCounters] = useState<CounterView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.counters().then(
      // A retired counter is not offered (the server refuses it: COUNTER_RETIRED).
      (list) => setCounters(list.filter((c) => c.active).sort((a, b) => a.number - b.number)),
      (err: unknown) => {
        if (err instanceof HallApiError && err.status === 401) saveSession(null);
        else setError(errorText(lang, 'NETWORK'));
      },
    );
  }, [client, lang]);
  const pick = (id: string) => takeCounter(id).catch((err: unknown) => setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK')));
  return (
    <div className="login-page">
      <div className="picker">
        <div className="login-head">
          <h1>{t('pickCounter')}</h1>
          <LangSwitch />
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="picker-grid">
          {counters.map((c) => {
            const taken = c.staffUserId !== null && c.staffUserId !== session.userId;
            return (
              <button key={c.id} className="picker-item" disabled={taken} data-counter-id={c.id} onClick={() => void pick(c.id)}>
                <strong>{t('counterNo', { n: c.number })}</strong>
                <span>{taken ? t('takenBy') : (c.name ?? '')}</span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
