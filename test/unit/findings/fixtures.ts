import type { SourceText } from '../../../src/core/entities';
import type { CheckInput } from '../../../src/core/findings';
import type { Case, Party } from '../../../src/shared/domain/case-file';
import { DEFAULT_FINDING_SEVERITIES } from '../../../src/shared/domain/findings';
import type { PartyProposal } from '../../../src/shared/domain/proposal';

/** Small, fictitious children-and-family case: a child of 10, two custodial parents, the father's lawyer. */
export const CHILD: Party = {
  id: 'p1',
  kind: 'person',
  name: 'Emil Hansen',
  cpr: '120315-4123',
  roles: ['subject'],
  address: { street: 'Kærvej 12, 2. th.', postalCode: '8230', city: 'Åbyhøj' },
};
export const MOTHER: Party = {
  id: 'p2',
  kind: 'person',
  name: 'Mette Hansen',
  cpr: '030485-1236',
  roles: ['parent'],
  custody: true,
  address: { street: 'Kærvej 12, 2. th.', postalCode: '8230', city: 'Åbyhøj' },
};
export const FATHER: Party = {
  id: 'p3',
  kind: 'person',
  name: 'Søren Østergård Hansen',
  cpr: '150782-1111',
  roles: ['parent'],
  custody: true,
  address: { street: 'Kærvej 14', postalCode: '8230', city: 'Åbyhøj' },
};
export const LAWYER: Party = {
  id: 'p4',
  kind: 'person',
  name: 'Jens Bjørn Larsen',
  roles: ['representative'],
  represents: 'p3',
  validUntil: '2026-12-31',
  documentTypes: ['all'],
  address: { street: 'Store Torv 1', postalCode: '8000', city: 'Aarhus C' },
};
export const TEACHER: Party = {
  id: 'p6',
  kind: 'person',
  name: 'Anne Skov',
  roles: ['professional'],
};
/** The mother's earlier representative, whose representation has ended. */
export const EXPIRED_REP: Party = {
  id: 'p5',
  kind: 'person',
  name: 'Lise Holm',
  roles: ['representative'],
  represents: 'p2',
  validUntil: '2024-01-01',
  documentTypes: ['all'],
};

export const PROTECTED_MOTHER: Party = { ...MOTHER, addressProtected: true };

export const TODAY = '2025-06-01';

export function makeCase(parties: Party[] = [CHILD, MOTHER, FATHER, LAWYER, TEACHER]): Case {
  return {
    caseNumber: '27.24.00-G01-117-25',
    title: 'Støtte til Emil',
    area: 'children',
    subjectPartyId: 'p1',
    relatedCaseNumbers: ['27.24.00-G01-42-2024'],
    asOf: '2025-05-20',
    parties,
  };
}

/** Everyone eligible except a child under 15 and an expired representative, as the proposal engine would say. */
export function proposalsFor(c: Case): PartyProposal[] {
  return c.parties.map((p) => {
    const eligible = p.id !== 'p1' && !(p.validUntil !== undefined && p.validUntil < TODAY);
    return {
      partyId: p.id,
      eligible,
      proposed: eligible,
      channel: eligible ? 'digital' : 'none',
      reasons: [{ ruleId: 'test', text: 'Testforslag.' }],
    };
  });
}

export const page = (n: number, text: string): SourceText => ({ page: n, text, source: 'page' });

/** A correct letter to the father about the child. */
export const LETTER_TO_FATHER = [
  'Aarhus Kommune',
  'Familieafdelingen',
  '',
  'Søren Østergård Hansen',
  'Kærvej 14',
  '8230 Åbyhøj',
  '',
  'Sagsnr. 27.24.00-G01-117-25',
  'Vedr. Emil Hansen, CPR-nr. 120315-4123',
  '',
  'Kære Søren Østergård Hansen',
  '',
  'Vi indkalder dig til et møde om Emils skolegang.',
  '',
  'Med venlig hilsen',
  'Familieafdelingen',
].join('\n');

export function baseInput(overrides: Partial<CheckInput> = {}): CheckInput {
  const c = overrides.case ?? makeCase();
  return {
    case: c,
    texts: [page(1, LETTER_TO_FATHER)],
    analysis: { outcome: 'ok', pagesWithoutText: [], pages: 1, attachments: 0 },
    documentType: { key: 'indkaldelse', uncertain: false, label: 'Indkaldelse', matter: 'personal' },
    recipients: [{ partyId: 'p3', channel: 'digital' }],
    proposals: proposalsFor(c),
    severities: { ...DEFAULT_FINDING_SEVERITIES },
    staleDataDays: 30,
    auditOnly: false,
    today: TODAY,
    ...overrides,
  };
}

export const to = (...ids: string[]): CheckInput['recipients'] =>
  ids.map((partyId) => ({ partyId, channel: 'digital' as const }));
