import { describe, expect, it } from 'vitest';
import { checkDocument, sameName, type CheckInput } from '../../../src/core/findings';
import type { FindingCode } from '../../../src/shared/domain/findings';
import {
  EXPIRED_REP,
  CHILD,
  FATHER,
  LAWYER,
  LETTER_TO_FATHER,
  MOTHER,
  TEACHER,
  baseInput,
  makeCase,
  page,
  to,
} from './fixtures';

interface Expected {
  partyId?: string | null;
  severity?: 'block' | 'warn' | 'info';
  /** Text every piece of evidence of the finding must contain (matched text), and its page. */
  evidence?: { text: string; page: number | null; source?: string }[];
}

interface Row {
  name: string;
  input: Partial<CheckInput>;
  /** The findings of the code under test, in order; [] for a near-miss that must not trigger. */
  expected: Expected[];
}

const withBody = (body: string, header = LETTER_TO_FATHER): CheckInput['texts'] => [
  page(1, header),
  page(2, body),
];

function expectRows(code: FindingCode, rows: Row[]): void {
  it.each(rows)('$name', ({ input, expected }) => {
    const found = checkDocument(baseInput(input)).findings.filter((f) => f.code === code);
    expect(found).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const f = found[i];
      if (!f) throw new Error('missing finding');
      if (e.partyId !== undefined) expect(f.partyId).toBe(e.partyId);
      if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
      if (e.evidence !== undefined)
        expect(f.evidence.map((ev) => ({ ...ev, source: ev.source }))).toEqual(
          e.evidence.map((ev) => ({ source: 'page', ...ev })),
        );
      expect(f.message).toMatch(/\p{L}/u);
    });
  });
}

describe('the correct letter', () => {
  it('has no findings at all', () => {
    const result = checkDocument(baseInput());
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('ok');
    expect(result.approvalRequired).toBe(false);
  });
});

describe('CASE_NUMBER_MISMATCH', () => {
  expectRows('CASE_NUMBER_MISMATCH', [
    {
      name: 'another case number blocks, with the number as written and its page',
      input: { texts: withBody('Se også sag 27.24.00-G01-118-25 om søsteren.') },
      expected: [{ severity: 'block', partyId: null, evidence: [{ text: '27.24.00-G01-118-25', page: 2 }] }],
    },
    {
      name: 'the same foreign number twice is one finding with both places',
      input: {
        texts: withBody('Sag 27.24.00-G01-118-25.\nIgen: 27.24.00 - G01 - 0118 - 2025.'),
      },
      expected: [
        {
          evidence: [
            { text: '27.24.00-G01-118-25', page: 2 },
            { text: '27.24.00 - G01 - 0118 - 2025', page: 2 },
          ],
        },
      ],
    },
    {
      name: 'near-miss: a related case number, written differently from the case data',
      input: { texts: withBody('Vi henviser til den tidligere sag 27.24.00-G01-042-24.') },
      expected: [],
    },
    {
      name: "near-miss: the case's own number with a four-digit year and spaces",
      input: { texts: withBody('Sagsnummer 27.24.00 – G01 – 117 – 2025') },
      expected: [],
    },
    {
      name: 'near-miss: a KLE code on its own',
      input: { texts: withBody('Emne: 27.24.00 Børn og unge. Journalplan 27.24.00-G01.') },
      expected: [],
    },
  ]);
});

describe('SUBJECT_MISMATCH', () => {
  expectRows('SUBJECT_MISMATCH', [
    {
      name: "page 1 labelled with the father's CPR blocks, naming him",
      input: {
        texts: [page(1, LETTER_TO_FATHER.replace('Emil Hansen, CPR-nr. 120315-4123', 'CPR-nr. 150782-1111'))],
      },
      expected: [{ severity: 'block', partyId: 'p3', evidence: [{ text: '150782-1111', page: 1 }] }],
    },
    {
      name: 'a CPR of nobody on the case blocks without a party',
      input: { texts: [page(1, 'Vedrørende: 010190-1234\n\nKære Søren Østergård Hansen')] },
      expected: [{ partyId: null, evidence: [{ text: '010190-1234', page: 1 }] }],
    },
    {
      name: "near-miss: the subject's CPR written without the dash",
      input: { texts: [page(1, 'Vedr. Emil Hansen, CPR 1203154123\nKære Søren Østergård Hansen')] },
      expected: [],
    },
    {
      name: 'near-miss: no CPR on page 1 (a later page does not lead)',
      input: { texts: [page(1, 'Kære Søren Østergård Hansen'), page(2, 'Far: 150782-1111')] },
      expected: [],
    },
  ]);
});

describe('UNKNOWN_CPR', () => {
  expectRows('UNKNOWN_CPR', [
    {
      name: 'a CPR of nobody on the case warns once, with each place',
      input: { texts: withBody('Naboen (010190-1234) har ringet.\nIgen 0101901234.') },
      expected: [
        {
          severity: 'warn',
          partyId: null,
          evidence: [
            { text: '010190-1234', page: 2 },
            { text: '0101901234', page: 2 },
          ],
        },
      ],
    },
    {
      name: 'a CPR in a form field warns with the form as source',
      input: {
        texts: [page(1, LETTER_TO_FATHER), { page: 1, text: '010190-1234', source: 'form' }],
      },
      expected: [{ evidence: [{ text: '010190-1234', page: 1, source: 'form' }] }],
    },
    {
      name: "near-miss: a party's CPR",
      input: { texts: withBody('Mor: 030485-1236.') },
      expected: [],
    },
    {
      name: 'near-miss: an account number and a date-less ten-digit number',
      input: { texts: withBody('Kontonr. 5470 0102034567. Journal 3213991234.') },
      expected: [],
    },
  ]);
});

describe('THIRD_PARTY_CPR', () => {
  expectRows('THIRD_PARTY_CPR', [
    {
      name: "the mother's CPR in a letter to the father warns for the father",
      input: { texts: withBody('Mor: Mette Hansen, 030485-1236.') },
      expected: [{ severity: 'warn', partyId: 'p3', evidence: [{ text: '030485-1236', page: 2 }] }],
    },
    {
      name: "the child's CPR to a professional warns for the professional",
      input: {
        recipients: to('p6'),
        texts: [page(1, 'Vedr. Emil Hansen, CPR-nr. 120315-4123\n\nKære Anne Skov')],
      },
      expected: [{ partyId: 'p6', evidence: [{ text: '120315-4123', page: 1 }] }],
    },
    {
      name: "the child's and the mother's CPR to her expired representative: one warning each",
      input: {
        case: makeCase([CHILD, MOTHER, FATHER, EXPIRED_REP]),
        recipients: to('p5'),
        texts: withBody('Mor: 030485-1236.'),
      },
      expected: [
        { partyId: 'p5', evidence: [{ text: '120315-4123', page: 1 }] },
        { partyId: 'p5', evidence: [{ text: '030485-1236', page: 2 }] },
      ],
    },
    {
      name: "the mother's CPR to the father's lawyer warns for the lawyer",
      input: { recipients: to('p4'), texts: withBody('Mor: 030485-1236.') },
      expected: [{ partyId: 'p4' }],
    },
    {
      name: 'near-miss: the recipient’s own CPR',
      input: { texts: withBody('Dit CPR-nummer: 150782-1111.') },
      expected: [],
    },
    {
      name: "near-miss: the child's CPR to both custodial parents",
      input: { recipients: to('p2', 'p3') },
      expected: [],
    },
    {
      name: "near-miss: the father's and the child's CPR to the father's valid representative",
      input: { recipients: to('p4'), texts: withBody('Far: 150782-1111.') },
      expected: [],
    },
    {
      name: "near-miss: the ward's CPR to a guardian whose scope covers the matter",
      input: {
        case: makeCase([
          { ...CHILD, cpr: '120380-1234' },
          { ...TEACHER, id: 'p7', roles: ['guardian'], scope: 'personal' },
        ]),
        recipients: to('p7'),
        texts: [page(1, 'Vedr. 120380-1234\nKære Anne Skov')],
      },
      expected: [],
    },
  ]);

  it("warns for a guardian outside the scope: a financial guardian and the ward's personal matter", () => {
    const input = baseInput({
      case: makeCase([
        { ...CHILD, cpr: '120380-1234' },
        { ...TEACHER, roles: ['guardian'], scope: 'financial' },
      ]),
      recipients: to('p6'),
      texts: [page(1, 'Vedr. 120380-1234\nKære Anne Skov')],
    });
    expect(checkDocument(input).findings.map((f) => f.code)).toContain('THIRD_PARTY_CPR');
  });

  it('no custody, no entitlement to the child', () => {
    const input = baseInput({
      case: makeCase([CHILD, MOTHER, { ...FATHER, custody: false }, LAWYER, TEACHER]),
    });
    const found = checkDocument(input).findings.filter((f) => f.code === 'THIRD_PARTY_CPR');
    expect(found.map((f) => f.partyId)).toEqual(['p3']);
  });
});

describe('ADDRESSEE_MISMATCH', () => {
  const salute = (line: string): CheckInput['texts'] => [
    page(
      1,
      LETTER_TO_FATHER.replace('Kære Søren Østergård Hansen', line).replace(
        /Søren Østergård Hansen\nKærvej 14\n8230 Åbyhøj\n/u,
        '',
      ),
    ),
  ];
  expectRows('ADDRESSEE_MISMATCH', [
    {
      name: 'a letter to the mother sent to the father warns for the father',
      input: { texts: salute('Kære Mette Hansen') },
      expected: [{ severity: 'warn', partyId: 'p3', evidence: [{ text: 'Mette Hansen', page: 1 }] }],
    },
    {
      name: 'a letter to the father warns for the mother as a second recipient',
      input: { recipients: to('p2', 'p3') },
      expected: [{ partyId: 'p2', evidence: [{ text: 'Søren Østergård Hansen', page: 1 }] }],
    },
    { name: 'near-miss: "Kære forældre"', input: { texts: salute('Kære forældre') }, expected: [] },
    { name: 'near-miss: no salutation', input: { texts: salute('') }, expected: [] },
    {
      name: 'near-miss: the middle name left out',
      input: { texts: salute('Kære Søren Hansen') },
      expected: [],
    },
    {
      name: 'near-miss: capitals and æ/ø/å spelt out',
      input: { texts: salute('Kære SOEREN OESTERGAARD HANSEN') },
      expected: [],
    },
    {
      name: 'near-miss: both parents named, both recipients',
      input: { recipients: to('p2', 'p3'), texts: salute('Kære Mette Hansen og Søren Hansen') },
      expected: [],
    },
  ]);

  it('compares names tolerantly but not loosely', () => {
    expect(sameName('S. Hansen', 'Søren Østergård Hansen')).toBe(true);
    expect(sameName('Søren Østergård Hansen', 'Søren Hansen')).toBe(true);
    expect(sameName('Søren\nHansen', 'soeren hansen')).toBe(true);
    expect(sameName('Mette Hansen', 'Søren Østergård Hansen')).toBe(false);
    expect(sameName('Søren Jensen', 'Søren Østergård Hansen')).toBe(false);
    // A first name alone ("Kære Søren") names the person with that first name, not someone else.
    expect(sameName('Søren', 'Søren Hansen')).toBe(true);
    expect(sameName('Mette', 'Søren Hansen')).toBe(false);
    expect(sameName('Hansen', 'Søren Hansen')).toBe(false);
    expect(sameName('Søren Peter Hansen', 'Søren Østergård Hansen')).toBe(false);
  });
});

describe('RECIPIENT_NOT_ELIGIBLE', () => {
  expectRows('RECIPIENT_NOT_ELIGIBLE', [
    {
      name: 'a party the proposal finds not eligible blocks',
      input: { case: makeCase([CHILD, MOTHER, FATHER, EXPIRED_REP]), recipients: to('p3', 'p5') },
      expected: [
        {
          severity: 'block',
          partyId: 'p5',
          evidence: [{ text: 'Lise Holm', page: null, source: 'recipients' }],
        },
      ],
    },
    {
      name: 'an id that is no party of the case blocks',
      input: { recipients: to('p3', 'x9') },
      expected: [{ partyId: 'x9', evidence: [{ text: 'x9', page: null, source: 'recipients' }] }],
    },
    {
      name: 'a party with no proposal blocks',
      input: { recipients: to('p3'), proposals: [] },
      expected: [{ partyId: 'p3' }],
    },
    { name: 'near-miss: eligible recipients', input: { recipients: to('p2', 'p3') }, expected: [] },
  ]);
});

describe('REPRESENTATION_EXPIRED', () => {
  expectRows('REPRESENTATION_EXPIRED', [
    {
      name: 'a representative past the end date warns, whoever receives',
      input: { case: makeCase([CHILD, MOTHER, FATHER, EXPIRED_REP]) },
      expected: [
        {
          severity: 'warn',
          partyId: 'p5',
          evidence: [{ text: 'Lise Holm: gyldig til 01.01.2024', page: null, source: 'case' }],
        },
      ],
    },
    {
      name: 'near-miss: a representation ending today is still valid',
      input: { case: makeCase([CHILD, MOTHER, FATHER, { ...LAWYER, validUntil: '2025-06-01' }]) },
      expected: [],
    },
    {
      name: 'near-miss: a guardian (not a representative) with a past date',
      input: {
        case: makeCase([
          CHILD,
          MOTHER,
          FATHER,
          { ...TEACHER, roles: ['guardian'], validUntil: '2020-01-01' },
        ]),
      },
      expected: [],
    },
  ]);
});
