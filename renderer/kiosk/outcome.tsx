// After the visitor acts: printing, the ticket (printed, or on screen as a QR code when the printer cannot), or a refusal with a way forward.
import type { IssueOutcome } from '../../client/kiosk-agent.ts';
import { localName, useLang } from '../shared/i18n.ts';
import { useKiosk, type Screen } from './store.ts';
import { QrCode } from './qr-code.tsx';
import { openingText, ScreenHeading, useErrorText, useKioskT } from './common.tsx';

export function Working({ action }: { action: 'issue' | 'checkIn' }) {
  const t = useKioskT();
  return (
    <main className="screen working" id="main" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <ScreenHeading>{t(action === 'issue' ? 'working.issue' : 'working.checkIn')}</ScreenHeading>
    </main>
  );
}

function printFailureReason(t: ReturnType<typeof useKioskT>, code: string | undefined): string {
  if (code === 'paper_out' || code === 'PAPER_OUT') return t('PRINT_paper_out');
  if (code === 'cover_open' || code === 'COVER_OPEN') return t('PRINT_cover_open');
  return t('PRINT_other');
}

export function Done({ outcome, reprint }: { outcome: IssueOutcome; reprint: Extract<Screen, { name: 'done' }>['reprint'] }) {
  const t = useKioskT();
  const home = useKiosk((s) => s.home);
  const doReprint = useKiosk((s) => s.reprint);
  const printer = useKiosk((s) => s.status?.printer);
  const lang = useLang((s) => s.lang);
  const { ticket, print } = outcome;
  const service = useKiosk((s) => s.services?.find((x) => x.id === ticket.serviceId));
  const printed = print.status === 'printed' || reprint === 'printed';
  const printerReady = printer === 'ready' || printer === 'paper_near_end';
  const minutes = ticket.estimatedWaitSeconds === null ? null : Math.ceil(ticket.estimatedWaitSeconds / 60);
  return (
    <main className={printed ? 'screen done' : 'screen done with-qr'} id="main">
      <ScreenHeading>{printed ? t('done.take') : t('done.heading')}</ScreenHeading>
      <div className={printed ? 'ticket' : 'ticket ticket-with-qr'}>
        <div className="ticket-main">
          <p className="ticket-service">{localName(lang, ticket.serviceName, service?.names)}</p>
          <p className="ticket-label">{t('done.number')}</p>
          <p className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </p>
          {ticket.ahead !== null && <p className="ticket-figure">{t('done.ahead', { n: ticket.ahead })}</p>}
          {minutes !== null && ticket.ahead !== 0 && (
            <p className="ticket-figure">
              {t('done.wait', { m: minutes })}
              {ticket.estimateStale && t('done.stale')}
            </p>
          )}
          {ticket.appointment && <p className="tag">{t('done.appointment')}</p>}
          {ticket.priority && !ticket.appointment && <p className="tag">{t('done.priority')}</p>}
          {ticket.offline && <p className="notice">{t('done.offline')}</p>}
        </div>
        {!printed && (
          <div className="ticket-qr" data-testid="ticket-qr">
            <div className="notice" role="alert">
              <p>{t('done.printFailed', { reason: printFailureReason(t, print.error?.code) })}</p>
              <p>{t('done.staffTold')}</p>
            </div>
            <QrCode text={ticket.qrUrl} label={t('done.qr')} />
          </div>
        )}
      </div>
      <div className="actions">
        {!printed && printerReady && (
          <button type="button" className="secondary" disabled={reprint === 'printing'} onClick={() => void doReprint()}>
            {t('done.reprint')}
          </button>
        )}
        <button type="button" className="primary" data-testid="finish" onClick={home}>
          {t('done.finish')}
        </button>
      </div>
    </main>
  );
}

const APPOINTMENT_CODES = /^APPOINTMENT_/;

export function Refusal({
  code,
  from,
  retry,
  nextOpening,
}: {
  code: string;
  from: 'issue' | 'checkIn';
  retry: (() => void) | null;
  nextOpening: string | null;
}) {
  const t = useKioskT();
  const lang = useLang((s) => s.lang);
  const text = useErrorText();
  const home = useKiosk((s) => s.home);
  const openCheckIn = useKiosk((s) => s.openCheckIn);
  return (
    <main className="screen refusal" id="main">
      <ScreenHeading>{t('error.heading')}</ScreenHeading>
      <div className="alert big" role="alert" data-testid="error-text" data-code={code}>
        <p>{text(code)}</p>
        {code === 'NO_COUNTER_OPEN' && <p className="way-forward">{t('error.noCounter')}</p>}
        {nextOpening && (
          <p className="way-forward" data-testid="next-opening">
            {t('error.comeBack', { when: openingText(lang, nextOpening) })}
          </p>
        )}
      </div>
      <div className="actions">
        {retry && (
          <button type="button" className="primary" onClick={retry}>
            {t('error.retry')}
          </button>
        )}
        {from === 'checkIn' && (
          <button type="button" className={retry ? 'secondary' : 'primary'} onClick={openCheckIn}>
            {t('error.again')}
          </button>
        )}
        {from === 'checkIn' && APPOINTMENT_CODES.test(code) ? (
          <button type="button" className="secondary" onClick={home}>
            {t('error.normal')}
          </button>
        ) : (
          <button type="button" className={retry || from === 'checkIn' ? 'secondary' : 'primary'} data-testid="back-home" onClick={home}>
            {t('nav.home')}
          </button>
        )}
      </div>
    </main>
  );
}
