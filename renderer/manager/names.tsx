// Names visitors read in their language (services, categories, the hall) and whether tickets are issued with no counter open.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import type { ServiceView } from '../../core/engine.ts';
import type { LocalizedNames } from '../../core/model.ts';
import { useT } from '../shared/i18n.ts';
import { StatusLine, useAction, type ActionStatus } from './action-status.tsx';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

const TRANSLATIONS = [
  { lang: 'en', label: 'lang_en' },
  { lang: 'zh-TW', label: 'lang_zhTW' },
  { lang: 'ja', label: 'lang_ja' },
] as const satisfies readonly { lang: keyof LocalizedNames; label: ManagerKey }[];

/** Empty fields are sent as '' so the server drops that translation. */
const namesOut = (names: LocalizedNames): LocalizedNames => Object.fromEntries(TRANSLATIONS.map(({ lang }) => [lang, names[lang]?.trim() ?? '']));

/** Every save on this screen says 已保存 when it worked. */
const SAVED: ActionStatus = { kind: 'saved', key: 'savedShort' };

/** A form's save button (enabled once something changed) and what the last save said. */
function SaveActions({ pending, dirty, status }: { pending: boolean; dirty: boolean; status: ActionStatus }) {
  const t = useT(messages);
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={pending || !dirty}>
        {pending ? t('saving') : t('save')}
      </button>
      <StatusLine status={status} />
    </div>
  );
}

/** One name's translation inputs, as table cells. */
function TranslationCells({ label, names, onChange }: { label: string; names: LocalizedNames; onChange: (next: LocalizedNames) => void }) {
  const t = useT(messages);
  return (
    <>
      {TRANSLATIONS.map(({ lang, label: langLabel }) => (
        <td key={lang}>
          <input
            className="name-input"
            lang={lang}
            name={lang}
            value={names[lang] ?? ''}
            maxLength={lang === 'en' ? 120 : 60}
            aria-label={t('inputLabel', { name: label, lang: t(langLabel) })}
            onChange={(e) => onChange({ ...names, [lang]: e.target.value })}
          />
        </td>
      ))}
    </>
  );
}

function TranslationHead({ first }: { first: ManagerKey[] }) {
  const t = useT(messages);
  return (
    <thead>
      <tr>
        {first.map((k) => (
          <th key={k}>{t(k)}</th>
        ))}
        {TRANSLATIONS.map(({ lang, label }) => (
          <th key={lang}>{t(label)}</th>
        ))}
      </tr>
    </thead>
  );
}

function HallNames({ client }: { client: HallClient }) {
  const t = useT(messages);
  const settings = useManager((s) => s.settings);
  const [name, setName] = useState(settings?.hallName ?? '');
  const [names, setNames] = useState<LocalizedNames>(settings?.hallNames ?? {});
  const [dirty, setDirty] = useState(false);
  const { status, setStatus, pending, act: save } = useAction(SAVED);

  useEffect(() => {
    if (!settings || dirty) return;
    setName(settings.hallName);
    setNames(settings.hallNames ?? {});
  }, [settings, dirty]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setStatus({ kind: 'error', key: 'nameRequired' });
    const ok = await save(async () => {
      const next = await client.updateSettings({ hallName: name.trim(), hallNames: namesOut(names) });
      useManager.setState({ settings: next });
    });
    if (ok) setDirty(false);
  };

  return (
    <section className="card" aria-labelledby="hall-names-title" data-testid="hall-names">
      <h2 id="hall-names-title">{t('hallNameTitle')}</h2>
      <form onSubmit={submit}>
        <table className="grid-table names-table">
          <TranslationHead first={['lang_zhCN']} />
          <tbody>
            <tr>
              <td>
                <input
                  className="name-input"
                  lang="zh-CN"
                  name="hallName"
                  required
                  maxLength={60}
                  value={name}
                  aria-label={t('inputLabel', { name: t('hallNameTitle'), lang: t('lang_zhCN') })}
                  onChange={(e) => {
                    setName(e.target.value);
                    setDirty(true);
                  }}
                />
              </td>
              <TranslationCells
                label={t('hallNameTitle')}
                names={names}
                onChange={(next) => {
                  setNames(next);
                  setDirty(true);
                }}
              />
            </tr>
          </tbody>
        </table>
        <SaveActions pending={pending} dirty={dirty} status={status} />
      </form>
    </section>
  );
}

function IssueRule({ client }: { client: HallClient }) {
  const t = useT(messages);
  const settings = useManager((s) => s.settings);
  const { status, pending, act: save } = useAction(SAVED);
  const on = settings?.issueWithoutOpenCounter ?? true;
  const toggle = () =>
    void save(async () => {
      const next = await client.updateSettings({ issueWithoutOpenCounter: !on });
      useManager.setState({ settings: next });
    });
  return (
    <section className="card" aria-labelledby="issue-rule-title">
      <h2 id="issue-rule-title">{t('ticketRulesTitle')}</h2>
      <label className="check-row">
        <input type="checkbox" name="issueWithoutOpenCounter" checked={on} disabled={pending} aria-describedby="issue-rule-hint" onChange={toggle} />
        {t('issueWithoutOpenCounter')}
      </label>
      <p className="hint" id="issue-rule-hint">
        {t('issueWithoutOpenCounterHint')}
      </p>
      <StatusLine status={status} />
    </section>
  );
}

interface ServiceDraft {
  name: string;
  names: LocalizedNames;
  active: boolean;
  dirty: boolean;
}

const draftOf = (s: ServiceView): ServiceDraft => ({ name: s.name, names: s.names ?? {}, active: s.active, dirty: false });

function ServiceRow({ client, service, onSaved }: { client: HallClient; service: ServiceView; onSaved: (s: ServiceView) => void }) {
  const t = useT(messages);
  const [draft, setDraft] = useState(() => draftOf(service));
  const { status, setStatus, pending, act: save } = useAction(SAVED);
  useEffect(() => {
    if (!draft.dirty) setDraft(draftOf(service));
    // Only a newer service from the server replaces an untouched row.
  }, [service]);
  const change = (patch: Partial<ServiceDraft>) => setDraft((d) => ({ ...d, ...patch, dirty: true }));
  const submit = async () => {
    if (!draft.name.trim()) return setStatus({ kind: 'error', key: 'nameRequired' });
    await save(async () => {
      const saved = await client.updateService(service.id, { name: draft.name.trim(), names: namesOut(draft.names), active: draft.active });
      setDraft(draftOf(saved));
      onSaved(saved);
    });
  };
  return (
    <tr data-service-id={service.id}>
      <td>
        <span className="prefix">{service.prefix}</span> <span className="muted">{service.code}</span>
      </td>
      <td>
        <input
          className="name-input"
          lang="zh-CN"
          name="name"
          required
          maxLength={60}
          value={draft.name}
          aria-label={t('inputLabel', { name: service.code, lang: t('lang_zhCN') })}
          onChange={(e) => change({ name: e.target.value })}
        />
      </td>
      <TranslationCells label={draft.name || service.code} names={draft.names} onChange={(names) => change({ names })} />
      <td className="center">
        <input
          type="checkbox"
          name="active"
          checked={draft.active}
          aria-label={t('inputLabel', { name: draft.name || service.code, lang: t('colTakingTickets') })}
          onChange={(e) => change({ active: e.target.checked })}
        />
      </td>
      <td className="row-actions">
        <button type="button" className="primary" disabled={pending || !draft.dirty} onClick={() => void submit()}>
          {pending ? t('saving') : t('save')}
        </button>
        <StatusLine status={status} />
      </td>
    </tr>
  );
}

function CategoryNames({ client, categories }: { client: HallClient; categories: string[] }) {
  const t = useT(messages);
  const stored = useManager((s) => s.settings?.categoryNames);
  const [drafts, setDrafts] = useState<Record<string, LocalizedNames>>(stored ?? {});
  const [dirty, setDirty] = useState(false);
  const { status, pending, act: save } = useAction(SAVED);
  useEffect(() => {
    if (!dirty) setDrafts(stored ?? {});
  }, [stored, dirty]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await save(async () => {
      // Categories no service uses any more are kept as they are: a service may take one back.
      const categoryNames = { ...(stored ?? {}) };
      for (const c of categories) categoryNames[c] = namesOut(drafts[c] ?? {});
      const next = await client.updateSettings({ categoryNames });
      useManager.setState({ settings: next });
    });
    if (ok) setDirty(false);
  };

  return (
    <section className="card" aria-labelledby="category-names-title" data-testid="category-names">
      <h2 id="category-names-title">{t('categoriesTitle')}</h2>
      {categories.length === 0 ? (
        <p className="empty">{t('noCategories')}</p>
      ) : (
        <form onSubmit={submit}>
          <table className="grid-table names-table">
            <TranslationHead first={['lang_zhCN']} />
            <tbody>
              {categories.map((c) => (
                <tr key={c} data-category={c}>
                  <td lang="zh-CN">{c}</td>
                  <TranslationCells
                    label={c}
                    names={drafts[c] ?? {}}
                    onChange={(next) => {
                      setDrafts((d) => ({ ...d, [c]: next }));
                      setDirty(true);
                    }}
                  />
                </tr>
              ))}
            </tbody>
          </table>
          <SaveActions pending={pending} dirty={dirty} status={status} />
        </form>
      )}
    </section>
  );
}

export function NamesSettings({ client }: { client: HallClient }) {
  const t = useT(messages);
  const settings = useManager((s) => s.settings);
  const servicesVersion = useManager((s) => s.servicesVersion);
  const [services, setServices] = useState<ServiceView[] | null>(null);
  const load = useCallback(
    () =>
      client.services().then(setServices, (err: unknown) => {
        if (!signedOutBy(err)) setServices([]);
      }),
    [client],
  );
  // Another manager's change (or a new service) shows at once; rows being edited keep their edits.
  useEffect(() => void load(), [load, servicesVersion]);
  const categories = useMemo(
    () => [...new Set((services ?? []).map((s) => s.category).filter((c): c is string => !!c))].sort((a, b) => a.localeCompare(b, 'zh-CN')),
    [services],
  );

  if (!settings || !services) return <p className="empty">{t('loading')}</p>;
  return (
    <div className="names-page">
      <p className="hint">{t('namesHint')}</p>
      <HallNames client={client} />
      <section className="card" aria-labelledby="service-names-title" data-testid="service-names">
        <h2 id="service-names-title">{t('servicesNamesTitle')}</h2>
        {services.length === 0 ? (
          <p className="empty">{t('noServices')}</p>
        ) : (
          <table className="grid-table names-table">
            <thead>
              <tr>
                <th>{t('colCode')}</th>
                <th>{t('lang_zhCN')}</th>
                {TRANSLATIONS.map(({ lang, label }) => (
                  <th key={lang}>{t(label)}</th>
                ))}
                <th className="center">{t('colTakingTickets')}</th>
                <th>{t('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <ServiceRow
                  key={s.id}
                  client={client}
                  service={s}
                  onSaved={(saved) => setServices((list) => list!.map((x) => (x.id === saved.id ? saved : x)))}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CategoryNames client={client} categories={categories} />
      <IssueRule client={client} />
    </div>
  );
}
