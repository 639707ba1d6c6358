// A manager form's request in flight and what it last said, kept as a key or error code so it reads in the language chosen after it appeared.
import { useState } from 'react';
import { HallApiError } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy } from './store.ts';

export type ActionStatus = { kind: 'ok' | 'saved' | 'error'; key: ManagerKey; vars?: Record<string, string> } | { kind: 'error'; code: string } | null;

/** `act(work, done)`: runs the request, then shows `done` (else `usual`), or the error's text (a sign-out needs none: the page leaves). */
export function useAction(usual: ActionStatus = null) {
  const [status, setStatus] = useState<ActionStatus>(null);
  const [pending, setPending] = useState(false);
  const act = async (work: () => Promise<unknown>, done?: ActionStatus): Promise<boolean> => {
    setPending(true);
    setStatus(null);
    try {
      await work();
      setStatus(done ?? usual);
      return true;
    } catch (err) {
      if (!signedOutBy(err)) setStatus({ kind: 'error', code: err instanceof HallApiError ? err.code : 'NETWORK' });
      return false;
    } finally {
      setPending(false);
    }
  };
  return { status, setStatus, pending, act };
}

export function StatusLine({ status }: { status: ActionStatus }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  if (!status) return null;
  return (
    <p className={status.kind === 'error' ? 'error' : 'ok'} role="status" data-status={status.kind}>
      {'code' in status ? errorText(lang, status.code) : t(status.key, status.vars)}
    </p>
  );
}
