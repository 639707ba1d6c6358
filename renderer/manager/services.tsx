// 事项设置: create and edit services — names in every language, category, kiosk order, daily cap, ticket hours per
// weekday with breaks and appointment-only periods, the last-ticket cut-off, service time, target wait, prefix, retire.
// Every save is a service.created / service.updated event: kiosks, counters and boards follow without a reload.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import type { ServiceView } from '../../core/engine.ts';
import type { OpeningPeriod } from '../../core/time.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { configMessages, type ConfigKey } from './config-messages.ts';
import { signedOutBy, useManager } from './store.ts';

export type Note = { ok: boolean; text: string } | null;

/** A request in flight and what it said: the hall's error text, and for a refused field the server's own words naming it. */
export function useSave() {
  const lang = useLang((s) => s.lang);
  const [note, setNote] = useState<Note>(null);
  const [pending, setPending] = useState(false);
  const save = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setPending(true);
    setNote(null);
    try {
      await work();
      setNote({ ok: true, text: done });
      return true;
    } catch (err) {
      if (signedOutBy(err)) return false;
      const code = err instanceof HallApiError ? err.code : 'NETWORK';
      const detail = err instanceof HallApiError && code === 'VALIDATION_FAILED' ? ` (${err.message.replace(/^\d+ [A-Z_]+: /, '')})` : '';
      setNote({ ok: false, text: `${errorText(lang, code)}${detail}` });
      return false;
    } finally {
      setPending(false);
    }
  };
  return { note, setNote, pending, save };
}

export function NoteLine({ note }: { note: Note }) {
  if (!note) return null;
  return (
    <p className={note.ok ? 'ok' : 'error'} role="status" data-status={note.ok ? 'ok' : 'error'}>
      {note.text}
    </p>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
interface Period {
  from: string;
  to: string;
  appointmentsOnly: boolean;
}
type Week = Record<number, Period[]>;

/** The API's periods (each with its weekdays) as one list per weekday, which is how a manager thinks of them. */
export function weekOf(hours: readonly OpeningPeriod[] | null): Week {
  const week: Week = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Period[]]));
  for (const p of hours ?? []) {
    for (const d of p.weekdays ?? WEEKDAYS) week[d]!.push({ from: p.from, to: p.to, appointmentsOnly: p.appointmentsOnly === true });
  }
  for (const d of WEEKDAYS) week[d]!.sort((a, b) => a.from.localeCompare(b.from));
  return week;
}

/** Back to the API's periods: the same time on several weekdays is one period with those weekdays. */
export function hoursOf(week: Week): OpeningPeriod[] {
  const byTime = new Map<string, OpeningPeriod>();
  for (const d of WEEKDAYS) {
    for (const p of week[d]!) {
      const key = `${p.from}|${p.to}|${p.appointmentsOnly}`;
      const known = byTime.get(key);
      if (known) known.weekdays!.push(d);
      else byTime.set(key, { weekdays: [d], from: p.from, to: p.to, ...(p.appointmentsOnly ? { appointmentsOnly: true } : {}) });
    }
  }
  return [...byTime.values()].sort((a, b) => a.weekdays![0]! - b.weekdays![0]! || a.from.localeCompare(b.from));
}

/** The first weekday whose periods run backwards or overlap, or null. */
export function badWeekday(week: Week): number | null {
  for (const d of WEEKDAYS) {
    const list = week[d]!;
    if (list.some((p, i) => !p.from || !p.to || p.from >= p.to || (i > 0 && p.from < list[i - 1]!.to))) return d;
  }
  return null;
}

function hoursSummary(t: (k: ConfigKey) => string, hours: readonly OpeningPeriod[] | null): string {
  if (!hours || hours.length === 0) return t('allDay');
  const monday = weekOf(hours)[1]!;
  return monday.length ? monday.map((p) => `${p.from}–${p.to}`).join('、') : t('closedDay');
}

function HoursEditor({ week, setWeek, t }: { week: Week; setWeek: (w: Week) => void; t: (k: ConfigKey, v?: Record<string, string | number>) => string }) {
  const change = (d: number, list: Period[]) => setWeek({ ...week, [d]: list });
  return (
    <table className="hours-table">
      <tbody>
        {WEEKDAYS.map((d) => {
          const day = t(`weekday${d}` as ConfigKey);
          const list = week[d]!;
          return (
            <tr key={d} data-weekday={d}>
              <th scope="row">{day}</th>
              <td>
                {list.length === 0 && <span className="muted">{t('closedDay')}</span>}
                {list.map((p, i) => (
                  <span className="period" key={i}>
                    <input
                      type="time"
                      value={p.from}
                      aria-label={t('periodFrom', { day, n: i + 1 })}
                      onChange={(e) =>
                        change(
                          d,
                          list.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)),
                        )
                      }
                    />
                    –
                    <input
                      type="time"
                      value={p.to}
                      aria-label={t('periodTo', { day, n: i + 1 })}
                      onChange={(e) =>
                        change(
                          d,
                          list.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)),
                        )
                      }
                    />
                    <label className="inline">
                      <input
                        type="checkbox"
                        checked={p.appointmentsOnly}
                        onChange={(e) =>
                          change(
                            d,
                            list.map((x, j) => (j === i ? { ...x, appointmentsOnly: e.target.checked } : x)),
                          )
                        }
                      />
                      {t('appointmentsOnly')}
                    </label>
                    <button
                      type="button"
                      className="icon"
                      aria-label={t('removePeriod', { from: p.from, to: p.to })}
                      onClick={() =>
                        change(
                          d,
                          list.filter((_, j) => j !== i),
                        )
                      }
                    >
                      ×
                    </button>
                  </span>
                ))}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  onClick={() => {
                    const last = list[list.length - 1];
                    change(d, [
                      ...list,
                      last
                        ? { from: last.to < '13:30' ? '13:30' : last.to, to: '17:00', appointmentsOnly: false }
                        : { from: '09:00', to: '12:00', appointmentsOnly: false },
                    ]);
                  }}
                >
                  {t('addPeriod')}
                </button>
                {d === 1 && (
                  <button type="button" onClick={() => setWeek({ ...week, 2: week[1]!, 3: week[1]!, 4: week[1]!, 5: week[1]! })}>
                    {t('copyMonday')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text));
const text = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

function ServiceEditor({
  client,
  service,
  nextOrder,
  onDone,
}: {
  client: HallClient;
  service: ServiceView | null;
  nextOrder: number;
  onDone: (s: ServiceView | null) => void;
}) {
  const t = useT(configMessages);
  const [f, setF] = useState(() => ({
    code: service?.code ?? '',
    name: service?.name ?? '',
    en: service?.names.en ?? '',
    tw: service?.names['zh-TW'] ?? '',
    ja: service?.names.ja ?? '',
    category: service?.category ?? '',
    prefix: service?.pendingPrefix?.prefix ?? service?.prefix ?? '',
    kioskOrder: String(service?.kioskOrder ?? nextOrder),
    dailyCap: text(service?.dailyCap),
    serviceMinutes: String(Math.round((service?.defaultServiceSeconds ?? 300) / 60)),
    targetWait: text(service?.targetWaitMinutes),
    cutoff: text(service?.cutoffMinutes),
    active: service?.active ?? true,
  }));
  const [allDay, setAllDay] = useState(!service?.openingHours?.length && service !== null);
  const [week, setWeek] = useState<Week>(() =>
    weekOf(
      service?.openingHours?.length
        ? service.openingHours
        : service
          ? null
          : [
              { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
              { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
            ],
    ),
  );
  const { note, setNote, pending, save } = useSave();
  const card = useRef<HTMLElement>(null);
  // Opened from a row of a long list: bring it into view and put the cursor in its first field.
  useEffect(() => {
    card.current?.scrollIntoView({ block: 'start' });
    card.current?.querySelector<HTMLInputElement>('input')?.focus({ preventScroll: true });
  }, []);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = allDay ? null : badWeekday(week);
    if (bad !== null) return setNote({ ok: false, text: t('periodOrder', { day: t(`weekday${bad}` as ConfigKey) }) });
    const names = { en: f.en.trim(), 'zh-TW': f.tw.trim(), ja: f.ja.trim() };
    const common = {
      name: f.name.trim(),
      names,
      category: f.category.trim() || null,
      kioskOrder: Number(f.kioskOrder || 0),
      dailyCap: numberOrNull(f.dailyCap),
      defaultServiceSeconds: Math.round(Number(f.serviceMinutes || 5) * 60),
      targetWaitMinutes: numberOrNull(f.targetWait),
      cutoffMinutes: numberOrNull(f.cutoff),
      openingHours: allDay ? null : hoursOf(week),
    };
    if (service) {
      const prefixChanged = f.prefix !== (service.pendingPrefix?.prefix ?? service.prefix);
      await save(
        async () => onDone(await client.updateService(service.id, { ...common, active: f.active, ...(prefixChanged ? { prefix: f.prefix.trim() } : {}) })),
        t('saved'),
      );
    } else {
      await save(
        async () => onDone(await client.createService({ ...common, code: f.code.trim(), prefix: f.prefix.trim() })),
        t('created', { name: f.name.trim() }),
      );
    }
  };

  const title = service ? t('serviceEdit', { name: service.name }) : t('serviceNew');
  return (
    <section ref={card} className="card service-editor" aria-labelledby="service-editor-title" data-testid="service-editor">
      <h2 id="service-editor-title">{title}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field-grid">
          {!service && (
            <label>
              {t('code')}
              <input value={f.code} required maxLength={32} pattern="[A-Za-z0-9_\-]{1,32}" title={t('codeHint')} onChange={set('code')} data-field="code" />
            </label>
          )}
          <label>
            {t('name')}
            <input value={f.name} required maxLength={60} onChange={set('name')} data-field="name" />
          </label>
          <label>
            {t('nameEn')}
            <input value={f.en} maxLength={120} lang="en" onChange={set('en')} data-field="name-en" />
          </label>
          <label>
            {t('nameTw')}
            <input value={f.tw} maxLength={60} lang="zh-TW" onChange={set('tw')} data-field="name-tw" />
          </label>
          <label>
            {t('nameJa')}
            <input value={f.ja} maxLength={60} lang="ja" onChange={set('ja')} data-field="name-ja" />
          </label>
          <label>
            {t('category')}
            <input value={f.category} maxLength={40} onChange={set('category')} data-field="category" />
          </label>
          <label>
            {t('prefix')}
            <input
              value={f.prefix}
              required
              maxLength={2}
              pattern="[A-Z]{1,2}"
              title={t('prefixHint')}
              onChange={(e) => setF({ ...f, prefix: e.target.value.toUpperCase() })}
              data-field="prefix"
            />
          </label>
          <label>
            {t('kioskOrder')}
            <input type="number" min={0} max={9999} value={f.kioskOrder} onChange={set('kioskOrder')} data-field="kiosk-order" />
          </label>
          <label>
            {t('dailyCap')}
            <input type="number" min={1} max={100000} value={f.dailyCap} placeholder={t('noLimit')} onChange={set('dailyCap')} data-field="daily-cap" />
          </label>
          <label>
            {t('serviceMinutes')}
            <input type="number" min={1} max={240} value={f.serviceMinutes} onChange={set('serviceMinutes')} data-field="service-minutes" />
          </label>
          <label>
            {t('targetWait')}
            <input type="number" min={1} max={600} value={f.targetWait} placeholder={t('noLimit')} onChange={set('targetWait')} data-field="target-wait" />
          </label>
          <label>
            {t('cutoff')}
            <input type="number" min={1} max={240} value={f.cutoff} title={t('cutoffHint')} onChange={set('cutoff')} data-field="cutoff" />
          </label>
        </div>
        {service?.pendingPrefix && (
          <p className="hint" data-testid="prefix-pending">
            {t('prefixPending', { day: service.pendingPrefix.from, prefix: service.pendingPrefix.prefix, current: service.prefix })}
          </p>
        )}
        <fieldset className="hours">
          <legend>{t('hoursTitle')}</legend>
          <label className="inline">
            <input type="checkbox" checked={allDay} onChange={(e) => setAllDay(e.target.checked)} data-field="all-day" />
            {t('allDay')}
          </label>
          {!allDay && <HoursEditor week={week} setWeek={setWeek} t={t} />}
          <p className="hint">{t('hoursHint')}</p>
        </fieldset>
        {service && (
          <label className="inline">
            <input type="checkbox" checked={f.active} onChange={(e) => setF({ ...f, active: e.target.checked })} data-field="active" />
            {t('active')}
          </label>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending}>
            {service ? t('save') : t('create')}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {t('cancel')}
          </button>
        </div>
        <NoteLine note={note} />
      </form>
    </section>
  );
}

export function ServicesAdmin({ client }: { client: HallClient }) {
  const t = useT(configMessages);
  const version = useManager((s) => s.servicesVersion);
  const [services, setServices] = useState<ServiceView[] | null>(null);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [done, setDone] = useState<Note>(null);
  const load = useCallback(() => client.services().then(setServices, (err: unknown) => void signedOutBy(err)), [client]);
  useEffect(() => void load(), [load, version]);
  if (!services) return <p className="empty">{t('loading')}</p>;
  const current = editing && editing !== 'new' ? (services.find((s) => s.id === editing) ?? null) : null;
  const nextOrder = services.reduce((m, s) => Math.max(m, s.kioskOrder), 0) + 10;
  return (
    <div className="services-page">
      <section className="card" aria-labelledby="services-title" data-testid="services-admin">
        <div className="card-head">
          <h2 id="services-title">{t('servicesTitle')}</h2>
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="new-service">
            {t('serviceNew')}
          </button>
        </div>
        {services.length === 0 ? (
          <p className="empty">{t('noServices')}</p>
        ) : (
          <table className="grid-table services-table">
            <thead>
              <tr>
                <th className="num">{t('colOrder')}</th>
                <th>{t('colPrefix')}</th>
                <th>{t('colName')}</th>
                <th>{t('colCategory')}</th>
                <th className="num">{t('colCap')}</th>
                <th>{t('colHours')}</th>
                <th>{t('colState')}</th>
                <th>{t('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id} data-service={s.code} className={s.active ? undefined : 'retired'}>
                  <td className="num">{s.kioskOrder}</td>
                  <td>
                    {s.prefix}
                    {s.pendingPrefix && ` → ${s.pendingPrefix.prefix}`}
                  </td>
                  <td>{s.name}</td>
                  <td>{s.category ?? '—'}</td>
                  <td className="num">{s.dailyCap ?? t('noLimit')}</td>
                  <td>{hoursSummary(t, s.openingHours)}</td>
                  <td>{s.active ? t('stateActive') : t('stateRetired')}</td>
                  <td>
                    <button type="button" aria-label={`${t('edit')} ${s.name}`} onClick={() => setEditing(s.id)}>
                      {t('edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <NoteLine note={done} />
      </section>
      {editing && (
        <ServiceEditor
          key={editing}
          client={client}
          service={current}
          nextOrder={nextOrder}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setDone({ ok: true, text: current ? t('saved') : t('created', { name: saved.name }) });
              void load();
            } else setDone(null);
          }}
        />
      )}
    </div>
  );
}
