// 目录 → 办事指南 (district managers): the published matter catalogue every hall applies, a JSON file imported as a new
// version (a bad entry is named by its field and nothing is published), and which halls keep their own edit of which
// matter (本厅修改: never replaced by a new version, docs/district.md).
import { useEffect, useState, type ChangeEvent } from 'react';
import type { DistrictMatter } from '../../core/district-matters.ts';
import type { DistrictKey } from './messages.ts';

type T = (key: DistrictKey, vars?: Record<string, string | number>) => string;

interface MatterCatalogue {
  version: number;
  items: DistrictMatter[];
  publishedAt: string | null;
  overrides: { hallId: string; hallCode: string; hallName: string; codes: string[] }[];
}

const PATH = '/api/v1/district/catalogue/matters';

/** A file holds the items themselves, or `{items}` (what 下载当前版本 saves). */
const itemsOf = (json: unknown): unknown => (Array.isArray(json) ? json : (json as { items?: unknown } | null)?.items);

export function MatterCatalogueAdmin({ t, token }: { t: T; token: string }) {
  const [catalogue, setCatalogue] = useState<MatterCatalogue | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    void fetch(PATH, { headers: { authorization: `Bearer ${token}` } })
      .then((r) => (r.ok ? (r.json() as Promise<MatterCatalogue>) : Promise.reject(new Error(String(r.status)))))
      .then(setCatalogue)
      .catch(() => setMessage({ kind: 'error', text: t('loadFailed') }));
  }, [token, reload, t]);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setMessage(null);
    let items: unknown;
    try {
      items = itemsOf(JSON.parse(await file.text()));
    } catch {
      return setMessage({ kind: 'error', text: t('catalogueNotJson') });
    }
    if (!Array.isArray(items) || items.length === 0) return setMessage({ kind: 'error', text: t('matterFileEmpty') });
    setBusy(true);
    try {
      const res = await fetch(PATH, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      const body = (await res.json().catch(() => null)) as { version?: number; error?: { message: string; details?: { field?: string } } } | null;
      if (!res.ok) {
        const field = body?.error?.details?.field;
        const reason = body?.error?.message ?? String(res.status);
        return setMessage({ kind: 'error', text: field ? t('matterPublishFieldFailed', { field, reason }) : t('cataloguePublishFailed', { reason }) });
      }
      setMessage({ kind: 'ok', text: t('cataloguePublished', { version: body?.version ?? 0 }) });
      setReload((n) => n + 1);
    } catch {
      setMessage({ kind: 'error', text: t('actionFailed') });
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!catalogue) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify({ items: catalogue.items }, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `district-matters-v${catalogue.version}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const nameOf = (code: string) => catalogue?.items.find((i) => i.code === code)?.name ?? code;
  const overriddenBy = (code: string) => catalogue?.overrides.filter((o) => o.codes.includes(code)).map((o) => o.hallName) ?? [];

  return (
    <section className="catalogue" data-testid="matter-catalogue">
      <h2>{t('catalogueMatters')}</h2>
      <p className="hint">
        {catalogue && catalogue.version > 0
          ? t('matterCatalogueVersion', { version: catalogue.version, n: catalogue.items.length, at: new Date(catalogue.publishedAt!).toLocaleString('zh-CN') })
          : t('matterCatalogueNone')}{' '}
        {t('matterCatalogueRule')}
      </p>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="matter-catalogue-status">
          {message.text}
        </p>
      )}
      <div className="actions">
        <label className={`file-button primary${busy ? ' busy' : ''}`}>
          {t('matterImport')}
          <input type="file" accept="application/json,.json" disabled={busy} data-testid="matter-catalogue-file" onChange={(e) => void onFile(e)} />
        </label>
        {catalogue && catalogue.version > 0 && (
          <button type="button" onClick={download}>
            {t('matterDownload')}
          </button>
        )}
      </div>
      {catalogue && (
        <table className="overrides" data-testid="matter-overrides">
          <caption>{t('matterOverrides')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('matterOverrideCodes')}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.overrides.length === 0 && (
              <tr>
                <td colSpan={2}>{t('matterNoOverrides')}</td>
              </tr>
            )}
            {catalogue.overrides.map((o) => (
              <tr key={o.hallId} data-code={o.hallCode}>
                <th scope="row">{o.hallName}</th>
                <td>{o.codes.map((c) => `${nameOf(c)}（${c}）`).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {catalogue && catalogue.items.length > 0 && (
        <table className="overrides" data-testid="matter-items">
          <caption>{t('matterItems', { n: catalogue.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('matterCode')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('matterDepartment')}</th>
              <th scope="col">{t('matterServiceCode')}</th>
              <th scope="col">{t('matterEditedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.items.map((m) => (
              <tr key={m.code}>
                <td>{m.code}</td>
                <td>{m.name}</td>
                <td>{m.department}</td>
                <td>{m.serviceCode ?? '—'}</td>
                <td>{overriddenBy(m.code).join('、') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
