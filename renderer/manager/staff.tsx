// Staff accounts (人员): list, create, change role, disable or enable, reset a password, clear a sign-in throttle.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import type { StaffUser, UserRole } from '../../core/model.ts';
import { passwordProblem } from '../../core/password-policy.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { passwordMessages } from '../shared/password-messages.ts';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy } from './store.ts';

const ROLES: readonly UserRole[] = ['staff', 'manager'];
const ROLE_LABEL: Record<UserRole, ManagerKey> = { staff: 'role_staff', manager: 'role_manager' };
/** The refusals this tab explains itself; anything else gets the shared wording. */
const OWN_ERRORS: Record<string, ManagerKey> = { OWN_ACCOUNT: 'err_OWN_ACCOUNT', LAST_MANAGER: 'err_LAST_MANAGER', USERNAME_TAKEN: 'err_USERNAME_TAKEN' };

type Status = { kind: 'ok' | 'error'; text: string } | null;

const shownName = (u: StaffUser) => u.displayName ?? u.username;

export function StaffAccounts({ client, selfId }: { client: HallClient; selfId: string }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    const code = err instanceof HallApiError ? err.code : 'NETWORK';
    setStatus({ kind: 'error', text: OWN_ERRORS[code] ? t(OWN_ERRORS[code]) : errorText(lang, code) });
  };
  const load = () => client.users().then(setUsers, failure);
  useEffect(() => void load(), [client]);

  /** One change to one user at a time; the list is read again after it. */
  const change = async (user: StaffUser, run: () => Promise<string>) => {
    setBusy(user.id);
    setStatus(null);
    try {
      setStatus({ kind: 'ok', text: await run() });
    } catch (err) {
      failure(err);
    } finally {
      setBusy(null);
      await load();
    }
  };
  const setRole = (u: StaffUser, role: UserRole) =>
    change(u, async () => {
      await client.updateUser(u.id, { role });
      return t('roleDone', { name: shownName(u), role: t(ROLE_LABEL[role]) });
    });
  const setDisabled = (u: StaffUser, disabled: boolean) =>
    change(u, async () => {
      await client.updateUser(u.id, { disabled });
      return t(disabled ? 'disabledDone' : 'enabledDone', { name: shownName(u) });
    });
  const reset = (u: StaffUser) =>
    change(u, async () => {
      const { temporaryPassword } = await client.resetPassword(u.id);
      setTemporary({ name: shownName(u), password: temporaryPassword });
      return '';
    });

  const clearThrottle = (u: StaffUser) =>
    change(u, async () => {
      await client.clearSignInThrottle(u.id);
      return t('throttleCleared', { name: shownName(u) });
    });

  if (!users) return <p className="empty">{t('loading')}</p>;
  return (
    <div className="staff-page">
      <section className="card">
        <h2>{t('staffTitle')}</h2>
        <p className="hint">{t('staffHint')}</p>
        <table className="grid-table staff-table" data-testid="staff-table">
          <thead>
            <tr>
              <th scope="col">{t('colUsername')}</th>
              <th scope="col">{t('colDisplayName')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === selfId;
              return (
                <tr key={u.id} data-username={u.username} className={u.disabled ? 'is-disabled' : undefined}>
                  <td>
                    {u.username}
                    {self && t('you')}
                  </td>
                  <td>{u.displayName ?? ''}</td>
                  <td>
                    <select
                      name="role"
                      aria-label={`${t('colRole')}：${shownName(u)}`}
                      value={u.role}
                      disabled={self || busy !== null}
                      onChange={(e) => void setRole(u, e.target.value as UserRole)}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(ROLE_LABEL[r])}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-status={u.disabled ? 'disabled' : 'active'}>
                    <span className={u.disabled ? 'pill pill-off' : 'pill pill-on'}>{u.disabled ? t('statusDisabled') : t('statusActive')}</span>
                    {u.mustChangePassword && <span className="pill pill-warn">{t('statusMustChange')}</span>}
                    <SignInState user={u} />
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" disabled={self || busy !== null} onClick={() => void setDisabled(u, !u.disabled)}>
                        {u.disabled ? t('enable') : t('disable')}
                      </button>
                      <button type="button" disabled={self || busy !== null || u.disabled} onClick={() => void reset(u)}>
                        {t('resetPassword')}
                      </button>
                      {(u.signIn?.failures ?? 0) > 0 && (
                        <button type="button" disabled={busy !== null} onClick={() => void clearThrottle(u)}>
                          {t('clearThrottle')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {status && status.text && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
            {status.text}
          </p>
        )}
      </section>
      <CreateUser client={client} created={load} />
      {temporary && <TemporaryPassword {...temporary} close={() => setTemporary(null)} />}
    </div>
  );
}

/** Failed sign-ins the hall still counts, and the wait it imposes (in whole minutes, at least one, as the hall throttles for at most five). */
function SignInState({ user }: { user: StaffUser }) {
  const t = useT(messages);
  const signIn = user.signIn;
  if (!signIn || signIn.failures === 0) return null;
  const minutes = signIn.throttledUntil ? Math.max(1, Math.ceil((Date.parse(signIn.throttledUntil) - Date.now()) / 60_000)) : null;
  return (
    <span className="sign-in-state" data-testid="sign-in-state">
      {minutes !== null && <span className="pill pill-warn">{t('signInThrottled', { n: minutes })}</span>}
      <span className="hint">{t('signInFailures', { n: signIn.failures })}</span>
    </span>
  );
}

function CreateUser({ client, created }: { client: HallClient; created(): Promise<void> }) {
  const t = useT(messages);
  const pw = useT(passwordMessages);
  const lang = useLang((s) => s.lang);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserRole>('staff');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (passwordProblem(password, username)) return setStatus({ kind: 'error', text: pw('passwordPolicy') });
    setPending(true);
    setStatus(null);
    try {
      const user = await client.createUser({ username: username.trim(), password, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
      setStatus({ kind: 'ok', text: t('created', { name: user.username }) });
      setUsername('');
      setDisplayName('');
      setPassword('');
      await created();
    } catch (err) {
      if (signedOutBy(err)) return;
      const code = err instanceof HallApiError ? err.code : 'NETWORK';
      const field = err instanceof HallApiError ? err.details?.field : undefined;
      const text = OWN_ERRORS[code]
        ? t(OWN_ERRORS[code])
        : field === 'password'
          ? pw('passwordPolicy')
          : field === 'username'
            ? `${t('colUsername')}：${t('usernameRule')}`
            : errorText(lang, code);
      setStatus({ kind: 'error', text });
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card">
      <h2>{t('createTitle')}</h2>
      <form className="staff-form" onSubmit={submit} data-testid="create-user">
        <label>
          {t('colUsername')}
          <input
            name="username"
            autoComplete="off"
            value={username}
            maxLength={32}
            aria-describedby="username-rule"
            onChange={(e) => setUsername(e.target.value)}
          />
          <span className="hint" id="username-rule">
            {t('usernameRule')}
          </span>
        </label>
        <label>
          {t('displayNameLabel')}
          <input name="displayName" autoComplete="off" value={displayName} maxLength={40} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          {t('colRole')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_LABEL[r])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('initialPassword')}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            aria-describedby="create-policy"
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending || !username.trim() || !password}>
            {pending ? t('creating') : t('create')}
          </button>
        </div>
      </form>
      <p className="hint" id="create-policy">
        {pw('passwordPolicy')}
      </p>
      {status && (
        <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
          {status.text}
        </p>
      )}
    </section>
  );
}

/** Shown once: the manager copies it or reads it out; it is not kept anywhere in the page after closing. */
function TemporaryPassword({ name, password, close }: { name: string; password: string; close(): void }) {
  const t = useT(messages);
  const [copied, setCopied] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const copy = () =>
    navigator.clipboard.writeText(password).then(
      () => setCopied(true),
      () => undefined,
    );
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="temp-title"
        data-testid="temporary-password"
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="temp-title">{t('tempTitle')}</h2>
        <p className="hint">{t('tempHint', { name })}</p>
        <p className="temp-password">
          <code>{password}</code>
        </p>
        <div className="form-actions">
          <button type="button" onClick={() => void copy()}>
            {copied ? t('tempCopied') : t('tempCopy')}
          </button>
          <button type="button" className="primary" ref={closeRef} onClick={close}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
