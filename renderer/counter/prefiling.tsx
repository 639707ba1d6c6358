// The pre-filed form (自助申报) of the ticket being served, read only while it is served, and its one-step acceptance
// into a case. The server masks the ID number and name; nothing of it is kept once the ticket changes.
import { useEffect, useState } from 'react';
import { HallApiError, type HallClient } from '../../client/hall-client.ts';
import { errorText, useLang, useT } from '../shared/i18n.ts';
import { prefilingMessages } from './prefiling-messages.ts';

interface Draft {
  id: string;
  matterName: string;
  applicant: { name: string; idNumber: string; gender: string | null; birthDate: string | null };
  fields: { key: string; label: string; value: string }[];
  commitment: { accepted: boolean; signaturePng: string | null };
  caseId: string | null;
}

export function PrefilingPanel({ client, ticketId }: { client: HallClient; ticketId: string | null }) {
  const t = useT(prefilingMessages);
  const lang = useLang((s) => s.lang);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'done'; n: string } | { kind: 'failed'; reason: string }>({ kind: 'idle' });
  useEffect(() => {
    setDraft(null);
    setState({ kind: 'idle' });
    if (!ticketId) return;
    let live = true;
    client
      .request<{ draft: Draft | null }>('GET', `/api/v1/prefilings?ticketId=${encodeURIComponent(ticketId)}`)
      .then((r) => live && setDraft(r.draft))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, ticketId]);
  if (!draft) return null;
  const accept = async () => {
    setState({ kind: 'busy' });
    try {
      const c = await client.request<{ receiptNumber: string }>('POST', `/api/v1/prefilings/${encodeURIComponent(draft.id)}/accept`, {});
      setState({ kind: 'done', n: c.receiptNumber });
    } catch (err) {
      setState({ kind: 'failed', reason: errorText(lang, err instanceof HallApiError ? err.code : undefined) });
    }
  };
  return (
    <section className="prefiling" data-testid="prefiling" aria-label={t('prefiled', { matter: draft.matterName })}>
      <h2>{t('prefiled', { matter: draft.matterName })}</h2>
      <dl>
        <dt>{t('applicant')}</dt>
        <dd data-field="applicant">
          {draft.applicant.name} {draft.applicant.idNumber}
        </dd>
        {draft.fields.map((f) => (
          <div key={f.key} className="prefiling-row">
            <dt>{f.label}</dt>
            <dd data-field={f.key}>{f.value}</dd>
          </div>
        ))}
      </dl>
      <p className="prefiling-commitment">{draft.commitment.accepted ? t('commitment') : t('noCommitment')}</p>
      {draft.commitment.signaturePng && <img className="prefiling-signature" src={draft.commitment.signaturePng} alt={t('commitment')} />}
      {state.kind === 'done' ? (
        <p role="status" data-testid="prefiling-accepted">
          {t('accepted', { n: state.n })}
        </p>
      ) : (
        <button className="primary" disabled={state.kind === 'busy' || draft.caseId !== null} onClick={() => void accept()} data-testid="prefiling-accept">
          {state.kind === 'busy' ? t('accepting') : t('accept')}
        </button>
      )}
      {state.kind === 'failed' && <p role="alert">{t('acceptFailed', { reason: state.reason })}</p>}
    </section>
  );
}
