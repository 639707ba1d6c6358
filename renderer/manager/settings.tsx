// 大厅设置: the hall's name in every language, priority and limits, announcements, the notice line, issuing without an
// open counter (PATCH /settings: only what changed is sent), and the calendar: holidays close the hall for issuing,
// 调休 workdays open it; a year can be imported from a CSV or JSON file.
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import type { CalendarEntry } from '../../core/hall-calendar.ts';
import type { HallSettings } from '../../core/model.ts';
import { useT } from '../shared/i18n.ts';
import { configMessages } from './config-messages.ts';
import { NoteLine, useSave } from './services.tsx';
import { signedOutBy, useManager } from './store.ts';

type Form = {
  hallName: string;
  en: string;
  tw: string;
  ja: string;
  elderlyAge: string;
  personDailyLimit: string;
  priority: string;
  normal: string;
  announceRepeat: string;
  noticeLine: string;
  issueWithoutOpenCounter: boolean;
};

const formOf = (s: HallSettings): Form => ({
  hallName: s.hallName,
  en: s.hallNames.en ?? '',
  tw: s.hallNames['zh-TW'] ?? '',
  ja: s.hallNames.ja ?? '',
  elderlyAge: String(s.elderlyAge),
  personDailyLimit: String(s.personDailyLimit),
  priority: String(s.priorityRatio.priority),
  normal: String(s.priorityRatio.normal),
  announceRepeat: String(s.announceRepeat),
  noticeLine: s.noticeLine,
  issueWithoutOpenCounter: s.issueWithoutOpenCounter,
});

/** Only the fields that differ from the settings in force: two managers editing different fields do not undo each other. */
export function settingsPatch(before: HallSettings, f: Form): Partial<HallSettings> {
  const after: Partial<HallSettings> = {
    hallName: f.hallName.trim(),
    hallNames: Object.fromEntries(Object.entries({ en: f.en.trim(), 'zh-TW': f.tw.trim(), ja: f.ja.trim() }).filter(([, v]) => v !== '')),
    elderlyAge: Number(f.elderlyAge),
    personDailyLimit: Number(f.personDailyLimit),
    priorityRatio: { priority: Number(f.priority), normal: Number(f.normal) },
    announceRepeat: Number(f.announceRepeat),
    noticeLine: f.noticeLine,
    issueWithoutOpenCounter: f.issueWithoutOpenCounter,
  };
  return Object.fromEntries(
    Object.entries(after).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof HallSettings])),
  ) as Partial<HallSettings>;
}

function HallSettingsForm({ client, settings }: { client: HallClient; settings: HallSettings }) {
  const t = useT(configMessages);
  const [f, setF] = useState<Form>(() => formOf(settings));
  const { note, pending, save } = useSave();
  // Settings changed elsewhere (another manager, the calendar) show at once unless this form holds unsaved edits.
  const base = useRef(settings);
  useEffect(() => {
    if (JSON.stringify(f) === JSON.stringify(formOf(base.current))) setF(formOf(settings));
    base.current = settings;
  }, [settings]);
  const set = (k: keyof Form) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch = settingsPatch(settings, f);
    void save(async () => {
      const next = await client.patchSettings(patch);
      useManager.setState({ settings: next });
    }, t('settingsSaved'));
  };
  return (
    <section className="card" aria-labelledby="settings-title" data-testid="hall-settings">
      <h2 id="settings-title">{t('settingsTitle')}</h2>
      <form onSubmit={submit}>
        <div className="field-grid">
          <label>
            {t('hallName')}
            <input value={f.hallName} required maxLength={60} onChange={set('hallName')} data-field="hall-name" />
          </label>
          <label>
            {t('hallNameEn')}
            <input value={f.en} maxLength={120} lang="en" onChange={set('en')} data-field="hall-name-en" />
          </label>
          <label>
            {t('hallNameTw')}
            <input value={f.tw} maxLength={60} lang="zh-TW" onChange={set('tw')} />
          </label>
          <label>
            {t('hallNameJa')}
            <input value={f.ja} maxLength={60} lang="ja" onChange={set('ja')} />
          </label>
          <label>
            {t('elderlyAge')}
            <input type="number" min={50} max={120} required value={f.elderlyAge} onChange={set('elderlyAge')} data-field="elderly-age" />
          </label>
          <label>
            {t('personLimit')}
            <input type="number" min={1} max={50} required value={f.personDailyLimit} onChange={set('personDailyLimit')} data-field="person-limit" />
          </label>
          <label title={t('ratioHint')}>
            {t('ratioPriority')}
            <input type="number" min={1} max={20} required value={f.priority} onChange={set('priority')} data-field="ratio-priority" />
          </label>
          <label title={t('ratioHint')}>
            {t('ratioNormal')}
            <input type="number" min={1} max={20} required value={f.normal} onChange={set('normal')} data-field="ratio-normal" />
          </label>
          <label>
            {t('announceRepeat')}
            <input type="number" min={1} max={5} required value={f.announceRepeat} onChange={set('announceRepeat')} data-field="announce-repeat" />
          </label>
        </div>
        <label className="block">
          {t('noticeLine')}
          <textarea rows={2} maxLength={300} value={f.noticeLine} onChange={set('noticeLine')} data-field="notice-line" />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={f.issueWithoutOpenCounter}
            onChange={(e) => setF({ ...f, issueWithoutOpenCounter: e.target.checked })}
            data-field="issue-without-counter"
          />
          {t('issueWithoutCounter')}
        </label>
        <p className="hint">{t('ratioHint')}</p>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending}>
            {t('save')}
          </button>
        </div>
        <NoteLine note={note} />
      </form>
    </section>
  );
}

function CalendarPanel({ client, version }: { client: HallClient; version: unknown }) {
  const t = useT(configMessages);
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [items, setItems] = useState<CalendarEntry[] | null>(null);
  const [day, setDay] = useState({ date: '', kind: 'holiday' as CalendarEntry['kind'], name: '' });
  const { note, setNote, pending, save } = useSave();
  const load = useCallback(
    () =>
      client.calendar(year).then(
        (c) => setItems(c.items),
        (err: unknown) => void signedOutBy(err),
      ),
    [client, year],
  );
  useEffect(() => void load(), [load, version]);

  // A single day added or removed is the year stored again: one command, one settings.changed.
  const store = (next: CalendarEntry[], done: string) =>
    save(async () => setItems((await client.importCalendar(year, { format: 'json', content: JSON.stringify(next) })).items), done);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const content = await file.text();
    const format = /\.json$/i.test(file.name) || /^\s*[[{]/.test(content) ? 'json' : 'csv';
    setNote(null);
    try {
      const stored = await client.importCalendar(year, { format, content });
      setItems(stored.items);
      setNote({ ok: true, text: t('calendarImported', { year, n: stored.items.length }) });
    } catch (err) {
      if (signedOutBy(err)) return;
      const message = err instanceof HallApiError ? err.message.replace(/^\d+ [A-Z_]+: /, '') : String(err);
      setNote({ ok: false, text: t('calendarBadFile', { message }) });
    }
  };

  return (
    <section className="card calendar" aria-labelledby="calendar-title" data-testid="calendar">
      <div className="card-head">
        <h2 id="calendar-title">{t('calendarTitle')}</h2>
        <label className="inline">
          {t('calendarYear')}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-field="calendar-year">
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{t('calendarHint')}</p>
      {items === null ? (
        <p className="empty">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('calendarEmpty', { year })}</p>
      ) : (
        <div className="calendar-list">
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('colDate')}</th>
                <th>{t('colKind')}</th>
                <th>{t('colName')}</th>
                <th>{t('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.date} data-date={e.date} data-kind={e.kind}>
                  <td>{e.date}</td>
                  <td>{t(`kind_${e.kind}`)}</td>
                  <td>{e.name || '—'}</td>
                  <td>
                    <button
                      type="button"
                      disabled={pending}
                      aria-label={t('calendarRemove', { date: e.date })}
                      onClick={() =>
                        void store(
                          items.filter((x) => x.date !== e.date),
                          t('saved'),
                        )
                      }
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="calendar-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!items || !day.date) return;
          void store([...items.filter((x) => x.date !== day.date), { ...day, name: day.name.trim() }], t('saved')).then(
            (ok) => ok && setDay({ ...day, date: '', name: '' }),
          );
        }}
      >
        <fieldset>
          <legend>{t('calendarAddDay')}</legend>
          <label>
            {t('colDate')}
            <input
              type="date"
              required
              min={`${year}-01-01`}
              max={`${year}-12-31`}
              value={day.date}
              onChange={(e) => setDay({ ...day, date: e.target.value })}
              data-field="calendar-date"
            />
          </label>
          <label>
            {t('colKind')}
            <select value={day.kind} onChange={(e) => setDay({ ...day, kind: e.target.value as CalendarEntry['kind'] })} data-field="calendar-kind">
              <option value="holiday">{t('kind_holiday')}</option>
              <option value="workday">{t('kind_workday')}</option>
            </select>
          </label>
          <label>
            {t('colName')}
            <input value={day.name} maxLength={40} onChange={(e) => setDay({ ...day, name: e.target.value })} data-field="calendar-name" />
          </label>
          <button type="submit" className="primary" disabled={pending}>
            {t('calendarAdd')}
          </button>
        </fieldset>
      </form>
      <div className="calendar-import">
        <label>
          {t('calendarImport')} · {t('calendarFile')}
          <input type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => void upload(e)} data-field="calendar-file" />
        </label>
        <p className="hint">{t('calendarFormat')}</p>
      </div>
      <NoteLine note={note} />
    </section>
  );
}

export function HallSettingsAdmin({ client }: { client: HallClient }) {
  const t = useT(configMessages);
  const settings = useManager((s) => s.settings);
  if (!settings) return <p className="empty">{t('loading')}</p>;
  return (
    <div className="settings-page">
      <HallSettingsForm client={client} settings={settings} />
      <CalendarPanel client={client} version={settings} />
    </div>
  );
}
