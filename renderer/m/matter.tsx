// A matter of the service guide on the visitor's phone (扫码带走 on the kiosk, the QR on a printed checklist): public.
import { useEffect, useMemo, useState } from 'react';
import { HallApiError } from '../../client/hall-client.ts';
import { getMatter } from '../../client/matters-client.ts';
import type { Matter } from '../../core/matters.ts';
import { hallClient } from '../shared/connection.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { MatterDetail, useMatterT } from '../shared/matter-view.tsx';
import './matter.css';

export function MatterPage({ code }: { code: string }) {
  const t = useMatterT();
  const client = useMemo(() => hallClient(), []);
  const [matter, setMatter] = useState<Matter | null>(null);
  const [failed, setFailed] = useState<'missing' | 'unreachable' | null>(null);
  useEffect(() => {
    getMatter(client, code).then(
      (m) => {
        setMatter(m);
        document.title = m.name;
      },
      (e: unknown) => setFailed(e instanceof HallApiError && e.status === 404 ? 'missing' : 'unreachable'),
    );
  }, [client, code]);
  return (
    <div className="m-page">
      <header className="m-head">
        <span>{t('guide.title')}</span>
        <LangSwitch visitor />
      </header>
      <main className="m-main m-matter">
        {failed === 'missing' && <p className="m-message">{t('matter.missing')}</p>}
        {failed === 'unreachable' && <p className="m-message">{t('guide.unreachable')}</p>}
        {matter && (
          <>
            <h1 className="m-matter-title" lang="zh-CN">
              {matter.name}
            </h1>
            <MatterDetail matter={matter} />
            {matter.onlineUrl && (
              <a className="m-matter-online" href={matter.onlineUrl} rel="noopener noreferrer">
                {t('matter.online')}
              </a>
            )}
          </>
        )}
      </main>
    </div>
  );
}
