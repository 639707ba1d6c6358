// One matter of the service guide as a reader sees it: the kiosk's matter page, the phone page, the manager's preview.
import type { Matter } from '../../core/matters.ts';
import { useT } from './i18n.ts';
import { matterMessages } from './matter-messages.ts';

export const useMatterT = () => useT(matterMessages);

export function MatterDetail({ matter, headingLevel = 2 }: { matter: Matter; headingLevel?: 2 | 3 }) {
  const t = useMatterT();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const days = matter.promisedDays === 0 ? t('matter.instant') : t('matter.daysValue', { n: matter.promisedDays });
  return (
    <div className="matter-detail" lang="zh-CN" data-testid="matter-detail">
      <dl className="matter-facts">
        <div>
          <dt>{t('matter.days')}</dt>
          <dd>
            <strong>{days}</strong> <span className="matter-legal">({t('matter.legalDays', { n: matter.legalDays })})</span>
          </dd>
        </div>
        <div>
          <dt>{t('matter.fees')}</dt>
          <dd>{matter.fees || t('matter.free')}</dd>
        </div>
        {(matter.location || matter.window) && (
          <div>
            <dt>{t('matter.where')}</dt>
            <dd>{[matter.location, matter.window].filter(Boolean).join(' ')}</dd>
          </div>
        )}
        {matter.hours && (
          <div>
            <dt>{t('matter.hours')}</dt>
            <dd>{matter.hours}</dd>
          </div>
        )}
        <div>
          <dt>{t('matter.department')}</dt>
          <dd>{matter.department}</dd>
        </div>
      </dl>
      {matter.commitment && <p className="matter-note">{t('matter.commitment')}</p>}
      <section aria-labelledby={`materials-${matter.code}`}>
        <H id={`materials-${matter.code}`}>{t('matter.materials')}</H>
        {matter.materials.length === 0 ? (
          <p>{t('matter.noMaterials')}</p>
        ) : (
          <ol className="matter-materials" data-testid="matter-materials">
            {matter.materials.map((m, i) => (
              <li key={i}>
                <span className="material-name">{m.name}</span>
                <span className="material-form">
                  {m.original ? t('matter.original') : t('matter.copy')}
                  {m.copies > 0 && ` ${t('matter.copies', { n: m.copies })}`}
                  {m.eLicence && <span className="material-elicence">{t('matter.eLicence')}</span>}
                </span>
                {m.note && <span className="material-note">{m.note}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {matter.conditions.length > 0 && (
        <section aria-labelledby={`conditions-${matter.code}`}>
          <H id={`conditions-${matter.code}`}>{t('matter.conditions')}</H>
          <ul className="matter-conditions">
            {matter.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      )}
      {matter.faq.length > 0 && (
        <section aria-labelledby={`faq-${matter.code}`}>
          <H id={`faq-${matter.code}`}>{t('matter.faq')}</H>
          <dl className="matter-faq">
            {matter.faq.map((f, i) => (
              <div key={i}>
                <dt>{f.q}</dt>
                <dd>{f.a}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {matter.prefile.enabled && <p className="matter-note">{t('matter.prefile')}</p>}
    </div>
  );
}
