// 目录 (district managers): publish a new version of the certificate types every hall applies, and see which halls
// keep their own edit of which type (a hall's edit is never replaced by a new version: docs/district.md).
import { useEffect, useState } from 'react';
import { MatterCatalogueAdmin } from './matter-catalogue.tsx';
import type { DistrictKey } from './messages.ts';

type T = (key: DistrictKey, vars?: Record<string, string | number>) => string;

interface Catalogue {
  version: number;
  items: { code: string; name: string }[];
  publishedAt: string | null;
  overrides: { hallId: string; hallCode: string; hallName: string; codes: string[] }[];
}

const PATH = '/api/v1/district/catalogue/certificate-types';

/** The catalogues the district publishes: certificate types and the matters (办事指南). */
export function CatalogueAdmin({ t, token }: { t: T; token: string }) {
  const [kind, setKind] = useState<'types' | 'matters'>('types');
  return (
    <>
      <div className="catalogue-kinds" role="group" aria-label={t('tabCatalogue')}>
        {(['types', 'matters'] as const).map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} className={kind === k ? 'active' : undefined} onClick={() => setKind(k)}>
            {t(k === 'types' ? 'catalogueTypes' : 'catalogueMatters')}
          </button>
        ))}
      </div>
      {kind === 'types' ? <CertificateTypeCatalogue t={t} token={token} /> : <MatterCatalogueAdmin t={t} token={token} />}
    </>
  );
}

function CertificateTypeCatalogue({ t, token }: { t: T; token: string }) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    void fetch(PATH, { headers: { authorization: `Bearer ${token}` } })
      .then((r) => (r.ok ? (r.json() as Promise<Catalogue>) : Promise.reject(new Error(String(r.status)))))
      .then((c) => {
        setCatalogue(c);
        setText(JSON.stringify(c.items, null, 2));
      })
      .catch(() => setMessage({ kind: 'error', text: t('loadFailed') }));
  }, [token, reload, t]);

  const publish = async () => {
    setMessage(null);
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch {
      return setMessage({ kind: 'error', text: t('catalogueNotJson') });
    }
    const res = await fetch(PATH, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    const body = (await res.json().catch(() => null)) as { version?: number; error?: { message: string } } | null;
    if (!res.ok) return setMessage({ kind: 'error', text: t('cataloguePublishFailed', { reason: body?.error?.message ?? String(res.status) }) });
    setMessage({ kind: 'ok', text: t('cataloguePublished', { version: body?.version ?? 0 }) });
    setReload((n) => n + 1);
  };

  return (
    <section className="catalogue">
      <h2>{t('catalogueTypes')}</h2>
      <p className="hint">
        {catalogue && catalogue.version > 0
          ? t('catalogueVersion', { version: catalogue.version, n: catalogue.items.length, at: new Date(catalogue.publishedAt!).toLocaleString('zh-CN') })
          : t('catalogueNone')}{' '}
        {t('catalogueRule')}
      </p>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <label className="catalogue-json">
        {t('catalogueJson')}
        <textarea name="items" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button className="primary" onClick={() => void publish()}>
        {t('cataloguePublish')}
      </button>
      {catalogue && (
        <table className="overrides">
          <caption>{t('catalogueOverrides')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('catalogueOverrideCodes')}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.overrides.length === 0 && (
              <tr>
                <td colSpan={2}>{t('catalogueNoOverrides')}</td>
              </tr>
            )}
            {catalogue.overrides.map((o) => (
              <tr key={o.hallId} data-code={o.hallCode}>
                <th scope="row">{o.hallName}</th>
                <td>{o.codes.map((c) => catalogue.items.find((i) => i.code === c)?.name ?? c).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
