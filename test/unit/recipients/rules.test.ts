import { describe, expect, it } from 'vitest';
import { isEligible, proposeRecipients, representationsExpired } from '../../../src/core/recipients/propose';
import type { Case, Party } from '../../../src/shared/domain/case-file';
import type { PartyProposal } from '../../../src/shared/domain/proposal';
import { caseOf, company, cprAged, PACK, person, rule, TODAY } from './fixtures';

/** A family: a child of `age` (the subject), a mother and a father, both holding custody unless changed. */
function family(
  age: number,
  father: Partial<Party> = {},
  mother: Partial<Party> = {},
  more: Party[] = [],
): Case {
  return caseOf([
    person('child', age, { roles: ['subject'] }),
    person('mother', 40, { roles: ['parent'], custody: true, ...mother }),
    person('father', 42, { roles: ['parent'], custody: true, ...father }),
    ...more,
  ]);
}

/** An adult subject with extra parties. */
const adult = (more: Party[], subject: Partial<Party> = {}): Case =>
  caseOf([person('subject', 45, { roles: ['subject'], ...subject }), ...more]);

const YESTERDAY = '2026-11-27';
const rep = (represents: string, extra: Partial<Party> = {}): Party =>
  person('rep', 50, {
    roles: ['representative'],
    represents,
    validUntil: '2027-06-30',
    documentTypes: ['all'],
    ...extra,
  });

type Expected = Pick<PartyProposal, 'eligible' | 'proposed' | 'channel'> & { ruleId: string };
const yes = (ruleId: string, channel: PartyProposal['channel'] = 'digital'): Expected => ({
  eligible: true,
  proposed: true,
  channel,
  ruleId,
});
const eligibleOnly = (ruleId: string): Expected => ({
  eligible: true,
  proposed: false,
  channel: 'digital',
  ruleId,
});
const no = (ruleId: string): Expected => ({ eligible: false, proposed: false, channel: 'none', ruleId });

const ROWS: [string, Case, string, string, Expected][] = [
  // Children: both custody holders, living together or not.
  ['custody holder of a child', family(8), 'afgoerelse', 'father', yes(rule('custodyHolder'))],
  ['near miss: custody of someone now 18', family(18), 'afgoerelse', 'father', no(rule('notAudience'))],
  ['custody holder of a young person of 17', family(17), 'afgoerelse', 'mother', yes(rule('custodyHolder'))],
  // A child under 15 is never a recipient; 10–14 in a childPartyFrom10 type gets the in-person reason.
  ['child of 9', family(9), 'afgoerelse', 'child', no(rule('childUnder15'))],
  [
    'child of 12, type with childPartyFrom10',
    family(12),
    'afgoerelse',
    'child',
    no(rule('childParty10to14')),
  ],
  [
    'child of 10, type with childPartyFrom10',
    family(10),
    'samvaer-afgoerelse',
    'child',
    no(rule('childParty10to14')),
  ],
  [
    'child of 12, type without childPartyFrom10',
    family(12),
    'indkaldelse',
    'child',
    no(rule('childUnder15')),
  ],
  [
    'child of 14 the day before turning 15',
    caseOf([person('child', 15, { roles: ['subject'], cpr: cprAged(15, -1) })]),
    'afgoerelse',
    'child',
    no(rule('childParty10to14')),
  ],
  [
    'near miss: 15 today',
    caseOf([person('child', 15, { roles: ['subject'], cpr: cprAged(15, 0) })]),
    'afgoerelse',
    'child',
    yes(rule('youngPersonOwnMailbox')),
  ],
  [
    'young person of 16, addressed to them',
    family(16),
    'boernefaglig-undersoegelse',
    'child',
    yes(rule('youngPersonOwnMailbox')),
  ],
  ['near miss: young person of 16, orientering', family(16), 'orientering', 'child', no(rule('notAudience'))],
  // Parent without custody.
  [
    'no custody, orientation requested',
    family(8, { custody: false, orientationRequested: true }),
    'orientering',
    'father',
    yes(rule('orientationRequested')),
  ],
  [
    'near miss: requested and refused',
    family(8, { custody: false, orientationRequested: true, orientationRefused: true }),
    'orientering',
    'father',
    no(rule('orientationRefused')),
  ],
  [
    'near miss: never requested',
    family(8, { custody: false }),
    'orientering',
    'father',
    no(rule('orientationNotRequested')),
  ],
  [
    'no custody, party to a contact decision',
    family(8, { custody: false }),
    'samvaer-afgoerelse',
    'father',
    yes(rule('contactDecisionParty')),
  ],
  [
    'near miss: no custody, ordinary decision',
    family(8, { custody: false, orientationRequested: true }),
    'afgoerelse',
    'father',
    no(rule('parentWithoutCustody')),
  ],
  [
    'custody not recorded counts as none',
    family(8, { custody: undefined }),
    'afgoerelse',
    'father',
    no(rule('parentWithoutCustody')),
  ],
  ['near miss: custody holder, orientering', family(8), 'orientering', 'mother', no(rule('notAudience'))],
  // Party representative.
  ['valid representative', adult([rep('subject')]), 'afgoerelse', 'rep', yes(rule('representativeValid'))],
  [
    'represented party: eligible, not proposed',
    adult([rep('subject')]),
    'afgoerelse',
    'subject',
    { ...eligibleOnly(rule('subjectParty')) },
  ],
  [
    'representation valid through its last day',
    adult([rep('subject', { validUntil: TODAY })]),
    'afgoerelse',
    'rep',
    yes(rule('representativeValid')),
  ],
  [
    'expired representative',
    adult([rep('subject', { validUntil: YESTERDAY })]),
    'afgoerelse',
    'rep',
    no(rule('representationExpired')),
  ],
  [
    'expired: the party is proposed again',
    adult([rep('subject', { validUntil: YESTERDAY })]),
    'afgoerelse',
    'subject',
    yes(rule('subjectParty')),
  ],
  [
    'no end date',
    adult([rep('subject', { validUntil: undefined })]),
    'afgoerelse',
    'rep',
    no(rule('representationWithoutEndDate')),
  ],
  [
    'listed type',
    adult([rep('subject', { documentTypes: ['afgoerelse'] })]),
    'afgoerelse',
    'rep',
    yes(rule('representativeValid')),
  ],
  [
    'near miss: type not listed',
    adult([rep('subject', { documentTypes: ['afgoerelse'] })]),
    'psykologisk-undersoegelse',
    'rep',
    no(rule('representationTypeNotCovered')),
  ],
  [
    'near miss: type not listed, party proposed',
    adult([rep('subject', { documentTypes: ['afgoerelse'] })]),
    'psykologisk-undersoegelse',
    'subject',
    yes(rule('subjectParty')),
  ],
  [
    'near miss: no types listed',
    adult([rep('subject', { documentTypes: undefined })]),
    'afgoerelse',
    'rep',
    no(rule('representationTypeNotCovered')),
  ],
  [
    'represents a parent who may not receive this type',
    family(8, { custody: false }, {}, [rep('father')]),
    'afgoerelse',
    'rep',
    no(rule('representedNotEligible')),
  ],
  [
    'represents a custody holder',
    family(8, {}, {}, [rep('father')]),
    'afgoerelse',
    'rep',
    yes(rule('representativeValid')),
  ],
  // Guardian: scope against the type's matter.
  [
    'personal guardian, personal matter',
    adult([person('g', 50, { roles: ['guardian'], scope: 'personal' })]),
    'psykologisk-undersoegelse',
    'g',
    yes(rule('guardianInScope')),
  ],
  [
    'near miss: financial guardian, personal matter',
    adult([person('g', 50, { roles: ['guardian'], scope: 'financial' })]),
    'psykologisk-undersoegelse',
    'g',
    no(rule('guardianOutOfScope')),
  ],
  [
    'guardian for both',
    adult([person('g', 50, { roles: ['guardian'], scope: 'both' })]),
    'afgoerelse',
    'g',
    yes(rule('guardianInScope')),
  ],
  [
    'near miss: personal guardian, matter both',
    adult([person('g', 50, { roles: ['guardian'], scope: 'personal' })]),
    'afgoerelse',
    'g',
    no(rule('guardianOutOfScope')),
  ],
  [
    'near miss: no scope recorded',
    adult([person('g', 50, { roles: ['guardian'] })]),
    'psykologisk-undersoegelse',
    'g',
    no(rule('guardianOutOfScope')),
  ],
  // Channels.
  [
    'exempt from Digital Post',
    adult([], { digitalPost: 'exempt' }),
    'afgoerelse',
    'subject',
    yes(rule('subjectParty'), 'physical'),
  ],
  [
    'unknown status',
    adult([], { digitalPost: 'unknown' }),
    'afgoerelse',
    'subject',
    yes(rule('subjectParty'), 'auto'),
  ],
  [
    'no status recorded',
    adult([], { digitalPost: undefined }),
    'afgoerelse',
    'subject',
    yes(rule('subjectParty'), 'auto'),
  ],
  [
    'company by CVR',
    family(8, {}, {}, [company('school', { roles: ['professional'] })]),
    'underretning-kvittering',
    'school',
    yes(rule('professional')),
  ],
  // Deceased, identity.
  ['deceased custody holder', family(8, { deceased: true }), 'afgoerelse', 'father', no(rule('deceased'))],
  [
    'near miss: deceased false',
    family(8, { deceased: false }),
    'afgoerelse',
    'father',
    yes(rule('custodyHolder')),
  ],
  [
    'person without CPR',
    family(8, { cpr: undefined }),
    'afgoerelse',
    'father',
    no(rule('identifierMissing')),
  ],
  [
    'CPR with no real date',
    family(8, { cpr: '320186-1234' }),
    'afgoerelse',
    'father',
    no(rule('identifierMissing')),
  ],
  [
    'company without CVR',
    adult([company('firm', { roles: ['employer'], cvr: undefined })]),
    'afgoerelse',
    'firm',
    no(rule('identifierMissing')),
  ],
  // Professional, requester, other parties.
  [
    'professional, receipt for their report',
    family(8, {}, {}, [person('teacher', 40, { roles: ['professional'] })]),
    'underretning-kvittering',
    'teacher',
    yes(rule('professional')),
  ],
  [
    'near miss: professional, a decision',
    family(8, {}, {}, [person('teacher', 40, { roles: ['professional'] })]),
    'afgoerelse',
    'teacher',
    no(rule('notAudience')),
  ],
  [
    'near miss: custody holder, receipt',
    family(8),
    'underretning-kvittering',
    'mother',
    no(rule('notAudience')),
  ],
  [
    'requester',
    adult([person('req', 50, { roles: ['requester'] })]),
    'aktindsigt',
    'req',
    yes(rule('requester')),
  ],
  [
    'near miss: subject when someone else asked',
    adult([person('req', 50, { roles: ['requester'] })]),
    'aktindsigt',
    'subject',
    no(rule('notAudience')),
  ],
  ['subject when no requester is recorded', adult([]), 'aktindsigt', 'subject', yes(rule('requester'))],
  ['adult subject', adult([]), 'afgoerelse', 'subject', yes(rule('subjectParty'))],
  [
    'employer in own right: eligible, not proposed',
    adult([company('firm', { roles: ['employer'] })]),
    'afgoerelse',
    'firm',
    eligibleOnly(rule('partyOwnRight')),
  ],
  [
    'near miss: employer, psychologist report',
    adult([company('firm', { roles: ['employer'] })]),
    'psykologisk-undersoegelse',
    'firm',
    no(rule('notAudience')),
  ],
];

describe('proposeRecipients, rule by rule', () => {
  it.each(ROWS)('%s', (_, c, type, partyId, expected) => {
    const proposals = proposeRecipients({ case: c, documentTypeKey: type, pack: PACK, today: TODAY });
    const got = proposals.find((p) => p.partyId === partyId);
    expect(got).toMatchObject({
      eligible: expected.eligible,
      proposed: expected.proposed,
      channel: expected.channel,
    });
    expect(got?.reasons.map((r) => r.ruleId)).toContain(expected.ruleId);
  });

  it('says who represents a represented party, and lets letters go to the representative', () => {
    const c = adult([rep('subject', { name: 'Advokat Hansen' })]);
    const [subject, representative] = proposeRecipients({
      case: c,
      documentTypeKey: 'afgoerelse',
      pack: PACK,
      today: TODAY,
    });
    expect(subject?.reasons).toContainEqual({
      ruleId: rule('represented'),
      text: expect.stringContaining('Repræsenteret af Advokat Hansen til og med 30.06.2027'),
    });
    expect(representative?.proposed).toBe(true);
  });

  it('names the child and the age in the reasons, and the print address for exempt citizens', () => {
    const proposals = proposeRecipients({
      case: family(12),
      documentTypeKey: 'afgoerelse',
      pack: PACK,
      today: TODAY,
    });
    expect(proposals[0]?.reasons[0]?.text).toMatch(/^Barnet er 12 år .*overleveres og forklares personligt/);
    expect(proposals[1]?.reasons[0]?.text).toContain('Person child');
    const exempt = proposeRecipients({
      case: adult([], { digitalPost: 'exempt' }),
      documentTypeKey: 'brev',
      pack: PACK,
      today: TODAY,
    });
    expect(exempt[0]?.reasons.at(-1)?.text).toMatch(/fysisk post til Testvej 7, 8000 Aarhus C/);
  });

  it('refuses an unknown document type and a malformed day rather than guess', () => {
    expect(() =>
      proposeRecipients({ case: adult([]), documentTypeKey: 'nope', pack: PACK, today: TODAY }),
    ).toThrow(/nope/);
    expect(() =>
      proposeRecipients({ case: adult([]), documentTypeKey: 'brev', pack: PACK, today: '28-11-2026' }),
    ).toThrow(/ISO/);
    expect(() =>
      proposeRecipients({ case: adult([]), documentTypeKey: 'brev', pack: PACK, today: '2026-02-30' }),
    ).toThrow(/ISO/);
  });

  it('takes its thresholds and sentences from the pack', () => {
    const pack = structuredClone(PACK);
    pack.eligibility.ages.ownMailboxFrom = 16;
    pack.eligibility.rules.childParty10to14 = {
      id: 'kommunens-regel',
      text: 'Overrækkes personligt ({age} år).',
    };
    const [child] = proposeRecipients({
      case: family(15),
      documentTypeKey: 'afgoerelse',
      pack,
      today: TODAY,
    });
    expect(child).toMatchObject({
      eligible: false,
      reasons: [{ ruleId: 'kommunens-regel', text: 'Overrækkes personligt (15 år).' }],
    });
  });
});

describe('isEligible and representationsExpired', () => {
  it('isEligible is false for a party outside the proposal', () => {
    const proposals = proposeRecipients({
      case: family(8),
      documentTypeKey: 'afgoerelse',
      pack: PACK,
      today: TODAY,
    });
    expect(isEligible(proposals, 'mother')).toBe(true);
    expect(isEligible(proposals, 'child')).toBe(false);
    expect(isEligible(proposals, 'someone-else')).toBe(false);
  });

  it('lists representations past their end date only', () => {
    const c = adult([
      rep('subject', { id: 'old', validUntil: YESTERDAY }),
      rep('subject', { id: 'current', validUntil: TODAY }),
      rep('subject', { id: 'open', validUntil: undefined }),
    ]);
    expect(representationsExpired(c, TODAY)).toEqual([
      { partyId: 'old', represents: 'subject', validUntil: YESTERDAY },
    ]);
  });
});
