// Confirmation: the chosen service, who the ticket is for, and the priority choice, then one button to take it.
import { useState } from 'react';
import type { KioskService } from '../../client/kiosk-agent.ts';
import type { PriorityReason } from '../../core/model.ts';
import { localName, useLang } from '../shared/i18n.ts';
import { useKiosk } from './store.ts';
import { ScreenHeading, useKioskT, waitText } from './common.tsx';

/** What a visitor can say about themselves; 'other' is for staff to grant at the desk. */
const CHOICES = [null, 'elderly', 'disabled', 'military', 'pregnant'] as const satisfies readonly (PriorityReason | null)[];

export function Confirm({ service, matterCode }: { service: KioskService; matterCode?: string | undefined }) {
  const t = useKioskT();
  const lang = useLang((s) => s.lang);
  const card = useKiosk((s) => s.card);
  const issue = useKiosk((s) => s.issue);
  const home = useKiosk((s) => s.home);
  const [priority, setPriority] = useState<(typeof CHOICES)[number]>(card?.elderly ? 'elderly' : null);
  const wait = waitText(t, service.estimatedWaitSeconds);
  return (
    <main className="screen confirm" id="main">
      <ScreenHeading>{t('confirm.heading')}</ScreenHeading>
      <div className="summary">
        <p className="summary-label">{t('confirm.service')}</p>
        <p className="summary-service" data-testid="confirm-service">
          {localName(lang, service.name, service.names)}
        </p>
        <p className="summary-figures">
          {service.waiting !== null && t('tile.waiting', { n: service.waiting })}
          {wait && ` · ${wait}`}
          {service.estimateStale && service.waiting !== null && ` (${t('tile.stale')})`}
        </p>
        <p className="summary-holder">{card ? t('confirm.holder', { name: card.maskedName }) : t('confirm.noCard')}</p>
        {/* Said, not blocking: the hall may let such tickets wait for a counter to open. */}
        {service.openCounters === 0 && (
          <p className="desk-hint" data-testid="no-counter">
            {t('tile.noCounter')}
          </p>
        )}
      </div>
      {card?.elderly ? (
        <p className="notice">{t('confirm.priorityAuto')}</p>
      ) : (
        <fieldset className="priority">
          <legend>{t('confirm.priority')}</legend>
          <div className="choices">
            {CHOICES.map((choice) => (
              <button
                key={choice ?? 'none'}
                type="button"
                className="choice"
                aria-pressed={priority === choice}
                data-testid={`priority-${choice ?? 'none'}`}
                onClick={() => setPriority(choice)}
              >
                {t(choice ? `priority.${choice}` : 'priority.none')}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={home}>
          {t('nav.back')}
        </button>
        <button type="button" className="primary" data-testid="take-ticket" onClick={() => void issue(service, priority, matterCode)}>
          {t('confirm.take')}
        </button>
      </div>
    </main>
  );
}
