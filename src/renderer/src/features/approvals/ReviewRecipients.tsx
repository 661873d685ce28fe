import type { ApprovalViewData } from '../../../../shared/domain/approval';
import type { Case } from '../../../../shared/domain/case-file';
import type { PartyProposal } from '../../../../shared/domain/proposal';
import { useMessages } from '../../i18n';
import { Badge } from '../../ui/Badge';
import { roleLabels } from '../cases/party-labels';

interface Props {
  request: ApprovalViewData;
  /** Every party of the case as the checks see it now, with the rules that admitted or refused each. */
  proposal: readonly PartyProposal[];
  caseFile: Case | undefined;
}

/**
 * Who gets the letter, how, and by which rule: the reviewer checks the recipients against the rules the
 * caseworker's screen applied. The parties who do not get it follow, folded away, each with its reason.
 */
export function ReviewRecipients({ request, proposal, caseFile }: Props) {
  const m = useMessages();
  const t = m.approvals;
  const chosen = new Set(request.recipients.map((r) => r.partyId));
  const others = proposal.filter((p) => !chosen.has(p.partyId));
  const party = (partyId: string) => caseFile?.parties.find((p) => p.id === partyId);

  const row = (partyId: string, channel: string | null, reasons: PartyProposal['reasons'] | undefined) => {
    const found = party(partyId);
    return (
      <li key={partyId} className="review-recipient" data-testid={`review-recipient-${partyId}`}>
        <p className="review-recipient__name">
          <strong>{found?.name ?? partyId}</strong>
          {found && caseFile ? (
            <span className="muted"> · {roleLabels(found, caseFile.area, m).join(', ')}</span>
          ) : null}{' '}
          {channel ? <Badge tone={channel === 'physical' ? 'warning' : 'neutral'}>{channel}</Badge> : null}
        </p>
        {reasons && reasons.length > 0 ? (
          <ul className="review-recipient__reasons" aria-label={t.review.rules}>
            {reasons.map((r) => (
              <li key={r.ruleId}>{r.text}</li>
            ))}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <>
      <ul className="review-recipients">
        {request.recipients.map((r) =>
          row(r.partyId, t.channel[r.channel], proposal.find((p) => p.partyId === r.partyId)?.reasons),
        )}
      </ul>
      {others.length > 0 ? (
        <details className="review-others">
          <summary>{t.review.notAdmittedHeading(others.length)}</summary>
          <ul className="review-recipients">{others.map((p) => row(p.partyId, null, p.reasons))}</ul>
        </details>
      ) : null}
    </>
  );
}
