// 预约 for the manager: a calendar per service — its rules, a day's slots with what is booked, the day's bookings
// (masked), a day's capacity changed or the day closed (its bookings cancelled with notice), and a CSV import.
import { useEffect, useState, type FormEvent } from 'react';
import {
  appointmentRules,
  appointmentSlots,
  bookingsOn,
  importBookings,
  putAppointmentDay,
  putAppointmentRules,
  type BookingView,
  type SlotView,
} from '../../client/bookings-client.ts';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import type { AppointmentRules } from '../../core/bookings.ts';
import type { ServiceView } from '../../core/engine.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { bookingsMessages } from './bookings-messages.ts';
import './bookings.css';
import { signedOutBy, useManager } from './store.ts';

type Status = { kind: 'ok' | 'error'; text: string } | null;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const hhmm = (iso: string) => iso.slice(11, 16);

interface RulesDraft {
  weekdays: number[];
  start: string;
  end: string;
  slotMinutes: number;
  capacityPerSlot: number;
  daysAhead: number;
  /** Percent of the daily cap kept for appointments; '' = none (capacityPerSlot counts). */
  sharePercent: string;
}

const draftOf = (r: AppointmentRules | null): RulesDraft => ({
  weekdays: r ? [...new Set(r.open.map((o) => o.weekday))].sort() : [1, 2, 3, 4, 5],
  start: r?.open[0]?.start ?? '09:00',
  end: r?.open[0]?.end ?? '12:00',
  slotMinutes: r?.slotMinutes ?? 30,
  capacityPerSlot: r?.capacityPerSlot ?? 5,
  daysAhead: r?.daysAhead ?? 5,
  sharePercent: r?.dailyCapShare != null ? String(Math.round(r.dailyCapShare * 100)) : '',
});

export function Bookings({ client }: { client: HallClient }) {
  const t = useT(bookingsMessages);
  const lang = useLang((s) => s.lang);
  const today = useManager((s) => s.queue?.day ?? '');
  const [services, setServices] = useState<ServiceView[]>([]);
  const [serviceId, setServiceId] = useState('');
  const [day, setDay] = useState(today);
  const [rules, setRules] = useState<AppointmentRules | null>(null);
  const [draft, setDraft] = useState<RulesDraft>(draftOf(null));
  const [slots, setSlots] = useState<SlotView[]>([]);
  const [list, setList] = useState<BookingView[]>([]);
  const [dayCapacity, setDayCapacity] = useState('');
  const [reason, setReason] = useState('');
  const [csv, setCsv] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [round, setRound] = useState(0);

  const failure = (err: unknown) => {
    if (signedOutBy(err)) return;
    const code = err instanceof HallApiError ? err.code : 'NETWORK';
    // A bad import line or field is named by the server's message; the rest have their words.
    setStatus({ kind: 'error', text: err instanceof HallApiError && (err.status === 400 || err.details?.line) ? err.message : errorText(lang, code) });
  };

  useEffect(() => {
    client.services().then((all) => {
      const active = all.filter((s) => s.active);
      setServices(active);
      setServiceId((id) => id || active[0]?.id || '');
    }, failure);
  }, [client]);
  useEffect(() => setDay((d) => d || today), [today]);

  useEffect(() => {
    if (!serviceId) return;
    // A slower answer for the service chosen before must not overwrite the one now chosen.
    let live = true;
    appointmentRules(client, serviceId).then(
      (r) => {
        if (!live) return;
        setRules(r);
        setDraft(draftOf(r));
      },
      (err: unknown) => {
        if (!live) return;
        if (err instanceof HallApiError && err.code === 'NO_APPOINTMENTS') {
          setRules(null);
          setDraft(draftOf(null));
        } else failure(err);
      },
    );
    return () => {
      live = false;
    };
  }, [client, serviceId]);

  useEffect(() => {
    if (!serviceId || !day) return;
    let live = true;
    const failed = (err: unknown) => live && failure(err);
    bookingsOn(client, day, serviceId).then((r) => live && setList(r.items), failed);
    if (rules) appointmentSlots(client, serviceId, day).then((s) => live && setSlots(s), failed);
    else setSlots([]);
    return () => {
      live = false;
    };
  }, [client, serviceId, day, rules, round]);

  const reload = () => setRound((r) => r + 1);
  const act = async (run: () => Promise<string>) => {
    setStatus(null);
    try {
      setStatus({ kind: 'ok', text: await run() });
      reload();
    } catch (err) {
      failure(err);
    }
  };

  const saveRules = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const open = draft.weekdays.map((weekday) => ({ weekday, start: draft.start, end: draft.end }));
      // The form's own fields (weekdays, one span, a percent) are not the rules' (the body is strict).
      const { sharePercent, weekdays: _w, start: _s, end: _e, ...fields } = draft;
      const dailyCapShare = sharePercent.trim() === '' ? null : Number(sharePercent) / 100;
      const saved = await putAppointmentRules(client, serviceId, { ...(rules ?? {}), ...fields, open, dailyCapShare });
      setRules(saved);
      return t('bkRulesSaved');
    });
  };
  const booked = list.filter((b) => b.status === 'booked').length;
  const closeDay = () => {
    if (reason.trim() === '') {
      setStatus({ kind: 'error', text: t('bkReasonNeeded') });
      return;
    }
    if (!window.confirm(t('bkCloseConfirm', { day, n: booked }))) return;
    void act(async () => {
      const r = await putAppointmentDay(client, serviceId, day, { closed: true, reason: reason.trim() });
      return t('bkClosed', { day, n: r.cancelled });
    });
  };
  const setCapacity = (value: number | null) =>
    void act(async () => {
      await putAppointmentDay(client, serviceId, day, { closed: false, capacityPerSlot: value });
      return t('bkCapacitySaved');
    });
  const runImport = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await importBookings(client, csv);
      setCsv('');
      return t('bkImported', { n: r.imported });
    });
  };

  return (
    <div className="bookings-page">
      <section className="card">
        <h2>{t('bkTitle')}</h2>
        <p className="hint">{t('bkHint')}</p>
        <div className="report-form">
          <label>
            {t('bkService')}
            <select name="service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('bkDate')}
            <input type="date" name="day" value={day} onChange={(e) => setDay(e.target.value)} />
          </label>
        </div>
        {status && (
          <p className={status.kind === 'error' ? 'error' : 'ok'} role={status.kind === 'error' ? 'alert' : 'status'} data-status={status.kind}>
            {status.text}
          </p>
        )}
      </section>

      <section className="card">
        <h3>{t('bkRulesTitle')}</h3>
        {!rules && <p className="hint">{t('bkNoRules')}</p>}
        <form className="report-form" onSubmit={saveRules} data-testid="booking-rules">
          <fieldset className="bk-weekdays">
            <legend>{t('bkWeekdays')}</legend>
            {WEEKDAYS.map((w) => (
              <label key={w}>
                <input
                  type="checkbox"
                  checked={draft.weekdays.includes(w)}
                  onChange={(e) => setDraft({ ...draft, weekdays: e.target.checked ? [...draft.weekdays, w].sort() : draft.weekdays.filter((x) => x !== w) })}
                />
                {t(`bkWeekday${w}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('bkStart')}
            <input type="time" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
          </label>
          <label>
            {t('bkEnd')}
            <input type="time" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} />
          </label>
          <label>
            {t('bkSlotMinutes')}
            <input type="number" min={5} max={480} value={draft.slotMinutes} onChange={(e) => setDraft({ ...draft, slotMinutes: Number(e.target.value) })} />
          </label>
          <label>
            {t('bkCapacity')}
            <input
              type="number"
              min={0}
              max={1000}
              value={draft.capacityPerSlot}
              onChange={(e) => setDraft({ ...draft, capacityPerSlot: Number(e.target.value) })}
            />
          </label>
          <label>
            {t('bkShare')}
            <input
              type="number"
              min={0}
              max={100}
              placeholder={t('bkShareNone')}
              value={draft.sharePercent}
              aria-describedby="bk-share-hint"
              onChange={(e) => setDraft({ ...draft, sharePercent: e.target.value })}
            />
          </label>
          <label>
            {t('bkDaysAhead')}
            <input type="number" min={0} max={60} value={draft.daysAhead} onChange={(e) => setDraft({ ...draft, daysAhead: Number(e.target.value) })} />
          </label>
          <button type="submit" className="primary" disabled={!serviceId}>
            {t('bkSaveRules')}
          </button>
          <p id="bk-share-hint" className="hint" style={{ flexBasis: '100%' }}>
            {services.find((s) => s.id === serviceId)?.dailyCap != null ? t('bkShareHint') : t('bkShareNoCap')}
          </p>
        </form>
      </section>

      {rules && day && (
        <section className="card">
          <h3>{t('bkSlotsTitle', { day })}</h3>
          {slots.length === 0 ? (
            <p className="empty">{t('bkNoSlots')}</p>
          ) : (
            <table className="grid-table" data-testid="booking-slots">
              <thead>
                <tr>
                  <th scope="col">{t('bkColTime')}</th>
                  <th scope="col" className="num">
                    {t('bkColCapacity')}
                  </th>
                  <th scope="col" className="num">
                    {t('bkColTaken')}
                  </th>
                  <th scope="col" className="num">
                    {t('bkColLeft')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {slots.map((s) => (
                  <tr key={s.start}>
                    <td>
                      {hhmm(s.start)}–{hhmm(s.end)}
                    </td>
                    <td className="num">{s.capacity}</td>
                    <td className="num">{s.capacity - s.remaining}</td>
                    <td className="num">{s.remaining}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="report-form">
            <label>
              {t('bkDayCapacity')}
              <input type="number" min={0} max={1000} value={dayCapacity} onChange={(e) => setDayCapacity(e.target.value)} />
            </label>
            <button type="button" disabled={dayCapacity === ''} onClick={() => setCapacity(Number(dayCapacity))}>
              {t('bkSetCapacity')}
            </button>
            <button type="button" onClick={() => setCapacity(null)}>
              {slots.length === 0 ? t('bkReopen') : t('bkCapacityReset')}
            </button>
          </div>
          {slots.length > 0 && (
            <div className="report-form">
              <label>
                {t('bkCloseReason')}
                <input type="text" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="button" className="danger" onClick={closeDay} data-testid="close-day">
                {t('bkCloseDay')}
              </button>
            </div>
          )}
        </section>
      )}

      <section className="card">
        <h3>{t('bkListTitle')}</h3>
        {list.length === 0 ? (
          <p className="empty">{t('bkNone')}</p>
        ) : (
          <table className="grid-table" data-testid="booking-list">
            <thead>
              <tr>
                <th scope="col">{t('bkColTime')}</th>
                <th scope="col">{t('bkColCode')}</th>
                <th scope="col">{t('bkColPerson')}</th>
                <th scope="col">{t('bkColPhone')}</th>
                <th scope="col">{t('bkColStatus')}</th>
                <th scope="col">{t('bkColSource')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id} data-status={b.status}>
                  <td>
                    {hhmm(b.slotStart)}–{hhmm(b.slotEnd)}
                  </td>
                  <td>{b.code}</td>
                  <td>
                    {b.maskedName} <span className="muted">{b.maskedIdNumber}</span>
                  </td>
                  <td>{b.phoneMasked}</td>
                  <td>{t(`status_${b.status}`)}</td>
                  <td>{t(`source_${b.source}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card">
        <h3>{t('bkImportTitle')}</h3>
        <p className="hint">{t('bkImportHint')}</p>
        <form className="report-form" onSubmit={runImport} data-testid="booking-import">
          <label>
            {t('bkImportFile')}
            <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
          </label>
          <button type="submit" className="primary" disabled={csv === ''}>
            {t('bkImport')}
          </button>
        </form>
      </section>
    </div>
  );
}
