// One case as a visitor reads it (kiosk 进度查询 and the phone page of a 受理回执): status, what comes next, the due date
// and, honestly, whether it is late; then the timeline. Times are the hall's wall time as the ISO text carries it.
import type { CaseView } from '../../core/cases.ts';
import { caseMessages, type CaseMessageKey } from './case-messages.ts';
import { useT } from './i18n.ts';
import './case-progress.css';

/** "2026-09-30 10:00" from "2026-09-30T10:00:00.000+08:00": the hall's clock, whatever the device's zone. */
export const wallTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const ENDED = new Set(['ready_for_pickup', 'mailed', 'rejected']);

export function CaseProgress({ c }: { c: CaseView }) {
  const t = useT(caseMessages);
  const lastNote = c.timeline.at(-1)?.note ?? null;
  const ended = ENDED.has(c.status) || c.status === 'completed';
  return (
    <article className={`case-card case-${c.status}`} data-testid="case" data-status={c.status} aria-labelledby={`case-${c.id}`}>
      <header className="case-head">
        <h2 id={`case-${c.id}`} className="case-matter">
          {c.matterName}
        </h2>
        <span className="case-status">{t(`status_${c.status}` as CaseMessageKey)}</span>
      </header>
      <p className="case-receipt">{t('receipt', { n: c.receiptNumber })}</p>
      <p className="case-meta">
        <span>{t('applicant', { name: c.applicant.name })}</span>
        <span>{t('acceptedAt', { t: wallTime(c.acceptedAt) })}</span>
        <span className={c.overdue ? 'case-due late' : 'case-due'}>{t('dueDate', { d: c.dueDate })}</span>
      </p>
      {c.overdue && (
        <p className="case-overdue" data-testid="case-overdue" role="note">
          {ended ? t('overdueEnded') : t('overdue')}
        </p>
      )}
      <section className="case-next" aria-label={t('next')}>
        <h3>{t('next')}</h3>
        <p>{t(`next_${c.status}` as CaseMessageKey)}</p>
        {(c.status === 'needs_more' || c.status === 'rejected' || c.status === 'ready_for_pickup') && lastNote && (
          <p className="case-note" data-testid="case-note">
            {lastNote}
          </p>
        )}
      </section>
      <section aria-label={t('timeline')}>
        <h3>{t('timeline')}</h3>
        <ol className="case-timeline">
          {c.timeline.map((s, i) => (
            <li key={i} className={i === c.timeline.length - 1 ? 'current' : undefined}>
              <span className="case-step">{t(`status_${s.status}` as CaseMessageKey)}</span>
              <time dateTime={s.at}>{wallTime(s.at)}</time>
              {s.note && <span className="case-step-note">{s.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
