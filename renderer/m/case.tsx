// The phone page of a 受理回执 (the slip's QR: ?case=<receipt number>&k=<the slip's tag>): the case as the kiosk shows a
// receipt number, masked, read again every minute while the page is in view.
import { useEffect, useMemo, useState } from 'react';
import { HallApiError } from '../../client/hall-client.ts';
import type { CaseView } from '../../core/cases.ts';
import { caseMessages } from '../shared/case-messages.ts';
import { CaseProgress } from '../shared/case-progress.tsx';
import { hallClient } from '../shared/connection.ts';
import { useT } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { messages } from './messages.ts';

const REFRESH_MS = 60_000;

export function CasePage() {
  const t = useT(caseMessages);
  const tm = useT(messages);
  const params = useMemo(() => new URLSearchParams(location.search), []);
  const client = useMemo(() => hallClient(), []);
  const [found, setFound] = useState<CaseView | null>(null);
  const [missing, setMissing] = useState(false);
  const [unsteady, setUnsteady] = useState(false);

  useEffect(() => {
    const number = (params.get('case') ?? '').replace(/\D/g, '');
    const path = `/api/v1/public/cases/${number}?k=${encodeURIComponent(params.get('k') ?? '')}`;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const load = async () => {
      try {
        setFound((await client.request<{ case: CaseView }>('GET', path)).case);
        setUnsteady(false);
      } catch (err) {
        if (err instanceof HallApiError && (err.status === 404 || err.status === 400)) {
          setMissing(true);
          return;
        }
        setUnsteady(true);
      }
      if (!stopped) timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [client, params]);

  return (
    <div className="m-page">
      <header className="m-head">
        <span>{t('phone.title')}</span>
        <LangSwitch visitor />
      </header>
      {unsteady && <div className="rate-offline">{tm('offline')}</div>}
      <main className="m-main m-case">
        {missing ? (
          <p className="m-message" data-testid="case-missing">
            {t('phone.missing')}
          </p>
        ) : (
          found && <CaseProgress c={found} />
        )}
      </main>
    </div>
  );
}
