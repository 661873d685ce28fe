import { describe, expect, it } from 'vitest';
import {
  expiryOf,
  isExpired,
  normaliseSubject,
  subjectDifferences,
  type ApprovalSubject,
} from '../../../src/core/approval/subject';
import { canonicalJson } from '../../../src/shared/canonical-json';

const subject: ApprovalSubject = {
  v: 1,
  draftId: 'd-1',
  caseNumber: '27.24.00-G01-117-25',
  documentSha256: 'AB'.repeat(32),
  documentType: 'psykolograpport',
  recipients: [
    { partyId: 'p-mor', identity: 'cpr:010180-1234', channel: 'digital', messageUUID: 'u-2' },
    { partyId: 'p-far', identity: 'cpr:020280-2345', channel: 'physical', messageUUID: 'u-1' },
  ],
  findings: [
    { code: 'UNKNOWN_CPR', severity: 'warn', partyId: null },
    { code: 'ADDRESSEE_MISMATCH', severity: 'warn', partyId: 'p-far' },
  ],
  acknowledged: [{ code: 'UNKNOWN_CPR', reason: 'Nummeret er en tidligere sags, fjernet ikke nødvendigt' }],
  policySha256: 'cd'.repeat(32),
};

describe('the approval subject', () => {
  it('has one canonical form whatever the order of its lists and keys', () => {
    const shuffled: ApprovalSubject = {
      ...subject,
      recipients: [...subject.recipients].reverse(),
      findings: [...subject.findings].reverse(),
      documentSha256: subject.documentSha256.toLowerCase(),
    };
    expect(canonicalJson(normaliseSubject(shuffled))).toBe(canonicalJson(normaliseSubject(subject)));
    expect(subjectDifferences(subject, shuffled)).toEqual([]);
  });

  it('drops fields that are not part of the subject, so nothing extra is signed', () => {
    const extra = {
      ...subject,
      note: 'x',
      recipients: subject.recipients.map((r) => ({ ...r, name: 'Navn' })),
    };
    expect(canonicalJson(normaliseSubject(extra as ApprovalSubject))).toBe(
      canonicalJson(normaliseSubject(subject)),
    );
  });

  it('names each aspect that changed', () => {
    const diff = (change: Partial<ApprovalSubject>) => subjectDifferences(subject, { ...subject, ...change });
    expect(diff({ documentSha256: 'ef'.repeat(32) })).toEqual(['document']);
    expect(diff({ documentType: 'afgoerelse' })).toEqual(['type']);
    expect(diff({ caseNumber: '27.24.00-G01-999-25' })).toEqual(['case']);
    expect(diff({ draftId: 'd-2' })).toEqual(['draft']);
    expect(diff({ recipients: subject.recipients.slice(0, 1) })).toEqual(['recipients']);
    expect(
      diff({
        recipients: subject.recipients.map((r) => ({
          ...r,
          identity: r.partyId === 'p-far' ? 'cpr:x' : r.identity,
        })),
      }),
    ).toEqual(['recipients']);
    expect(
      diff({ recipients: subject.recipients.map((r) => ({ ...r, messageUUID: `${r.messageUUID}-ny` })) }),
    ).toEqual(['recipients']);
    expect(
      diff({ recipients: subject.recipients.map((r) => ({ ...r, channel: 'digital' as const })) }),
    ).toEqual(['channels']);
    expect(
      diff({
        findings: [...subject.findings, { code: 'THIRD_PARTY_CPR', severity: 'warn', partyId: 'p-mor' }],
      }),
    ).toEqual(['findings']);
    expect(diff({ findings: subject.findings.map((f) => ({ ...f, severity: 'block' as const })) })).toEqual([
      'findings',
    ]);
    expect(diff({ acknowledged: [] })).toEqual(['acknowledged']);
    // A new policy that finds the same is not a difference.
    expect(diff({ policySha256: 'ff'.repeat(32) })).toEqual([]);
  });

  it('at send time, takes what is left of the approved send, but nothing new', () => {
    const diff = (change: Partial<ApprovalSubject>) =>
      subjectDifferences(subject, { ...subject, ...change }, { remainder: true });
    // One recipient cancelled in the undo window (or already sent), with the finding that went with them.
    expect(
      diff({
        recipients: subject.recipients.filter((r) => r.partyId === 'p-mor'),
        findings: subject.findings.filter((f) => f.partyId !== 'p-far'),
      }),
    ).toEqual([]);
    expect(diff({})).toEqual([]);
    // Nobody left is not a send that was approved; a new number, channel or finding is a difference.
    expect(diff({ recipients: [] })).toEqual(['recipients']);
    expect(diff({ recipients: [{ ...subject.recipients[0]!, identity: 'cpr:090909-0909' }] })).toEqual([
      'recipients',
    ]);
    expect(diff({ recipients: [{ ...subject.recipients[1]!, channel: 'digital' }] })).toEqual(['channels']);
    expect(
      diff({
        findings: [...subject.findings, { code: 'THIRD_PARTY_CPR', severity: 'warn', partyId: 'p-mor' }],
      }),
    ).toEqual(['findings']);
    expect(diff({ documentSha256: 'ef'.repeat(32) })).toEqual(['document']);
  });

  it('expires after seven days by default', () => {
    const at = new Date('2026-11-29T10:00:00.000Z');
    const expires = expiryOf(at);
    expect(expires).toBe('2026-12-06T10:00:00.000Z');
    expect(isExpired(expires, new Date('2026-12-06T09:59:59.999Z'))).toBe(false);
    expect(isExpired(expires, new Date('2026-12-06T10:00:00.000Z'))).toBe(true);
    expect(expiryOf(at, 1)).toBe('2026-11-30T10:00:00.000Z');
  });
});
