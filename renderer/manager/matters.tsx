// 办事指南 for the manager: the matters with their published version and draft, a JSON editor with a live preview,
// save draft → publish, delete, and the whole guide imported or exported as JSON (an import with a bad entry stores nothing).
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import {
  deleteMatter,
  exportMatters,
  importMatters,
  matterCatalogue,
  publishMatter,
  putMatter,
  type MatterCatalogueItem,
} from '../../client/matters-client.ts';
import type { Matter } from '../../core/matters.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { MatterDetail } from '../shared/matter-view.tsx';
import { mattersMessages } from './matters-messages.ts';
import { signedOutBy } from './store.ts';

type Status = { kind: 'ok' | 'error'; text: string } | null;

const TEMPLATE = {
  name: '新事项',
  department: '',
  category: '',
  lifeEvents: [],
  serviceId: null,
  conditions: [],
  materials: [{ name: '居民身份证', original: true, copies: 1, note: '', eLicence: true }],
  fees: '不收费',
  legalDays: 20,
  promisedDays: 5,
  location: '',
  window: '',
  hours: '工作日 9:00–17:00',
  onlineUrl: '',
  faq: [],
  commitment: false,
  prefile: { enabled: false, fields: [] },
};

/** The editable text of a matter: everything but its code, which is the path. */
const editable = (m: Matter) => {
  const { code: _code, ...rest } = m;
  return JSON.stringify(rest, null, 2);
};

export function MattersAdmin({ client }: { client: HallClient }) {
  const t = useT(mattersMessages);
  const lang = useLang((s) => s.lang);
  const [items, setItems] = useState<MatterCatalogueItem[] | null>(null);
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    const code = err instanceof HallApiError ? err.code : 'NETWORK';
    const text = errorText(lang, code);
    // The hall names the field or the import entry that is wrong: say which.
    setStatus({ kind: 'error', text: err instanceof HallApiError && code === 'VALIDATION_FAILED' ? t('refused', { text, detail: err.message }) : text });
  };
  const reload = () => matterCatalogue(client).then((r) => setItems(r.items), failure);
  useEffect(() => {
    void reload();
  }, [client]);

  const parsed = useMemo((): { matter: Matter | null; error: string | null } => {
    if (!text) return { matter: null, error: null };
    try {
      const body = JSON.parse(text) as Partial<Matter>;
      // The preview shows what visitors would read; fields left out take the hall's defaults when saved.
      return { matter: { ...(TEMPLATE as unknown as Matter), ...body, code: code || '—' }, error: null };
    } catch (e) {
      return { matter: null, error: t('jsonBad', { message: (e as Error).message }) };
    }
  }, [text, code, t]);

  const edit = (item: MatterCatalogueItem) => {
    setCode(item.code);
    setText(editable((item.draft ?? item.published)!));
    setStatus(null);
  };
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setStatus(null);
    try {
      await work();
      setStatus({ kind: 'ok', text: done });
      await reload();
    } catch (err) {
      failure(err);
    } finally {
      setBusy(false);
    }
  };
  const body = () => JSON.parse(text) as Parameters<typeof putMatter>[2];
  const saveDraft = () => run(() => putMatter(client, code, body(), true), t('saved'));
  const publish = () =>
    run(async () => {
      await putMatter(client, code, body(), true);
      await publishMatter(client, code);
    }, t('published'));
  const remove = () => {
    if (!window.confirm(t('removeConfirm', { name: parsed.matter?.name ?? code }))) return;
    void run(() => deleteMatter(client, code), t('removed')).then(() => {
      setCode('');
      setText('');
    });
  };
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    let entries: unknown[];
    try {
      const json = JSON.parse(await file.text()) as { matters?: unknown[] } | unknown[];
      entries = Array.isArray(json) ? json : (json.matters ?? []);
    } catch (err) {
      setStatus({ kind: 'error', text: t('jsonBad', { message: (err as Error).message }) });
      return;
    }
    let answer = { imported: 0, published: 0, drafts: 0 };
    await run(async () => {
      answer = await importMatters(client, entries);
    }, '');
    setStatus((s) => (s?.kind === 'ok' ? { kind: 'ok', text: t('imported', { n: answer.imported, p: answer.published, d: answer.drafts }) } : s));
  };
  const onExport = () =>
    exportMatters(client).then((data) => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `matters-${data.exportedAt.slice(0, 10)}.json`;
      a.click();
      URL.revokeObjectURL(url);
    }, failure);

  return (
    <div className="matters-page">
      <section className="card">
        <h2>{t('mattersTitle')}</h2>
        <p className="hint">{t('mattersHint')}</p>
        <div className="matters-tools">
          <button
            type="button"
            className="primary"
            data-testid="matter-new"
            onClick={() => {
              setCode('');
              setText(JSON.stringify(TEMPLATE, null, 2));
              setStatus(null);
            }}
          >
            {t('mattersNew')}
          </button>
          <label className="matters-import">
            {t('mattersImport')}
            <input type="file" accept="application/json,.json" data-testid="matter-import" onChange={(e) => void onImport(e)} />
          </label>
          <button type="button" data-testid="matter-export" onClick={() => void onExport()}>
            {t('mattersExport')}
          </button>
        </div>
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="matter-status">
            {status.text}
          </p>
        )}
        {items && items.length === 0 && <p className="empty">{t('mattersEmpty')}</p>}
        {items && items.length > 0 && (
          <table className="grid-table" data-testid="matter-table">
            <thead>
              <tr>
                <th>{t('colCode')}</th>
                <th>{t('colName')}</th>
                <th>{t('colStatus')}</th>
                <th>{t('colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.code} aria-current={m.code === code || undefined}>
                  <td>
                    <button type="button" className="matter-code" data-testid={`matter-edit-${m.code}`} onClick={() => edit(m)}>
                      {m.code}
                    </button>
                  </td>
                  <td>{m.name}</td>
                  <td>{t(`status_${m.status}`)}</td>
                  <td>{m.updatedAt.slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {text && (
        <section className="card matters-editor">
          <div className="matters-edit">
            <label>
              {t('codeLabel')}
              <input value={code} data-testid="matter-code" onChange={(e) => setCode(e.target.value.trim())} />
            </label>
            <label>
              {t('jsonLabel')}
              <textarea value={text} rows={28} spellCheck={false} data-testid="matter-json" onChange={(e) => setText(e.target.value)} />
            </label>
            {parsed.error && (
              <p className="error" role="alert">
                {parsed.error}
              </p>
            )}
            <div className="matters-tools">
              <button type="button" disabled={busy || !code || !parsed.matter} data-testid="matter-save-draft" onClick={() => void saveDraft()}>
                {t('saveDraft')}
              </button>
              <button type="button" className="primary" disabled={busy || !code || !parsed.matter} data-testid="matter-publish" onClick={() => void publish()}>
                {t('publish')}
              </button>
              {items?.some((m) => m.code === code) && (
                <button type="button" className="danger" disabled={busy} onClick={remove}>
                  {t('remove')}
                </button>
              )}
            </div>
          </div>
          <div className="matters-preview" data-testid="matter-preview">
            <h3>{t('preview')}</h3>
            {parsed.matter && (
              <>
                <p className="matters-preview-name" lang="zh-CN">
                  {parsed.matter.name}
                </p>
                <MatterDetail matter={parsed.matter} headingLevel={3} />
              </>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
