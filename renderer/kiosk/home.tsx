// Home: the ID card prompt, appointment check-in, and one large tile per service, grouped by category.
import type { KioskService } from '../../client/kiosk-agent.ts';
import { useKiosk } from './store.ts';
import { ScreenHeading, useKioskT, waitText } from './common.tsx';

function groupByCategory(services: KioskService[]): [string | null, KioskService[]][] {
  const groups = new Map<string | null, KioskService[]>();
  for (const s of services) groups.set(s.category, [...(groups.get(s.category) ?? []), s]);
  return [...groups];
}

function ServiceTile({ service }: { service: KioskService }) {
  const t = useKioskT();
  const choose = useKiosk((s) => s.chooseService);
  const waiting = service.waiting === null ? t('tile.waitingUnknown') : t('tile.waiting', { n: service.waiting });
  const wait = waitText(t, service.estimatedWaitSeconds);
  const stale = service.estimateStale && service.waiting !== null ? t('tile.stale') : null;
  const detail = service.open ? [waiting, wait, stale && `(${stale})`].filter(Boolean).join(' · ') : t('tile.closed');
  return (
    <li>
      <button
        type="button"
        className="tile"
        data-testid={`service-${service.code}`}
        disabled={!service.open}
        aria-label={`${service.name}, ${detail}`}
        onClick={() => choose(service)}
      >
        <span className="tile-prefix" aria-hidden="true">
          {service.prefix}
        </span>
        <span className="tile-name">{service.name}</span>
        {service.open ? (
          <span className="tile-figures">
            <span>{waiting}</span>
            {wait && <span>{wait}</span>}
            {stale && <span className="stale">{stale}</span>}
          </span>
        ) : (
          <span className="tile-figures">{t('tile.closed')}</span>
        )}
      </button>
    </li>
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
  return (
    <main className="screen home" id="main">
      <div className="home-top">
        <CardPanel />
        <button type="button" className="checkin-button" data-testid="open-check-in" onClick={openCheckIn}>
          <span className="checkin-title">{t('home.checkIn')}</span>
          <span className="checkin-hint">{t('home.checkInHint')}</span>
        </button>
      </div>
      <ScreenHeading>{t('home.heading')}</ScreenHeading>
      {services === null ? (
        <p className="notice" role="status">
          {failed ? t('home.empty') : t('home.loading')}
        </p>
      ) : services.length === 0 ? (
        <p className="notice" role="status">
          {t('home.empty')}
        </p>
      ) : (
        <div className="categories">
          {groupByCategory(services).map(([category, list]) => (
            <section key={category ?? ''} className="category" aria-label={category ?? t('home.heading')}>
              {category && <h2 className="category-name">{category}</h2>}
              <ul className="tiles">
                {list.map((s) => (
                  <ServiceTile key={s.id} service={s} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </main>
  );
}
