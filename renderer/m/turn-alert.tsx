// The phone page alerts its visitor while it is open: a notification (permission asked on a tap, as browsers
// require) and a vibration when the ticket is next in line and again when it is called. Nothing runs once the page
// is closed: outside the page, the hall's SMS or WeChat platform does this through its webhooks.
import { useEffect, useRef, useState } from 'react';
import type { PublicTicket } from '../../client/hall-client.ts';
import { localName, useLang, useT } from '../shared/i18n.ts';
import { messages } from './messages.ts';

const VIBRATION = [300, 150, 300];

type Permission = NotificationPermission | 'unsupported';
const permissionNow = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** The moment a ticket is worth an alert: next in line, or called (again if to another counter). */
function momentOf(tk: PublicTicket): string | null {
  if (tk.status === 'waiting' && tk.ahead === 0) return `next:${tk.id}`;
  if (tk.status === 'called') return `called:${tk.id}:${tk.counterNumber ?? ''}`;
  return null;
}

export function TurnAlert({ ticket }: { ticket: PublicTicket }) {
  const t = useT(messages);
  const lang = useLang((s) => s.lang);
  const [permission, setPermission] = useState<Permission>(permissionNow);
  const alerted = useRef<string | null>(null);

  const moment = momentOf(ticket);
  useEffect(() => {
    if (moment === null || alerted.current === moment) return;
    // The first view of a ticket that is already next or called alerts too: the visitor opened the page for this.
    alerted.current = moment;
    navigator.vibrate?.(VIBRATION);
    if (permissionNow() !== 'granted') return;
    const title =
      ticket.status === 'called'
        ? t('notifyCalledTitle', { number: ticket.number, n: ticket.counterNumber ?? '' })
        : t('notifyNextTitle', { number: ticket.number });
    const service = ticket.serviceName ? localName(lang, ticket.serviceName, ticket.serviceNames) : '';
    try {
      new Notification(title, { body: t('notifyBody', { service }), tag: `hall-ticket-${ticket.id}`, lang });
    } catch {
      // Android's Chrome allows notifications only from a service worker: the page's own display and vibration remain.
    }
  }, [moment]);

  if (permission === 'unsupported' || ticket.status !== 'waiting') return null;
  if (permission === 'granted') return <p className="m-notify-state">{t('notifyOn')}</p>;
  if (permission === 'denied') return <p className="m-notify-state">{t('notifyDenied')}</p>;
  return (
    <button
      type="button"
      className="m-notify"
      data-testid="m-notify"
      onClick={() => {
        // A tap is the user gesture the permission prompt needs; it also lets the page vibrate later.
        void Notification.requestPermission().then(setPermission, () => setPermission(permissionNow()));
      }}
    >
      {t('notifyAsk')}
    </button>
  );
}
