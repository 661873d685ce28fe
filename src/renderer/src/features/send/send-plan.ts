import type { Case } from '../../../../shared/domain/case-file';
import type { Messages } from '../../i18n';
import type { CheckState } from './use-draft-check';
import type { Acknowledgement } from './use-send-choices';

/** What pressing the send button will do, or why it cannot be pressed yet. */
export type SendPlan =
  | { ready: false; reason: string; blocks: string[] }
  | { ready: true; label: string; summary: string; approvalRequired: boolean; approvalReasons: string[] };

interface Inputs {
  hasDocument: boolean;
  caseNumber: string | null;
  caseFile: Case | undefined;
  check: CheckState;
  acknowledged: readonly Acknowledgement[];
}

/**
 * The send button says what will happen ("Send digitalt til Mette Eksempelsen og Jonas Prøvesen"), from the last
 * check's recipients and channels. The backend checks everything again on submit; this only keeps the window honest
 * about what it is about to ask for.
 */
export function sendPlan(
  { hasDocument, caseNumber, caseFile, check, acknowledged }: Inputs,
  m: Messages,
): SendPlan {
  const t = m.send.action;
  const no = (reason: string, blocks: string[] = []): SendPlan => ({ ready: false, reason, blocks });
  if (!hasDocument) return no(t.needDocument);
  if (caseNumber === null) return no(t.needCase);
  if (check.status === 'failed') return no(t.checkFailed);
  if (check.status !== 'ready' || !caseFile) return no(t.checking);
  const { check: result, recipients } = check.value;

  const blocks = result.findings.filter((f) => f.severity === 'block').map((f) => f.message);
  if (blocks.length > 0) return no(t.blocked, blocks);
  if (recipients.length === 0) return no(t.needRecipient);
  const acked = new Set(acknowledged.map((a) => a.code));
  const open = result.findings.filter((f) => f.severity === 'warn' && !acked.has(f.code));
  if (open.length > 0) return no(t.needAcknowledge(new Set(open.map((f) => f.code)).size));

  const nameOf = (id: string) => caseFile.parties.find((p) => p.id === id)?.name ?? id;
  const by = (channel: string) =>
    recipients.filter((r) => r.channel === channel).map((r) => nameOf(r.partyId));
  const plan = { digital: by('digital'), physical: by('physical'), auto: by('auto') };
  const summary = t.summary(plan);
  if (result.approvalRequired) {
    return {
      ready: true,
      label: t.toApproval,
      summary: t.approvalSummary(plan),
      approvalRequired: true,
      approvalReasons: result.approvalReasons,
    };
  }
  return { ready: true, label: t.send(plan), summary, approvalRequired: false, approvalReasons: [] };
}
