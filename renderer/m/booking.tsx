// Online booking on the visitor's phone (`/m/?book`, `/m/?b=CODE`): service → day → slot (held while the form is filled)
// → name, ID number and phone → the booking code and its QR code; a booking looked up by code, and cancelled.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  appointmentSlots,
  book,
  bookableServices,
  bookingByCode,
  cancelBooking,
  holdSlot,
  type BookableService,
  type PublicBookingView,
  type SlotView,
} from '../../client/bookings-client.ts';
import { HallApiError } from '../../client/hall-client.ts';
import { BOOKING_CODE } from '../../core/bookings.ts';
import { checkIdNumber } from '../../core/id-card.ts';
import { isValidPhone, normalizePhone } from '../../core/phone.ts';
import { QrCode } from '../kiosk/qr-code.tsx';
import { hallClient } from '../shared/connection.ts';
import { localName, useLang, useT, type Lang } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { bookingMessages } from './booking-messages.ts';
import './booking.css';

type Step =
  | { kind: 'home' }
  | { kind: 'service' }
  | { kind: 'day'; service: BookableService }
  | { kind: 'slot'; service: BookableService; day: string }
  | { kind: 'form'; service: BookableService; day: string; slot: SlotView; holdId: string; heldUntil: string }
  | { kind: 'booking'; code: string };

const SAVED_KEY = 'hall.bookings';
const savedCodes = (): string[] => {
  try {
    const list = JSON.parse(globalThis.localStorage?.getItem(SAVED_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string' && BOOKING_CODE.test(c)) : [];
  } catch {
    return [];
  }
};
const saveCode = (code: string) => {
  try {
    globalThis.localStorage?.setItem(SAVED_KEY, JSON.stringify([code, ...savedCodes().filter((c) => c !== code)].slice(0, 10)));
  } catch {
    // Private mode: the code is on the screen to write down.
  }
};

const dayLabel = (lang: Lang, day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(lang, { month: 'long', day: 'numeric', weekday: 'long', timeZone: 'UTC' });
/** Hall-local HH:MM of an ISO time with offset, as the hall wrote it. */
const hhmm = (iso: string) => iso.slice(11, 16);
const when = (lang: Lang, start: string, end: string) => `${dayLabel(lang, start.slice(0, 10))} ${hhmm(start)}–${hhmm(end)}`;

export function BookingApp() {
  const t = useT(bookingMessages);
  const lang = useLang((s) => s.lang);
  const client = useMemo(() => hallClient(), []);
  const initial = useMemo(() => new URLSearchParams(location.search).get('b'), []);
  const [step, setStep] = useState<Step>(initial && BOOKING_CODE.test(initial) ? { kind: 'booking', code: initial } : { kind: 'home' });
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Each step's heading takes the focus, so a screen reader announces where the visitor is.
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const go = (next: Step) => {
    setError(null);
    setStep(next);
  };
  const fail = (err: unknown) => {
    if (err instanceof HallApiError) {
      const key = `err_${err.code}` as Parameters<typeof t>[0];
      const seconds = Number(err.details?.retryAfterSeconds) || 60;
      setError(key in bookingMessages['zh-CN'] ? t(key, { s: seconds }) : err.status === 400 ? err.message : t('err_other'));
    } else setError(t('err_other'));
  };

  const page = (title: string, body: ReactNode, back?: Step) => (
    <>
      <h1 className="bk-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {error && (
        <p className="bk-error" role="alert" data-testid="bk-error">
          {error}
        </p>
      )}
      {body}
      {back && (
        <button type="button" className="bk-back" onClick={() => go(back)}>
          {t('back')}
        </button>
      )}
    </>
  );

  const content = () => {
    switch (step.kind) {
      case 'home':
        return page(t('title'), <Home t={t} onStart={() => go({ kind: 'service' })} onShow={(code) => go({ kind: 'booking', code })} />);
      case 'service':
        return page(
          t('chooseService'),
          <Loaded load={() => bookableServices(client)} onError={fail}>
            {(services) =>
              services.length === 0 ? (
                <p className="bk-note">{t('noServices')}</p>
              ) : (
                <ul className="bk-choices">
                  {services.map((s) => (
                    <li key={s.id}>
                      <button type="button" onClick={() => go({ kind: 'day', service: s })}>
                        {localName(lang, s.name, s.names)}
                      </button>
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>,
          { kind: 'home' },
        );
      case 'day':
        return page(
          t('chooseDay'),
          <>
            <p className="bk-context">{localName(lang, step.service.name, step.service.names)}</p>
            {step.service.days.length === 0 ? (
              <p className="bk-note">{t('noDays')}</p>
            ) : (
              <ul className="bk-choices">
                {step.service.days.map((day) => (
                  <li key={day}>
                    <button type="button" onClick={() => go({ kind: 'slot', service: step.service, day })}>
                      {dayLabel(lang, day)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>,
          { kind: 'service' },
        );
      case 'slot':
        return page(
          t('chooseSlot'),
          <>
            <p className="bk-context">
              {localName(lang, step.service.name, step.service.names)} · {dayLabel(lang, step.day)}
            </p>
            <Loaded load={() => appointmentSlots(client, step.service.id, step.day)} onError={fail}>
              {(slots) =>
                slots.filter((s) => s.bookable).length === 0 ? (
                  <p className="bk-note">{t('noSlots')}</p>
                ) : (
                  <ul className="bk-slots">
                    {slots
                      .filter((s) => s.bookable)
                      .map((s) => (
                        <li key={s.start}>
                          <button
                            type="button"
                            disabled={s.remaining === 0}
                            onClick={() =>
                              void holdSlot(client, step.service.id, s.start).then(
                                (hold) => go({ kind: 'form', service: step.service, day: step.day, slot: s, holdId: hold.holdId, heldUntil: hold.expiresAt }),
                                fail,
                              )
                            }
                          >
                            <span className="bk-time">
                              {hhmm(s.start)}–{hhmm(s.end)}
                            </span>
                            <span className="bk-left">{s.remaining === 0 ? t('full') : t('left', { n: s.remaining })}</span>
                          </button>
                        </li>
                      ))}
                  </ul>
                )
              }
            </Loaded>
          </>,
          { kind: 'day', service: step.service },
        );
      case 'form':
        return page(
          t('details'),
          <BookingForm
            t={t}
            context={`${localName(lang, step.service.name, step.service.names)} · ${when(lang, step.slot.start, step.slot.end)}`}
            heldUntil={hhmm(step.heldUntil)}
            onSubmit={async (person) => {
              try {
                const booked = await book(client, { serviceId: step.service.id, slotStart: step.slot.start, holdId: step.holdId, ...person });
                saveCode(booked.code);
                go({ kind: 'booking', code: booked.code });
              } catch (err) {
                fail(err);
              }
            }}
          />,
          { kind: 'slot', service: step.service, day: step.day },
        );
      case 'booking':
        return page(
          t('code'),
          <Loaded key={step.code} load={() => bookingByCode(client, step.code)} onError={fail}>
            {(b, reload) => <BookingCard t={t} lang={lang} booking={b} onCancel={(id) => cancelBooking(client, b.code, id).then(reload, fail)} />}
          </Loaded>,
          { kind: 'home' },
        );
    }
  };

  return (
    <div className="m-page bk-page">
      <header className="m-head">
        <span>{t('title')}</span>
        <LangSwitch visitor />
      </header>
      <main className="m-main">{content()}</main>
    </div>
  );
}

type T = ReturnType<typeof useT<keyof (typeof bookingMessages)['zh-CN']>>;

/** Loads once (and again on `reload`), then renders; a failure is shown by the page's error line. */
function Loaded<V>({ load, onError, children }: { load: () => Promise<V>; onError: (e: unknown) => void; children: (v: V, reload: () => void) => ReactNode }) {
  const [value, setValue] = useState<V | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((v) => live && setValue(v), onError);
    return () => {
      live = false;
    };
    // Loaded again only when asked: `load` is a new closure every render.
  }, [round]);
  return value === null ? null : <>{children(value, () => setRound((r) => r + 1))}</>;
}

function Home({ t, onStart, onShow }: { t: T; onStart: () => void; onShow: (code: string) => void }) {
  const [code, setCode] = useState('');
  const saved = useMemo(savedCodes, []);
  const valid = BOOKING_CODE.test(code.trim().toUpperCase());
  return (
    <>
      <button type="button" className="bk-primary" onClick={onStart} data-testid="bk-start">
        {t('start')}
      </button>
      <form
        className="bk-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onShow(code.trim().toUpperCase());
        }}
      >
        <h2>{t('lookUp')}</h2>
        <label htmlFor="bk-code">{t('enterCode')}</label>
        <input id="bk-code" value={code} onChange={(e) => setCode(e.target.value)} autoCapitalize="characters" autoComplete="off" maxLength={8} />
        <button type="submit" disabled={!valid}>
          {t('show')}
        </button>
      </form>
      {saved.length > 0 && (
        <section>
          <h2>{t('myBookings')}</h2>
          <ul className="bk-choices">
            {saved.map((c) => (
              <li key={c}>
                <button type="button" onClick={() => onShow(c)}>
                  {c}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function BookingForm({
  t,
  context,
  heldUntil,
  onSubmit,
}: {
  t: T;
  context: string;
  heldUntil: string;
  onSubmit: (person: { name: string; idCardNumber: string; phone: string }) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [idCardNumber, setId] = useState('');
  const [phone, setPhone] = useState('');
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const problems = {
    name: name.trim() === '' ? t('badName') : null,
    id: checkIdNumber(idCardNumber).ok ? null : t('badId'),
    phone: isValidPhone(normalizePhone(phone)) ? null : t('badPhone'),
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.name || problems.id || problems.phone) return;
    setSending(true);
    await onSubmit({ name: name.trim(), idCardNumber: idCardNumber.trim(), phone });
    setSending(false);
  };
  const field = (id: string, label: string, value: string, set: (v: string) => void, problem: string | null, extra: Record<string, string>) => (
    <div className="bk-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={checked && problem !== null}
        aria-describedby={checked && problem ? `${id}-problem` : undefined}
        {...extra}
      />
      {checked && problem && (
        <p id={`${id}-problem`} className="bk-problem">
          {problem}
        </p>
      )}
    </div>
  );
  return (
    <form className="bk-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="bk-context">{context}</p>
      <p className="bk-note" data-testid="bk-held">
        {t('heldUntil', { t: heldUntil })}
      </p>
      {field('bk-name', t('name'), name, setName, problems.name, { autoComplete: 'name', maxLength: '60' })}
      {field('bk-id', t('idCardNumber'), idCardNumber, setId, problems.id, { autoComplete: 'off', maxLength: '18', inputMode: 'text' })}
      {field('bk-phone', t('phone'), phone, setPhone, problems.phone, { autoComplete: 'tel', type: 'tel', maxLength: '20' })}
      <p className="bk-note">{t('privacy')}</p>
      <button type="submit" className="bk-primary" disabled={sending} data-testid="bk-submit">
        {sending ? t('sending') : t('submit')}
      </button>
    </form>
  );
}

function BookingCard({ t, lang, booking, onCancel }: { t: T; lang: Lang; booking: PublicBookingView; onCancel: (idCardNumber: string) => Promise<unknown> }) {
  const [id, setId] = useState('');
  const active = booking.status === 'booked';
  return (
    <>
      <section className={`bk-card bk-${booking.status}`} data-testid="bk-card" data-status={booking.status}>
        <p className="bk-status">{t(`status_${booking.status}`)}</p>
        <p className="bk-code" data-testid="bk-code" aria-label={booking.code.split('').join(' ')}>
          {booking.code}
        </p>
        {active && <QrCode text={booking.code} label={t('qrLabel', { code: booking.code })} size={220} />}
        <dl>
          <dt>{t('service')}</dt>
          <dd>{booking.serviceName && localName(lang, booking.serviceName, booking.serviceNames)}</dd>
          <dt>{t('when')}</dt>
          <dd>{when(lang, booking.slotStart, booking.slotEnd)}</dd>
          <dt>{t('person')}</dt>
          <dd>
            {booking.maskedName} {booking.maskedIdNumber}
          </dd>
        </dl>
        {active && (
          <>
            <p className="bk-note">{t('bring')}</p>
            <p className="bk-note">
              {t('checkInFrom', { t: hhmm(booking.checkInFrom) })} ·{' '}
              {t('cancelUntil', { t: `${dayLabel(lang, booking.cancelUntil.slice(0, 10))} ${hhmm(booking.cancelUntil)}` })}
            </p>
          </>
        )}
        {booking.status === 'cancelled' && <p className="bk-note">{t('cancelled')}</p>}
      </section>
      {active && (
        <form
          className="bk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void onCancel(id.trim());
          }}
        >
          <h2>{t('cancelHeading')}</h2>
          <label htmlFor="bk-cancel-id">{t('idCardNumber')}</label>
          <p className="bk-note" id="bk-cancel-hint">
            {t('cancelHint')}
          </p>
          <input id="bk-cancel-id" value={id} onChange={(e) => setId(e.target.value)} aria-describedby="bk-cancel-hint" autoComplete="off" maxLength={18} />
          <button type="submit" className="bk-danger" disabled={!checkIdNumber(id).ok} data-testid="bk-cancel">
            {t('cancel')}
          </button>
        </form>
      )}
    </>
  );
}
