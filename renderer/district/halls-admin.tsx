// 接入管理 (district managers): register a hall, rotate or revoke its replication token; a token is shown only once.
import { useEffect, useState, type FormEvent } from 'react';
import type { DistrictKey } from './messages.ts';

type T = (key: DistrictKey, vars?: Record<string, string | number>) => string;

interface HallRow {
  id: string;
  code: string;
  name: string;
  lastSeenAt: string | null;
  revoked: boolean;
}

async function send<R>(token: string, method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; body: R }> {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { ok: res.ok, status: res.status, body: (await res.json().catch(() => null)) as R };
}

export function HallsAdmin({ t, token }: { t: T; token: string }) {
  const [halls, setHalls] = useState<HallRow[] | null>(null);
  const [version, setVersion] = useState(0);
  const [shown, setShown] = useState<{ hall: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  useEffect(() => {
    void send<HallRow[]>(token, 'GET', '/api/v1/district/halls').then((r) => (r.ok ? setHalls(r.body) : setError(t('loadFailed'))));
  }, [token, version, t]);
  const act = async (hall: HallRow, kind: 'token' | 'revoke') => {
    if (kind === 'revoke' && !confirm(t('revokeConfirm', { name: hall.name }))) return;
    setError(null);
    const r = await send<{ token?: string }>(token, 'POST', `/api/v1/halls/${encodeURIComponent(hall.id)}/${kind}`);
    if (!r.ok) return setError(t('actionFailed'));
    setShown(r.body.token ? { hall: hall.name, token: r.body.token } : null);
    setVersion((v) => v + 1);
  };
  const register = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const r = await send<{ token: string; error?: { code: string } }>(token, 'POST', '/api/v1/halls', { code: code.trim(), name: name.trim() });
    if (!r.ok) return setError(r.body?.error?.code === 'HALL_CODE_TAKEN' ? t('codeTaken') : t('registerFailed'));
    setShown({ hall: name.trim(), token: r.body.token });
    setCode('');
    setName('');
    setVersion((v) => v + 1);
  };
  return (
    <section className="admin">
      {shown && (
        <div className="token-box" role="status" data-testid="new-token">
          <strong>{t('tokenShownOnce', { name: shown.hall })}</strong>
          <code>HALL_DISTRICT_TOKEN={shown.token}</code>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form className="filters" onSubmit={(e) => void register(e)}>
        <label>
          {t('code')} <input name="code" value={code} pattern="[\w\-]{1,32}" required onChange={(e) => setCode(e.target.value)} />
        </label>
        <label>
          {t('name')} <input name="name" value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />
        </label>
        <button className="primary" type="submit">
          {t('registerHall')}
        </button>
      </form>
      {halls && (
        <table>
          <caption>{t('tabAdmin')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('code')}</th>
              <th scope="col">{t('token')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {halls.map((h) => (
              <tr key={h.id} data-code={h.code}>
                <th scope="row">{h.name}</th>
                <td>{h.code}</td>
                <td>{h.revoked ? <span className="badge bad">{t('tokenRevoked')}</span> : <span className="badge ok">{t('tokenActive')}</span>}</td>
                <td className="actions">
                  <button onClick={() => void act(h, 'token')}>{t('rotateToken')}</button>
                  {!h.revoked && <button onClick={() => void act(h, 'revoke')}>{t('revokeToken')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
