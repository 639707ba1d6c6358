// The staff and manager sign-in form: one form for every app that needs an account.
import { useState, type FormEvent } from 'react';
import { HallApiError } from '../../client/hall-client.ts';
import type { PublicUser } from '../../core/model.ts';
import { hallClient } from './connection.ts';
import { errorText, useLang } from './i18n.ts';
import { LangSwitch } from './lang-switch.tsx';
import './login-form.css';

export type LoginText = (key: 'title' | 'username' | 'password' | 'signIn' | 'signingIn' | 'badLogin') => string;

/** `accept` takes the new session, or returns a message that says why this app cannot use it. */
export function LoginForm({ text, accept }: { text: LoginText; accept(token: string, user: PublicUser): Promise<string | null> }) {
  const lang = useLang((s) => s.lang);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { token, user } = await hallClient().login(username, password);
      setError(await accept(token, user));
    } catch (err) {
      if (err instanceof HallApiError && (err.code === 'BAD_CREDENTIALS' || err.status === 401)) setError(text('badLogin'));
      else if (err instanceof HallApiError) setError(errorText(lang, err.code, { seconds: Number(err.details?.retryAfterSeconds ?? 60) }));
      else setError(errorText(lang, 'NETWORK'));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login" onSubmit={submit}>
        <div className="login-head">
          <h1>{text('title')}</h1>
          <LangSwitch />
        </div>
        <label>
          {text('username')}
          <input name="username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {text('password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending || !username || !password}>
          {pending ? text('signingIn') : text('signIn')}
        </button>
      </form>
    </div>
  );
}
