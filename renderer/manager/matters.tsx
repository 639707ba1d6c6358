// 办事指南 for the manager: the matters with their published version and draft, a form with a live preview,
// save draft → publish, delete, and the whole guide imported or exported as JSON (an import with a bad entry stores nothing).
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import type { ServiceView } from '../../core/engine.ts';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import {
  deleteMatter,
  exportMatters,
  importMatters,
  matterCatalogue,
  publishMatter,
  putMatter,
  restoreDistrictMatter,
  type MatterCatalogueItem,
} from '../../client/matters-client.ts';
import type { Matter } from '../../core/matters.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { MatterDetail } from '../shared/matter-view.tsx';
import { BLANK_FORM, bodyOf, checkForm, formOf, MatterFormView, type FieldErrors, type MatterForm } from './matter-form.tsx';
import { matterFormMessages } from './matter-form-messages.ts';
import { mattersMessages } from './matters-messages.ts';
import { signedOutBy } from './store.ts';

type Status = { kind: 'ok' | 'error'; text: string } | null;

export function MattersAdmin({ client }: { client: HallClient }) {
  const t = useT(mattersMessages);
  const lang = useLang((s) => s.lang);
  const [items, setItems] = useState<MatterCatalogueItem[] | null>(null);
  const tf = useT(matterFormMessages);
  const [code, setCode] = useState('');
  /** The matter in the form; null when none is open. */
  const [form, setForm] = useState<MatterForm | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [services, setServices] = useState<ServiceView[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    const code = err instanceof HallApiError ? err.code : 'NETWORK';
    const text = errorText(lang, code);
    // The hall names the field or the import entry that is wrong: say which, and mark the field in the form.
    const issues = err instanceof HallApiError ? (err.details?.issues as { field: string; message: string }[] | undefined) : undefined;
    if (issues) setErrors(Object.fromEntries(issues.map((i) => [i.field.replace(/^body\.?/, ''), tf('errServer', { message: i.message })])));
    setStatus({ kind: 'error', text: err instanceof HallApiError && code === 'VALIDATION_FAILED' ? t('refused', { text, detail: err.message }) : text });
  };
  const reload = () => matterCatalogue(client).then((r) => setItems(r.items), failure);
  useEffect(() => {
    void reload();
    client.services().then(setServices, failure);
  }, [client]);

  const openItem = isNew ? undefined : items?.find((m) => m.code === code);
  // What visitors would read, as the form stands now.
  const preview = useMemo((): Matter | null => {
    if (!form) return null;
    // A number not typed yet reads as 0 in the preview rather than NaN.
    const whole = (n: number) => (Number.isFinite(n) ? n : 0);
    const body = bodyOf(form);
    return {
      ...body,
      legalDays: whole(body.legalDays),
      promisedDays: whole(body.promisedDays),
      materials: body.materials?.map((x) => ({ ...x, copies: whole(x.copies) })),
      code: code || '—',
    } as Matter;
  }, [form, code]);

  const open = (next: MatterForm, nextCode: string, fresh: boolean) => {
    setCode(nextCode);
    setForm(next);
    setIsNew(fresh);
    setErrors({});
    setStatus(null);
  };
  const edit = (item: MatterCatalogueItem) => open(formOf((item.draft ?? item.published)!), item.code, false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setStatus(null);
    setErrors({});
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
  /** The form's own checks first: a field left empty is marked where it is, and nothing is sent. */
  const checked = () => {
    const found = checkForm(form!, tf);
    if (isNew && code === '') found.code = tf('errRequired');
    const n = Object.keys(found).length;
    setErrors(found);
    setStatus(n > 0 ? { kind: 'error', text: tf('formInvalid', { n }) } : null);
    return n === 0;
  };
  const saved = () => setIsNew(false);
  const saveDraft = () => {
    if (!checked()) return;
    void run(() => putMatter(client, code, bodyOf(form!), true).then(saved), t('saved'));
  };
  const publish = () => {
    if (!checked()) return;
    void run(async () => {
      await putMatter(client, code, bodyOf(form!), true);
      saved();
      await publishMatter(client, code);
    }, t('published'));
  };
  const remove = () => {
    if (!window.confirm(t('removeConfirm', { name: form?.name || code }))) return;
    void run(() => deleteMatter(client, code), t('removed')).then(() => {
      setCode('');
      setForm(null);
    });
  };
  const restore = () => {
    if (!window.confirm(t('restoreConfirm', { name: form?.name || code }))) return;
    void run(async () => {
      const entry = await restoreDistrictMatter(client, code);
      // The form shows what is now in force: the draft if one waits, else the restored district text.
      setForm(formOf((entry.draft ?? entry.published)!));
    }, t('restored'));
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

  // Said beside the buttons while a matter is open, where the manager looks after pressing one.
  const statusLine = status && (
    <p className={status.kind === 'error' ? 'error' : 'ok'} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="matter-status">
      {status.text}
    </p>
  );
  // After a refused save, the first marked field takes the focus so a keyboard user lands on it.
  useEffect(() => {
    if (Object.keys(errors).length > 0) document.querySelector<HTMLElement>('.matters-editor [aria-invalid=true]')?.focus();
  }, [errors]);

  return (
    <div className="matters-page">
      <section className="card">
        <h2>{t('mattersTitle')}</h2>
        <p className="hint">{t('mattersHint')}</p>
        <div className="matters-tools">
          <button type="button" className="primary" data-testid="matter-new" onClick={() => open(BLANK_FORM, '', true)}>
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
        {!form && statusLine}
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
                  <td>
                    {m.name}
                    <OriginBadges item={m} t={t} />
                  </td>
                  <td>{t(`status_${m.status}`)}</td>
                  <td>{m.updatedAt.slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {form && (
        <section className="card matters-editor" aria-label={isNew ? tf('formNew') : t('editing', { code })}>
          <div className="matters-edit">
            <h3>{isNew ? tf('formNew') : t('editing', { code })}</h3>
            {isNew && (
              <div className={`mf-field${errors.code ? ' mf-invalid' : ''}`} data-field="code">
                <label htmlFor="matter-code">{t('codeLabel')}</label>
                <input
                  id="matter-code"
                  value={code}
                  maxLength={64}
                  spellCheck={false}
                  aria-invalid={errors.code ? true : undefined}
                  aria-describedby={errors.code ? 'matter-code-error' : undefined}
                  data-testid="matter-code"
                  onChange={(e) => setCode(e.target.value.trim())}
                />
                {errors.code && (
                  <p className="mf-error" id="matter-code-error" data-testid="error-code">
                    {errors.code}
                  </p>
                )}
              </div>
            )}
            {openItem?.district && (
              <div className={`matter-origin-note${openItem.district.overridden ? ' overridden' : ''}`}>
                <p data-testid="matter-origin-note">{t(openItem.district.overridden ? 'overriddenNote' : 'districtNote')}</p>
                {openItem.district.overridden && (
                  <button type="button" disabled={busy} data-testid="matter-restore-district" onClick={restore}>
                    {t('restoreDistrict')}
                  </button>
                )}
              </div>
            )}
            <MatterFormView form={form} onChange={setForm} errors={errors} services={services} />
            <div className="matters-tools matters-actions">
              <button type="button" disabled={busy} data-testid="matter-save-draft" onClick={saveDraft}>
                {t('saveDraft')}
              </button>
              <button type="button" className="primary" disabled={busy} data-testid="matter-publish" onClick={publish}>
                {t('publish')}
              </button>
              {!isNew && items?.some((m) => m.code === code) && (
                <button type="button" className="danger" disabled={busy} onClick={remove}>
                  {t('remove')}
                </button>
              )}
            </div>
            {statusLine}
          </div>
          <div className="matters-preview" data-testid="matter-preview">
            <h3>{t('preview')}</h3>
            {preview && (
              <>
                <p className="matters-preview-name" lang="zh-CN">
                  {preview.name}
                </p>
                <MatterDetail matter={preview} headingLevel={3} />
              </>
            )}
          </div>
        </section>
      )}
    </div>
  );
}

/** 区级目录 for a matter of the district catalogue, and 本厅修改 when this hall keeps its own edit of it. */
function OriginBadges({ item, t }: { item: MatterCatalogueItem; t: (key: 'originDistrict' | 'originOverridden') => string }) {
  if (!item.district) return null;
  return (
    <>
      <span className="matter-origin" data-testid={`matter-origin-${item.code}`}>
        {t('originDistrict')}
      </span>
      {item.district.overridden && (
        <span className="matter-origin overridden" data-testid={`matter-override-${item.code}`}>
          {t('originOverridden')}
        </span>
      )}
    </>
  );
}
