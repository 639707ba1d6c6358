// The staff and manager sign-in form: one form for every app that needs an account.
import { useState, type FormEvent } from 'react';
import { HallApiError } from '../../client/hall-client.ts';
import type { PublicUser } from '../../core/model.ts';
import { passwordProblem } from '../../core/password-policy.ts';
import { hallClient } from './connection.ts';
import { errorText, useLang, useT } from './i18n.ts';
import { LangSwitch } from './lang-switch.tsx';
import { passwordMessages } from './password-messages.ts';
import './login-form.css';

export type LoginText = (key: 'title' | 'username' | 'password' | 'signIn' | 'signingIn' | 'badLogin') => string;

/** `accept` takes the new session, or returns a message that says why this app cannot use it. */
export function LoginForm({ text, accept }: { text: LoginText; accept(token: string, user: PublicUser): Promise<string | null> }) {
  const lang = useLang((s) => s.lang);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // After a manager's reset the session is usable only once a new password is set: that step comes before `accept`.
  const [mustChange, setMustChange] = useState<{ token: string; user: PublicUser } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { token, user, mustChangePassword } = await hallClient().login(username, password);
      if (mustChangePassword) setMustChange({ token, user });
      else setError(await accept(token, user));
    } catch (err) {
      if (err instanceof HallApiError && (err.code === 'BAD_CREDENTIALS' || err.status === 401)) setError(text('badLogin'));
      else if (err instanceof HallApiError) setError(errorText(lang, err.code, { seconds: Number(err.details?.retryAfterSeconds ?? 60) }));
      else setError(errorText(lang, 'NETWORK'));
    } finally {
      setPending(false);
    }
  };
  if (mustChange) {
    return (
      <ChangePassword
        signIn={mustChange}
        currentPassword={password}
        done={async () => {
          setMustChange(null);
          setPassword('');
          setError(await accept(mustChange.token, mustChange.user));
        }}
      />
    );
  }
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

/** The forced change after a reset: the temporary password the user just typed is the current one. */
function ChangePassword({ signIn, currentPassword, done }: { signIn: { token: string; user: PublicUser }; currentPassword: string; done(): Promise<void> }) {
  const lang = useLang((s) => s.lang);
  const pw = useT(passwordMessages);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return setError(pw('passwordsDiffer'));
    if (passwordProblem(next, signIn.user.username) || next === currentPassword) return setError(pw('passwordPolicy'));
    setPending(true);
    setError(null);
    try {
      await hallClient(signIn.token).changePassword(currentPassword, next);
      await done();
    } catch (err) {
      if (err instanceof HallApiError && err.details?.field === 'newPassword') setError(pw('passwordPolicy'));
      else if (err instanceof HallApiError && (err.details?.field === 'currentPassword' || err.status === 401)) setError(pw('wrongCurrent'));
      else setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="login-page">
      <form className="login" onSubmit={submit} data-testid="change-password">
        <div className="login-head">
          <h1>{pw('changeTitle')}</h1>
          <LangSwitch />
        </div>
        <p className="login-hint">{pw('changeHint')}</p>
        <label>
          {pw('newPassword')}
          <input
            name="newPassword"
            type="password"
            autoFocus
            autoComplete="new-password"
            aria-describedby="password-policy"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          {pw('repeatPassword')}
          <input name="repeatPassword" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        <p className="login-hint" id="password-policy">
          {pw('passwordPolicy')}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending || !next || !repeat}>
          {pw('changePassword')}
        </button>
      </form>
    </div>
  );
}
