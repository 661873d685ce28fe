import { describe, expect, it } from 'vitest';
import demoJson from '../../../resources/demo/cases.json';
import { proposeRecipients, representationsExpired } from '../../../src/core/recipients/propose';
import { caseFileSchema, type Case } from '../../../src/shared/domain/case-file';
import { partyProposalSchema } from '../../../src/shared/domain/proposal';
import { PACK, rule, TODAY, TYPE_KEYS } from './fixtures';

/** The demo cases (docs/demo-data.md), judged on the day their ages are given for. */
const CASES = caseFileSchema.parse(demoJson).cases;
const byNumber = (n: string): Case => {
  const c = CASES.find((x) => x.caseNumber === n);
  if (!c) throw new Error(`demo case ${n} is missing`);
  return c;
};
const propose = (n: string, type: string) =>
  proposeRecipients({ case: byNumber(n), documentTypeKey: type, pack: PACK, today: TODAY });
const proposed = (n: string, type: string) =>
  propose(n, type)
    .filter((p) => p.proposed)
    .map((p) => p.partyId);
const party = (n: string, type: string, id: string) => propose(n, type).find((p) => p.partyId === id);

describe('proposals for the demo cases', () => {
  it('gives every demo case and type a well-formed proposal of exactly its parties', () => {
    for (const c of CASES)
      for (const type of TYPE_KEYS) {
        const proposals = proposeRecipients({ case: c, documentTypeKey: type, pack: PACK, today: TODAY });
        expect(proposals.map((p) => p.partyId)).toEqual(c.parties.map((p) => p.id));
        for (const p of proposals) expect(partyProposalSchema.parse(p)).toEqual(p);
      }
  });

  it('case 1: a decision goes to both custody holders living apart, not to the 12-year-old or the school', () => {
    expect(proposed('27.24.00-G01-117-25', 'afgoerelse')).toEqual(['p2', 'p3']);
    expect(party('27.24.00-G01-117-25', 'afgoerelse', 'p1')).toMatchObject({
      eligible: false,
      channel: 'none',
      reasons: [{ ruleId: rule('childParty10to14') }],
    });
    expect(proposed('27.24.00-G01-117-25', 'underretning-kvittering')).toEqual(['p4']);
    expect(proposed('27.24.00-G01-117-25', 'boernefaglig-undersoegelse')).toEqual(['p2', 'p3']);
  });

  it('case 2: the father without custody gets an orientation he asked for, and nothing else by default', () => {
    expect(proposed('27.12.04-G01-031-26', 'orientering')).toEqual(['p3']);
    expect(proposed('27.12.04-G01-031-26', 'afgoerelse')).toEqual(['p2']);
    expect(party('27.12.04-G01-031-26', 'afgoerelse', 'p3')?.eligible).toBe(false);
    expect(party('27.12.04-G01-031-26', 'afgoerelse', 'p1')?.reasons[0]?.ruleId).toBe(rule('childUnder15'));
  });

  it('case 3: the 16-year-old and both custody holders receive decisions', () => {
    expect(proposed('27.24.06-G01-088-26', 'afgoerelse')).toEqual(['p1', 'p2', 'p3']);
  });

  it('case 4: the law firm receives instead of the mother; the father is a party to the contact decision only', () => {
    expect(proposed('27.24.10-G01-054-26', 'afgoerelse')).toEqual(['p4']);
    expect(party('27.24.10-G01-054-26', 'afgoerelse', 'p2')).toMatchObject({
      eligible: true,
      proposed: false,
    });
    expect(party('27.24.10-G01-054-26', 'afgoerelse', 'p2')?.reasons.map((r) => r.ruleId)).toContain(
      rule('represented'),
    );
    expect(proposed('27.24.10-G01-054-26', 'samvaer-afgoerelse')).toEqual(['p3', 'p4']);
    expect(party('27.24.10-G01-054-26', 'orientering', 'p3')?.reasons[0]?.ruleId).toBe(
      rule('orientationNotRequested'),
    );
  });

  it('case 5: a refused orientation request is not eligible; the unknown status goes by automatic choice', () => {
    expect(proposed('27.12.02-G01-209-26', 'orientering')).toEqual([]);
    expect(party('27.12.02-G01-209-26', 'orientering', 'p3')?.reasons[0]?.ruleId).toBe(
      rule('orientationRefused'),
    );
    expect(party('27.12.02-G01-209-26', 'samvaer-afgoerelse', 'p3')).toMatchObject({
      eligible: true,
      channel: 'auto',
    });
  });

  it('case 7: the union’s representation has expired, so Kasper is proposed again', () => {
    expect(proposed('15.20.08-G01-377-26', 'afgoerelse')).toEqual(['p1']);
    expect(party('15.20.08-G01-377-26', 'afgoerelse', 'p3')).toMatchObject({
      eligible: false,
      reasons: [{ ruleId: rule('representationExpired') }],
    });
    expect(party('15.20.08-G01-377-26', 'afgoerelse', 'p2')).toMatchObject({
      eligible: true,
      proposed: false,
    });
    expect(representationsExpired(byNumber('15.20.08-G01-377-26'), TODAY)).toEqual([
      { partyId: 'p3', represents: 'p1', validUntil: '2026-10-31' },
    ]);
    expect(CASES.filter((c) => representationsExpired(c, TODAY).length > 0).map((c) => c.caseNumber)).toEqual(
      ['15.20.08-G01-377-26'],
    );
  });

  it('case 8: the representative receives the listed types only', () => {
    expect(proposed('15.25.00-G01-096-26', 'indkaldelse')).toEqual(['p2']);
    expect(proposed('15.25.00-G01-096-26', 'psykologisk-undersoegelse')).toEqual(['p1']);
  });

  it('case 9: exempt citizen by physical post; the personal guardian receives the psychologist report', () => {
    expect(party('27.36.12-G01-061-26', 'afgoerelse', 'p1')).toMatchObject({
      proposed: true,
      channel: 'physical',
    });
    expect(proposed('27.36.12-G01-061-26', 'psykologisk-undersoegelse')).toEqual(['p1', 'p3']);
    expect(party('27.36.12-G01-061-26', 'psykologisk-undersoegelse', 'p2')?.reasons[0]?.ruleId).toBe(
      rule('guardianOutOfScope'),
    );
  });

  it('case 10: the access-to-records reply goes to the requester only; the deceased father never receives', () => {
    expect(proposed('27.20.04-G01-144-26', 'aktindsigt')).toEqual(['p3']);
    for (const type of TYPE_KEYS)
      expect(party('27.20.04-G01-144-26', type, 'p2')).toMatchObject({ eligible: false, channel: 'none' });
  });
});
