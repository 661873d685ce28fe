import type { FindingCode, Severity } from '../../shared/domain/findings';
import type { RecipientChannel } from '../../shared/domain/proposal';

/**
 * What a supervisor approves (docs/approval.md): the exact send, in a form that can be signed (RFC 8785 canonical
 * JSON) and compared again at send time. Lists are sorted so the same send always gives the same form.
 */

export interface SubjectRecipient {
  partyId: string;
  /** `cpr:DDMMYY-SSSS` or `cvr:NNNNNNNN`; null for a party the case knows no number for (physical post only). */
  identity: string | null;
  /** The channel the policy's rules give this party (the outbox row may say paper where Digital Post said so). */
  channel: RecipientChannel;
  messageUUID: string;
}

export interface SubjectFinding {
  code: FindingCode;
  severity: Severity;
  partyId: string | null;
}

export interface ApprovalSubject {
  v: 1;
  draftId: string;
  caseNumber: string;
  documentSha256: string;
  documentType: string;
  recipients: SubjectRecipient[];
  findings: SubjectFinding[];
  acknowledged: { code: FindingCode; reason: string }[];
  policySha256: string;
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

const findingKey = (f: SubjectFinding) => `${f.code}\u0000${f.partyId ?? ''}\u0000${f.severity}`;

/** The subject with its lists in their one order, and only the fields named above (nothing extra gets signed). */
export function normaliseSubject(s: ApprovalSubject): ApprovalSubject {
  return {
    v: 1,
    draftId: s.draftId,
    caseNumber: s.caseNumber,
    documentSha256: s.documentSha256.toLowerCase(),
    documentType: s.documentType,
    recipients: s.recipients
      .map((r) => ({
        partyId: r.partyId,
        identity: r.identity,
        channel: r.channel,
        messageUUID: r.messageUUID,
      }))
      .sort(byKey((r) => r.partyId)),
    findings: s.findings
      .map((f) => ({ code: f.code, severity: f.severity, partyId: f.partyId }))
      .sort(byKey(findingKey)),
    acknowledged: s.acknowledged
      .map((a) => ({ code: a.code, reason: a.reason }))
      .sort(byKey((a) => `${a.code}\u0000${a.reason}`)),
    policySha256: s.policySha256,
  };
}

/** What may differ between the approved send and the send about to go; each voids the approval. */
export const subjectAspects = [
  'draft',
  'case',
  'document',
  'type',
  'recipients',
  'channels',
  'findings',
  'acknowledged',
] as const;
export type SubjectAspect = (typeof subjectAspects)[number];

const same = <T>(a: readonly T[], b: readonly T[], key: (t: T) => string) =>
  a.length === b.length && a.every((x, i) => key(x) === key(b[i]!));

/** Every item of `part` is in `whole` (by key). */
const within = <T>(part: readonly T[], whole: readonly T[], key: (t: T) => string) => {
  const keys = new Set(whole.map(key));
  return part.every((x) => keys.has(key(x)));
};

/**
 * Where the current send differs from the approved one. Recipients differ when a party, its number or its message
 * UUID differs; channels when the same recipients would get it by another channel. The policy's hash is recorded
 * but not compared: a new policy that changes nothing about this send's findings does not void it.
 *
 * `remainder`: the current send is what is left of the approved one at the moment a message goes (docs/approval.md):
 * a recipient the caseworker cancelled in the undo window, or one already sent, is not a difference, and neither is
 * a finding that went with a cancelled recipient; but every recipient and finding now must be one that was approved.
 */
export function subjectDifferences(
  approved: ApprovalSubject,
  current: ApprovalSubject,
  options: { remainder?: boolean } = {},
): SubjectAspect[] {
  const a = normaliseSubject(approved);
  const c = normaliseSubject(current);
  const fits = options.remainder
    ? <T>(x: readonly T[], y: readonly T[], key: (t: T) => string) => within(y, x, key)
    : same;
  const out: SubjectAspect[] = [];
  if (a.draftId !== c.draftId) out.push('draft');
  if (a.caseNumber !== c.caseNumber) out.push('case');
  if (a.documentSha256 !== c.documentSha256) out.push('document');
  if (a.documentType !== c.documentType) out.push('type');
  const who = (r: SubjectRecipient) => `${r.partyId}\u0000${r.identity ?? ''}\u0000${r.messageUUID}`;
  if (!fits(a.recipients, c.recipients, who) || c.recipients.length === 0) out.push('recipients');
  else if (!fits(a.recipients, c.recipients, (r) => `${r.partyId}\u0000${r.channel}`)) out.push('channels');
  if (!fits(a.findings, c.findings, findingKey)) out.push('findings');
  if (!same(a.acknowledged, c.acknowledged, (x) => `${x.code}\u0000${x.reason}`)) out.push('acknowledged');
  return out;
}

export const DEFAULT_APPROVAL_EXPIRY_DAYS = 7;

export function expiryOf(requestedAt: Date, days: number = DEFAULT_APPROVAL_EXPIRY_DAYS): string {
  return new Date(requestedAt.getTime() + days * 86_400_000).toISOString();
}

export function isExpired(expiresAt: string, now: Date): boolean {
  return now.toISOString() >= expiresAt;
}
