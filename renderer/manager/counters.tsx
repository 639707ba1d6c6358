// The hall's counters (windows): create, rename, change services, retire or reactivate, sign a window out;
// and the ticket desk: find today's ticket by number and cancel it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import type { CounterView, ServiceView, TicketView } from '../../core/engine.ts';
import { useT } from '../shared/i18n.ts';
import { StatusLine, useAction } from './action-status.tsx';
import { messages, type ManagerKey } from './messages.ts';
import { signedOutBy, useManager } from './store.ts';

function ServiceChecks({
  services,
  chosen,
  onChange,
  legend,
  showLegend = false,
}: {
  services: ServiceView[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  legend: string;
  showLegend?: boolean;
}) {
  return (
    <fieldset className="service-checks">
      <legend className={showLegend ? undefined : 'sr-only'}>{legend}</legend>
      {services.map((s) => (
        <label key={s.id}>
          <input
            type="checkbox"
            checked={chosen.includes(s.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))}
          />
          {s.name}
        </label>
      ))}
    </fieldset>
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function CounterRow({
  client,
  counter,
  services,
  onSaved,
}: {
  client: HallClient;
  counter: CounterView;
  services: ServiceView[];
  onSaved: (c: CounterView) => void;
}) {
  const t = useT(messages);
  const userNames = useManager((s) => s.userNames);
  const [name, setName] = useState(counter.name ?? '');
  const [serviceIds, setServiceIds] = useState(counter.serviceIds);
  const { status, setStatus, pending, act } = useAction();
  const dirty = name.trim() !== (counter.name ?? '') || !sameSet(serviceIds, counter.serviceIds);
  // Another manager's change shows at once unless this row is being edited.
  useEffect(() => {
    if (dirty) return;
    setName(counter.name ?? '');
    setServiceIds(counter.serviceIds);
  }, [counter]);
  const label = t('counterNo', { n: counter.number });

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (serviceIds.length === 0) return setStatus({ kind: 'error', key: 'counterNeedsService' });
    void act(async () => onSaved(await client.updateCounter(counter.id, { name: name.trim() || null, serviceIds })), { kind: 'ok', key: 'savedShort' });
  };
  const state = !counter.active ? t('counterRetired') : t(`state_${counter.state}` as ManagerKey);
  return (
    <tr data-counter={counter.number} className={counter.active ? undefined : 'retired'}>
      <td className="num">{counter.number}</td>
      <td>
        <input
          className="name-input"
          form={`counter-${counter.id}`}
          value={name}
          maxLength={40}
          aria-label={t('counterNameOf', { n: label })}
          onChange={(e) => setName(e.target.value)}
        />
      </td>
      <td>
        <ServiceChecks services={services} chosen={serviceIds} onChange={setServiceIds} legend={t('counterServicesOf', { n: label })} />
      </td>
      <td data-state={counter.active ? counter.state : 'retired'}>{state}</td>
      <td>{counter.staffUserId ? (userNames[counter.staffUserId] ?? t('none')) : t('none')}</td>
      <td className="row-actions">
        <form id={`counter-${counter.id}`} onSubmit={save} className="row-buttons">
          <button type="submit" className="primary" disabled={pending || !dirty}>
            {t('save')}
          </button>
          {counter.staffUserId && (
            <button
              type="button"
              disabled={pending}
              onClick={() => void act(async () => onSaved(await client.signOut(counter.id)), { kind: 'ok', key: 'counterSignedOut' })}
            >
              {t('counterSignOut')}
            </button>
          )}
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              void act(async () => onSaved(await client.updateCounter(counter.id, { active: !counter.active })), { kind: 'ok', key: 'savedShort' })
            }
          >
            {counter.active ? t('counterRetire') : t('counterReactivate')}
          </button>
        </form>
        <StatusLine status={status} />
      </td>
    </tr>
  );
}

function NewCounter({
  client,
  services,
  counters,
  onCreated,
}: {
  client: HallClient;
  services: ServiceView[];
  counters: CounterView[];
  onCreated: (c: CounterView) => void;
}) {
  const t = useT(messages);
  const next = counters.reduce((m, c) => Math.max(m, c.number), 0) + 1;
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const { status, setStatus, pending, act } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (serviceIds.length === 0) return setStatus({ kind: 'error', key: 'counterNeedsService' });
    const n = Number(number || next);
    const ok = await act(async () => onCreated(await client.createCounter({ number: n, ...(name.trim() ? { name: name.trim() } : {}), serviceIds })), {
      kind: 'ok',
      key: 'counterCreated',
      vars: { n: String(n) },
    });
    if (ok) {
      setNumber('');
      setName('');
      setServiceIds([]);
    }
  };
  return (
    <section className="card" aria-labelledby="new-counter-title" data-testid="new-counter">
      <h2 id="new-counter-title">{t('counterNew')}</h2>
      <form className="new-counter" onSubmit={(e) => void submit(e)}>
        <label>
          {t('counterNumber')}
          <input type="number" min={1} max={9999} value={number} placeholder={String(next)} onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          {t('counterName')}
          <input value={name} maxLength={40} placeholder={t('counterNamePlaceholder')} onChange={(e) => setName(e.target.value)} />
        </label>
        <ServiceChecks services={services} chosen={serviceIds} onChange={setServiceIds} legend={t('counterServices')} showLegend />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending}>
            {t('counterCreate')}
          </button>
          <StatusLine status={status} />
        </div>
      </form>
    </section>
  );
}

function TicketDesk({ client, services, counters }: { client: HallClient; services: ServiceView[]; counters: CounterView[] }) {
  const t = useT(messages);
  const [number, setNumber] = useState('');
  const [ticket, setTicket] = useState<TicketView | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const { status, pending, act } = useAction();
  const find = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(false);
    void act(async () => setTicket(await client.ticketByNumber(number.trim())));
  };
  const cancel = () =>
    void act(async () => setTicket(await client.cancel(ticket!.id)), { kind: 'ok', key: 'ticketCancelled', vars: { n: ticket!.number } }).then(() =>
      setConfirming(false),
    );
  const service = ticket && services.find((s) => s.id === ticket.serviceId);
  const counter = ticket?.counterId ? counters.find((c) => c.id === ticket.counterId) : undefined;
  // Only a waiting ticket can be cancelled (a called one is completed or marked no-show at its counter).
  const cancellable = ticket?.status === 'waiting';
  return (
    <section className="card ticket-desk" aria-labelledby="ticket-desk-title" data-testid="ticket-desk">
      <h2 id="ticket-desk-title">{t('ticketDesk')}</h2>
      <form className="desk-search" onSubmit={find}>
        <label>
          {t('ticketNumberToday')}
          <input value={number} maxLength={12} placeholder="A012" onChange={(e) => setNumber(e.target.value)} />
        </label>
        <button type="submit" disabled={pending || !number.trim()}>
          {t('ticketFind')}
        </button>
      </form>
      {ticket === null && (
        <p className="empty" role="status">
          {t('ticketNotFound', { n: number.trim().toUpperCase() })}
        </p>
      )}
      {ticket && (
        <dl className="desk-ticket" data-ticket={ticket.number}>
          <dt>{t('colNumber')}</dt>
          <dd>{ticket.number}</dd>
          <dt>{t('colState')}</dt>
          <dd data-status={ticket.status}>{t(`ticket_${ticket.status}` as ManagerKey)}</dd>
          <dt>{t('colService')}</dt>
          <dd>{service?.name ?? t('none')}</dd>
          <dt>{t('colCounter')}</dt>
          <dd>{counter ? t('counterNo', { n: counter.number }) : t('none')}</dd>
        </dl>
      )}
      {cancellable && !confirming && (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('ticketCancel')}
        </button>
      )}
      {cancellable && confirming && (
        <div className="confirm" role="group" aria-label={t('ticketCancelConfirm', { n: ticket.number })}>
          <p>{t('ticketCancelConfirm', { n: ticket.number })}</p>
          <button type="button" className="danger" disabled={pending} onClick={cancel}>
            {t('ticketCancelYes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('ticketCancelNo')}
          </button>
        </div>
      )}
      <StatusLine status={status} />
    </section>
  );
}

export function CountersAdmin({ client }: { client: HallClient }) {
  const t = useT(messages);
  const version = useManager((s) => s.countersVersion + s.servicesVersion);
  const [counters, setCounters] = useState<CounterView[] | null>(null);
  const [services, setServices] = useState<ServiceView[] | null>(null);
  const load = useCallback(
    () =>
      Promise.all([client.counters(), client.services()]).then(
        ([c, s]) => {
          setCounters(c);
          setServices(s.filter((x) => x.active));
        },
        (err: unknown) => void signedOutBy(err),
      ),
    [client],
  );
  useEffect(() => void load(), [load, version]);
  const put = (saved: CounterView) =>
    setCounters((list) =>
      list!.some((c) => c.id === saved.id) ? list!.map((c) => (c.id === saved.id ? saved : c)) : [...list!, saved].sort((a, b) => a.number - b.number),
    );

  if (!counters || !services) return <p className="empty">{t('loading')}</p>;
  return (
    <div className="counters-page">
      <section className="card" aria-labelledby="counters-admin-title" data-testid="counters-admin">
        <h2 id="counters-admin-title">{t('countersAdminTitle')}</h2>
        {counters.length === 0 ? (
          <p className="empty">{t('noCounters')}</p>
        ) : (
          <table className="grid-table counters-table">
            <thead>
              <tr>
                <th className="num">{t('counterNumber')}</th>
                <th>{t('counterName')}</th>
                <th>{t('counterServices')}</th>
                <th>{t('colState')}</th>
                <th>{t('colStaff')}</th>
                <th>{t('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {counters.map((c) => (
                <CounterRow key={c.id} client={client} counter={c} services={services} onSaved={put} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="counters-side">
        <NewCounter client={client} services={services} counters={counters} onCreated={put} />
        <TicketDesk client={client} services={services} counters={counters} />
      </div>
    </div>
  );
}
