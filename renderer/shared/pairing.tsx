// A display board or rating pad gets its own token by redeeming a manager's one-time pairing code: from the QR code's
// address (?pair=CODE) or typed on the pairing screen. The token is kept in localStorage like one given by ?token=.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import type { DeviceKind } from '../../core/model.ts';
import { deviceToken, hallClient, type LinkStatus } from './connection.ts';
import { useT } from './i18n.ts';
import { LangSwitch } from './lang-switch.tsx';
import { pairingMessages, type PairingKey } from './pairing-messages.ts';
import './pairing.css';

export interface PairingProblem {
  key: PairingKey;
  seconds?: number;
}

const PROBLEMS: Record<string, PairingKey> = {
  PAIRING_CODE_USED: 'used',
  PAIRING_CODE_EXPIRED: 'expired',
  PAIRING_CODE_UNKNOWN: 'unknown',
  PAIRING_CODE_KIND: 'wrongKind',
  VALIDATION_FAILED: 'digits',
  TOO_MANY_ATTEMPTS: 'wait',
};

function problemOf(error: unknown): PairingProblem {
  if (!(error instanceof HallApiError)) return { key: 'offline' };
  return { key: PROBLEMS[error.code] ?? 'offline', seconds: Number(error.details?.retryAfterSeconds) || 1 };
}

/** The page's token: a pairing code in the address is redeemed first (and dropped from it), else ?token= or the kept one. */
export function usePairedToken(storageKey: string, kind: DeviceKind) {
  const [given] = useState(() => new URL(location.href).searchParams.get('pair'));
  const [token, setToken] = useState(() => (given ? undefined : deviceToken(storageKey)));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<PairingProblem | null>(null);

  const pair = useCallback(
    async (code: string) => {
      setBusy(true);
      setProblem(null);
      try {
        const paired = await hallClient().pairDevice(code, kind);
        try {
          localStorage.setItem(storageKey, paired.token);
        } catch {
          // Private mode: paired for as long as the page stays open.
        }
        setToken(paired.token);
      } catch (error) {
        setProblem(problemOf(error));
      } finally {
        setBusy(false);
      }
    },
    [storageKey, kind],
  );

  useEffect(() => {
    if (!given) return;
    const url = new URL(location.href);
    url.searchParams.delete('pair');
    history.replaceState(null, '', url.toString());
    void pair(given).then(() => setToken((t) => t ?? deviceToken(storageKey)));
  }, [given, pair, storageKey]);

  /** The token was revoked: drop it and show the pairing screen. */
  const forget = useCallback(() => {
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // Private mode: nothing was kept.
    }
    setToken(undefined);
  }, [storageKey]);

  return { token, busy, problem, pair, forget };
}

/** When the link drops, asks whether the token still counts; a revoked one (401) goes, and the pairing screen shows. */
export function useForgetRevoked(client: HallClient | null, link: LinkStatus, forget: () => void): void {
  useEffect(() => {
    if (!client || link !== 'offline') return;
    client.me().catch((error: unknown) => {
      if (error instanceof HallApiError && error.status === 401) forget();
    });
  }, [client, link, forget]);
}

export function PairingScreen({
  busy,
  problem,
  onPair,
  className,
}: {
  busy: boolean;
  problem: PairingProblem | null;
  onPair: (code: string) => void;
  className?: string;
}) {
  const t = useT(pairingMessages);
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPair(code);
  };
  return (
    <main className={`pairing ${className ?? ''}`}>
      <form className="pairing-card" onSubmit={submit}>
        <div className="pairing-head">
          <h1>{t('title')}</h1>
          <LangSwitch visitor />
        </div>
        <p>{t('hint')}</p>
        <label>
          {t('code')}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={12}
            placeholder="1234 5678"
            data-testid="pairing-code"
          />
        </label>
        {problem && (
          <p className="pairing-problem" role="alert">
            {t(problem.key, { n: problem.seconds ?? 1 })}
          </p>
        )}
        <button type="submit" disabled={busy || code.replace(/[\s-]/g, '').length !== 8}>
          {busy ? t('pairing') : t('pair')}
        </button>
      </form>
    </main>
  );
}
