// Home: the ID card prompt and the self-service functions (appointment check-in), then one large tile per service, in category order.
import type { KioskService } from '../../client/kiosk-agent.ts';
import { localName, useLang, type Lang } from '../shared/i18n.ts';
import { useKiosk } from './store.ts';
import { openingText, ScreenHeading, useKioskT, waitText, type T } from './common.tsx';
import { CertificatesFunction } from './certificates.tsx';
import { GuideFunction, PopularMatters } from './guide.tsx';
import { ProgressFunction } from './progress.tsx';

/** Services of a category side by side, categories in the order the hall lists them. */
function byCategory(services: KioskService[]): KioskService[] {
  const order = [...new Set(services.map((s) => s.category))];
  return [...services].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
}

/** Up to eight services get roomy tiles; more get more columns of smaller ones so twenty still fit a screen. */
const ROOMY_MAX = 8;

function ServiceTile({ service }: { service: KioskService }) {
  const t = useKioskT();
  const lang = useLang((s) => s.lang);
  const choose = useKiosk((s) => s.chooseService);
  const waiting = service.waiting === null ? t('tile.waitingUnknown') : t('tile.waiting', { n: service.waiting });
  const wait = waitText(t, service.estimatedWaitSeconds);
  const stale = service.estimateStale && service.waiting !== null ? t('tile.stale') : null;
  const category = service.category ? localName(lang, service.category, service.categoryNames) : null;
  return (
    <li>
      <button type="button" className="tile" data-testid={`service-${service.code}`} disabled={!service.open} onClick={() => choose(service)}>
        <span className="tile-top">
          {category && <span className="tile-category">{category}</span>}
          <span className="tile-prefix" aria-hidden="true">
            {service.prefix}
          </span>
        </span>
        <span className="tile-name">{localName(lang, service.name, service.names)}</span>
        {service.open ? (
          <span className="tile-figures">
            <span>{waiting}</span>
            {wait && <span>{wait}</span>}
            {stale && <span className="stale">{stale}</span>}
          </span>
        ) : (
          <span className="tile-figures">{closedText(t, lang, service)}</span>
        )}
        {service.open && service.openCounters === 0 && (
          <span className="desk-hint" data-testid="no-counter">
            {t('tile.noCounter')}
          </span>
        )}
      </button>
    </li>
  );
}

function closedText(t: T, lang: Lang, service: KioskService): string {
  const closure = service.closure;
  if (closure?.reason === 'appointments_only') return t('tile.appointmentsOnly');
  if (closure?.nextOpening) return t('tile.opensAt', { when: openingText(lang, closure.nextOpening) });
  return t('tile.closed');
}

/** A day without walk-in hours for any service (a holiday, a rest day): say so, and when tickets are given again. */
export function closedDay(services: KioskService[] | null): { holidayName: string | null; nextOpening: string | null } | null {
  if (!services || services.length === 0) return null;
  const allDay = services.every((s) => s.closure && (s.closure.reason === 'holiday' || s.closure.reason === 'closed_today'));
  if (!allDay) return null;
  const next = services
    .map((s) => s.closure!.nextOpening)
    .filter((n): n is string => n !== null)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return { holidayName: services.find((s) => s.closure?.holidayName)?.closure?.holidayName ?? null, nextOpening: next ?? null };
}

function ClosedDay({ day }: { day: { holidayName: string | null; nextOpening: string | null } }) {
  const t = useKioskT();
  const lang = useLang((s) => s.lang);
  return (
    <section className="closed-day" role="status" data-testid="closed-today" aria-labelledby="closed-heading">
      <h2 id="closed-heading">{t('closed.heading')}</h2>
      {day.holidayName && <p>{t('closed.holiday', { name: day.holidayName })}</p>}
      {day.nextOpening && <p className="closed-next">{t('closed.next', { when: openingText(lang, day.nextOpening) })}</p>}
      <p>{t('closed.checkIn')}</p>
    </section>
  );
}

function CardPanel() {
  const t = useKioskT();
  const card = useKiosk((s) => s.card);
  const cardError = useKiosk((s) => s.cardError);
  const reader = useKiosk((s) => s.status?.reader);
  if (card) {
    return (
      <div className="card-panel card-read" role="status" data-testid="card-read">
        <span className="card-icon" aria-hidden="true" />
        <div>
          <p className="card-title">{t('home.card', { name: card.maskedName })}</p>
          {card.elderly && <p className="card-note">{t('home.cardElderly')}</p>}
        </div>
      </div>
    );
  }
  if (reader && reader !== 'ready') {
    return (
      <div className="card-panel" role="status">
        <p className="card-title">{t('status.reader')}</p>
      </div>
    );
  }
  return (
    <div className="card-panel" role="status">
      <span className="card-icon" aria-hidden="true" />
      <div>
        <p className="card-title">{t('home.swipe')}</p>
        <p className="card-note">{cardError ? t('home.cardError') : t('home.swipeHint')}</p>
      </div>
    </div>
  );
}

export function Home() {
  const t = useKioskT();
  const services = useKiosk((s) => s.services);
  const failed = useKiosk((s) => s.servicesFailed);
  const openCheckIn = useKiosk((s) => s.openCheckIn);
  const closed = closedDay(services);
  return (
    <main className={services && services.length > ROOMY_MAX ? 'screen home compact' : 'screen home'} id="main">
      <div className="home-side">
        <CardPanel />
        {/* Self-service functions sit here side by side as the hall adds them. */}
        <nav className="functions" aria-label={t('home.functions')}>
          <button type="button" className="function checkin-button" data-testid="open-check-in" onClick={openCheckIn}>
            <span className="function-title">{t('home.checkIn')}</span>
            <span className="function-hint">{t('home.checkInHint')}</span>
          </button>
          <CertificatesFunction />
          <GuideFunction />
          <ProgressFunction />
        </nav>
        <PopularMatters />
      </div>
      <div className="home-services">
        <ScreenHeading>{t('home.heading')}</ScreenHeading>
        {services === null ? (
          <p className="notice" role="status">
            {failed ? t('home.empty') : t('home.loading')}
          </p>
        ) : closed ? (
          <ClosedDay day={closed} />
        ) : services.length === 0 ? (
          <p className="notice" role="status">
            {t('home.empty')}
          </p>
        ) : (
          <ul className="tiles">
            {byCategory(services).map((s) => (
              <ServiceTile key={s.id} service={s} />
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
