// Devices (设备): the list with last seen, one-time pairing codes shown as digits and a big QR code, rename, revoke.
import { useEffect, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import type { DeviceView, PairingCodeView } from '../../core/devices.ts';
import { DEVICE_KINDS, type DeviceKind } from '../../core/model.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { QrCode } from '../kiosk/qr-code.tsx';
import { deviceMessages, type DeviceKey } from './device-messages.ts';
import { signedOutBy, useManager } from './store.ts';
import './devices.css';

type Status = { kind: 'ok' | 'error'; text: string } | null;
/** While a code is on screen the list is read again this often, so the manager sees the device arrive. */
const WATCH_MS = 3000;

const kindKey = (kind: DeviceKind) => `kind_${kind}` as DeviceKey;
const grouped = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

function lastSeenText(t: ReturnType<typeof useT<DeviceKey>>, lang: string, iso: string | null, now: number): string {
  if (!iso) return t('never');
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return t('minutesAgo', { n: minutes });
  return new Date(iso).toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function DevicesAdmin({ client }: { client: HallClient }) {
  const t = useT(deviceMessages);
  const lang = useLang((s) => s.lang);
  const [devices, setDevices] = useState<DeviceView[] | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<DeviceView | null>(null);
  const [code, setCode] = useState<PairingCodeView | null>(null);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    setStatus({ kind: 'error', text: errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK') });
  };
  const load = () => client.devices().then(setDevices, failure);
  useEffect(() => void load(), [client]);
  useEffect(() => {
    if (!code) return;
    const timer = setInterval(() => void load(), WATCH_MS);
    return () => clearInterval(timer);
  }, [code, client]);

  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ kind: 'ok', text: await run() });
    } catch (err) {
      failure(err);
    } finally {
      setBusy(false);
      await load();
    }
  };
  const saveName = (e: FormEvent) => {
    e.preventDefault();
    if (!renaming) return;
    const name = renaming.name.trim();
    if (!name) return setStatus({ kind: 'error', text: t('nameRule') });
    void act(async () => {
      const device = await client.renameDevice(renaming.id, name);
      setRenaming(null);
      return t('renamed', { name: device.name });
    });
  };
  const revoke = (device: DeviceView) =>
    void act(async () => {
      setRevoking(null);
      await client.revokeDevice(device.id);
      return t('revoked', { name: device.name });
    });

  const now = Date.now();
  const paired = code && devices?.find((d) => d.name === code.name && Date.parse(d.createdAt) >= Date.parse(code.expiresAt) - 10 * 60_000);
  return (
    <div className="devices-page">
      <section className="card">
        <h2>{t('devicesTitle')}</h2>
        <p className="hint">{t('devicesHint')}</p>
        {!devices ? (
          <p className="empty">{t('loading')}</p>
        ) : devices.length === 0 ? (
          <p className="empty">{t('noDevices')}</p>
        ) : (
          <table className="grid-table devices-table" data-testid="devices-table">
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colKind')}</th>
                <th scope="col">{t('colLastSeen')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id} data-device-id={d.id} className={d.revoked ? 'is-disabled' : undefined}>
                  <td>
                    {renaming?.id === d.id ? (
                      <form className="devices-rename" onSubmit={saveName}>
                        <input
                          aria-label={t('nameLabel')}
                          value={renaming.name}
                          maxLength={80}
                          autoFocus
                          onChange={(e) => setRenaming({ id: d.id, name: e.target.value })}
                        />
                        <button type="submit" disabled={busy}>
                          {t('save')}
                        </button>
                        <button type="button" onClick={() => setRenaming(null)}>
                          {t('cancel')}
                        </button>
                      </form>
                    ) : (
                      <>
                        {d.name}
                        {d.number !== null && <span className="devices-number"> #{d.number}</span>}
                      </>
                    )}
                  </td>
                  <td>{t(kindKey(d.kind))}</td>
                  <td data-last-seen={d.lastSeenAt ?? ''}>{lastSeenText(t, lang, d.lastSeenAt, now)}</td>
                  <td data-status={d.revoked ? 'revoked' : 'active'}>
                    <span className={d.revoked ? 'pill pill-off' : 'pill pill-on'}>{d.revoked ? t('statusRevoked') : t('statusActive')}</span>
                  </td>
                  <td>
                    {!d.revoked && (
                      <div className="row-actions">
                        <button type="button" disabled={busy} onClick={() => setRenaming({ id: d.id, name: d.name })}>
                          {t('rename')}
                        </button>
                        <button type="button" className="danger" disabled={busy} onClick={() => setRevoking(d)}>
                          {t('revoke')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
            {status.text}
          </p>
        )}
      </section>
      <AddDevice client={client} onCode={setCode} />
      {code && (
        <PairingCode
          code={code}
          paired={paired ? paired.name : null}
          close={() => {
            setCode(null);
            void load();
          }}
        />
      )}
      {revoking && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="revoke-title" onKeyDown={(e) => e.key === 'Escape' && setRevoking(null)}>
            <p id="revoke-title">{t('revokeConfirm', { name: revoking.name })}</p>
            <div className="row-actions">
              <button type="button" className="danger" autoFocus onClick={() => revoke(revoking)} data-testid="revoke-yes">
                {t('revokeYes')}
              </button>
              <button type="button" onClick={() => setRevoking(null)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function AddDevice({ client, onCode }: { client: HallClient; onCode: (code: PairingCodeView) => void }) {
  const t = useT(deviceMessages);
  const lang = useLang((s) => s.lang);
  const counters = useManager((s) => s.queue?.counters ?? []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DeviceKind>('display');
  const [counterId, setCounterId] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('nameRule'));
    setPending(true);
    setError(null);
    try {
      const made = await client.createPairingCode({ name: name.trim(), kind });
      // A rating pad's page needs its counter too: the QR code's address carries it.
      onCode(kind === 'rating_pad' && counterId && made.qr.startsWith('http') ? { ...made, qr: `${made.qr}&counter=${encodeURIComponent(counterId)}` } : made);
      setName('');
    } catch (err) {
      if (signedOutBy(err)) return;
      setError(errorText(lang, err instanceof HallApiError ? err.code : 'NETWORK'));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card">
      <h2>{t('addTitle')}</h2>
      <form className="staff-form" onSubmit={submit} data-testid="add-device">
        <label>
          {t('nameLabel')}
          <input name="name" autoComplete="off" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('kindLabel')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            {DEVICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(kindKey(k))}
              </option>
            ))}
          </select>
        </label>
        {kind === 'rating_pad' && (
          <label>
            {t('counterLabel')}
            <select name="counter" value={counterId} onChange={(e) => setCounterId(e.target.value)}>
              <option value="">{t('counterNone')}</option>
              {counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name ?? c.number}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            {t('makeCode')}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="status">
          {error}
        </p>
      )}
    </section>
  );
}

function PairingCode({ code, paired, close }: { code: PairingCodeView; paired: string | null; close: () => void }) {
  const t = useT(deviceMessages);
  const lang = useLang((s) => s.lang);
  const time = new Date(code.expiresAt).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  const how =
    code.kind === 'kiosk'
      ? t('codeFor_kiosk', { code: code.code })
      : code.kind === 'integrator'
        ? t('codeFor_integrator')
        : t('codeFor_page', { url: code.qr });
  return (
    <div className="modal-backdrop">
      <div
        className="modal pairing-code"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pairing-title"
        data-testid="pairing-code"
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="pairing-title">{t('codeTitle', { name: code.name })}</h2>
        <QrCode text={code.qr} label={t('qrLabel')} size={280} />
        <p className="pairing-digits" data-code={code.code}>
          {grouped(code.code)}
        </p>
        <p>{t('codeExpires', { time })}</p>
        <p className="pairing-how">{how}</p>
        {paired && (
          <p className="ok" role="status" data-testid="pairing-done">
            {t('codePaired', { name: paired })}
          </p>
        )}
        <div className="row-actions">
          <button type="button" autoFocus onClick={close}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
