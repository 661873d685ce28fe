/**
 * One row per finding code of domain.md ("What the checks say"): a Danish letter that triggers it and near-miss
 * letters that must not, each printed by both producers (pdfkit and Chromium's print-to-PDF), read by the real
 * extraction worker and checked by runCheck with the default policy pack on a fixed day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingCode, Severity } from '../../../src/shared/domain/findings';
import {
  CASE_NUMBER,
  CHILD,
  FATHER,
  MOTHER,
  familyCase,
  lawyer,
  protectedFamilyCase,
} from '../../fixtures/checks/cases';
import {
  analysedOf,
  check,
  prepare,
  withCode,
  type Bench,
  type Document,
} from '../../fixtures/checks/harness';
import { letter, PRODUCERS, type Letter, type ProducerName } from '../../fixtures/checks/letters';

/** A meeting notice to both custody holders about Emil: recognised as `indkaldelse`, proposed to p2 and p3. */
function notice(parts: Partial<Letter> = {}): Letter {
  return letter({
    caseLine: `Sagsnr. ${CASE_NUMBER}`,
    title: 'Indkaldelse til møde om Emil',
    vedr: 'Vedr. Emil Hansen, CPR-nr. 120314-4123',
    salutation: 'Kære Mette Hansen og Søren Østergård Hansen',
    body: [
      'Vi indkalder jer til et møde om Emils trivsel i skolen og om den støtte, familien kan få.',
      'Mødested: Familiehuset, Rådhuspladsen 2, 8000 Aarhus C. Tidspunkt: tirsdag den 8. december 2026 kl. 10.00.',
      'Kan I ikke komme, så meld afbud til mig på telefon 89 40 20 00.',
    ],
    ...parts,
  });
}

/** A case with its case number, related numbers and everything else as familyCase(). */
const F = familyCase();

interface Expectation {
  severity: Severity;
  partyId: string | null;
  /** The first evidence page; null for findings from case data. */
  page: number | null;
  /** Every party the code concerns in this check (default: [partyId]). */
  parties?: (string | null)[];
  approvalRequired?: true;
}

interface Probe extends Document {
  about: string;
  recipients?: string[];
}

interface Row {
  code: FindingCode;
  /** Producers the row runs for; all unless said (and the test name says why). */
  only?: { producer: ProducerName; why: string };
  triggers: (Probe & { expect: Expectation })[];
  nearMisses: Probe[];
}

const ROWS: Row[] = [
  {
    code: 'CASE_NUMBER_MISMATCH',
    triggers: [
      {
        about: 'another case number on page 2',
        letter: notice({ page2: ['Se også afgørelsen om Emils søster i sag 27.24.00-G01-118-25.'] }),
        case: F,
        expect: { severity: 'block', partyId: null, page: 2 },
      },
    ],
    nearMisses: [
      {
        about: 'a letter citing a related case number (-042-24 for -42-2024)',
        letter: notice({ page2: ['Mødet følger op på sag 27.24.00-G01-042-24 om Emils skolegang.'] }),
        case: F,
      },
      {
        about: 'a KLE code on its own (27.24.00, 27.24.00-G01)',
        letter: notice({
          body: [...notice().body, 'Sagen hører under KLE 27.24.00, handlingsfacet 27.24.00-G01.'],
        }),
        case: F,
      },
      {
        about: "the case's own number with a four-digit year",
        letter: notice({ caseLine: 'Sagsnr. 27.24.00-G01-117-2025' }),
        case: F,
      },
    ],
  },
  {
    code: 'SUBJECT_MISMATCH',
    triggers: [
      {
        about: "the Vedr. line gives the mother's CPR",
        letter: notice({ vedr: 'Vedr. Mette Hansen, CPR-nr. 030485-1236' }),
        case: F,
        expect: { severity: 'block', partyId: 'p2', page: 1 },
      },
    ],
    nearMisses: [
      {
        about: "the subject's CPR without a dash",
        letter: notice({ vedr: 'Vedr. Emil Hansen, CPR-nr. 1203144123' }),
        case: F,
      },
    ],
  },
  {
    code: 'UNKNOWN_CPR',
    triggers: [
      {
        about: 'a CPR of nobody on the case, on page 2',
        letter: notice({
          page2: ['Skolen har ved en fejl vedlagt oplysninger om en anden elev, CPR-nr. 010190-2009.'],
        }),
        case: F,
        expect: { severity: 'warn', partyId: null, page: 2 },
      },
    ],
    nearMisses: [
      {
        about: 'an account number that holds ten digits and a party CPR',
        letter: notice({
          page2: ['Tilskuddet udbetales til reg.nr. og kontonr. 1234 0102034567 (Emil Hansen, 120314-4123).'],
        }),
        case: F,
      },
    ],
  },
  {
    code: 'THIRD_PARTY_CPR',
    triggers: [
      {
        about: "the mother's CPR on page 2, to both parents (the father is not entitled, she is)",
        letter: notice({ page2: ['Mette Hansen, CPR-nr. 030485-1236, har oplyst, at Emil sover dårligt.'] }),
        case: F,
        expect: { severity: 'warn', partyId: 'p3', page: 2 },
      },
    ],
    nearMisses: [
      {
        about: "an entitled party's own CPR (to the mother only)",
        letter: notice({
          salutation: 'Kære Mette Hansen',
          page2: ['Dit CPR-nr. 030485-1236 er registreret som kontaktperson for skolen.'],
        }),
        case: F,
        recipients: ['p2'],
      },
      {
        about: 'the child’s CPR to both custody holders',
        letter: notice(),
        case: F,
      },
    ],
  },
  {
    code: 'ADDRESSEE_MISMATCH',
    triggers: [
      {
        about: 'address block and salutation name the mother, sent to both parents',
        letter: notice({
          address: ['Mette Hansen', 'Kærvej 12, 2. th.', '8230 Åbyhøj'],
          salutation: 'Kære Mette Hansen',
        }),
        case: F,
        expect: { severity: 'warn', partyId: 'p3', page: 1 },
      },
    ],
    nearMisses: [
      { about: '"Kære forældre"', letter: notice({ salutation: 'Kære forældre' }), case: F },
      {
        about: 'initials and a missing middle name ("S. Hansen", "Mette Hansen")',
        letter: notice({ salutation: 'Kære Mette Hansen og S. Hansen' }),
        case: F,
      },
    ],
  },
  {
    code: 'PROTECTED_ADDRESS_LEAK',
    triggers: [
      {
        about: 'the protected street and house number, to the father who does not live there',
        letter: notice({
          salutation: 'Kære forældre',
          body: [
            ...notice().body,
            'Emil bor fortsat hos sin mor på Kærvej 12, 2. th., og skal hentes der efter mødet.',
          ],
        }),
        case: protectedFamilyCase(),
        expect: { severity: 'block', partyId: 'p3', page: 1 },
      },
      {
        // The father holds custody of Emil, so Emil's name alone is no warning to him; the protected mother's is.
        about: "a protected resident's name with no address: a warning",
        letter: notice({
          salutation: 'Kære forældre',
          body: [...notice().body, 'Mette Hansen deltager også i mødet.'],
        }),
        case: protectedFamilyCase(),
        expect: { severity: 'warn', partyId: 'p3', page: 1 },
      },
    ],
    nearMisses: [
      {
        about: 'a protected street name with another house number (Kærvej 121), no resident named',
        letter: notice({
          vedr: 'Vedr. mødet om jeres barn',
          salutation: 'Kære forældre',
          body: [
            'Vi indkalder jer til et møde om jeres barns trivsel i skolen.',
            'Mødested: Familiehuset, Kærvej 121, 8230 Åbyhøj. Tidspunkt: tirsdag den 8. december 2026 kl. 10.00.',
          ],
        }),
        case: protectedFamilyCase(),
      },
      {
        about: 'the protected address, sent only to the mother registered at it',
        letter: notice({
          salutation: 'Kære Mette Hansen',
          body: [...notice().body, 'Emil bor fortsat hos dig på Kærvej 12, 2. th., 8230 Åbyhøj.'],
        }),
        case: protectedFamilyCase(),
        recipients: ['p2'],
      },
    ],
  },
  {
    code: 'RECIPIENT_NOT_ELIGIBLE',
    triggers: [
      {
        about: 'the 12-year-old child chosen as a recipient',
        letter: notice(),
        case: F,
        recipients: ['p2', 'p1'],
        expect: { severity: 'block', partyId: 'p1', page: null },
      },
    ],
    nearMisses: [
      { about: 'the two custody holders chosen', letter: notice(), case: F, recipients: ['p2', 'p3'] },
    ],
  },
  {
    code: 'REPRESENTATION_EXPIRED',
    triggers: [
      {
        about: "the father's lawyer, whose representation ended 31 October 2026",
        letter: notice(),
        case: familyCase([CHILD, MOTHER, FATHER, lawyer('2026-10-31')]),
        expect: { severity: 'warn', partyId: 'p4', page: null },
      },
    ],
    nearMisses: [
      {
        about: 'a representation that ends today',
        letter: notice(),
        case: familyCase([CHILD, MOTHER, FATHER, lawyer('2026-11-28')]),
      },
    ],
  },
  {
    code: 'NO_TEXT_LAYER',
    triggers: [
      {
        about: 'a text cover page and a scanned page 2',
        letter: notice({ scannedPage2: true }),
        case: F,
        expect: { severity: 'warn', partyId: null, page: 2, approvalRequired: true },
      },
    ],
    nearMisses: [
      {
        about: 'two pages, both with text',
        letter: notice({ page2: ['Bilag: dagsorden for mødet om Emils trivsel og skolegang.'] }),
        case: F,
      },
    ],
  },
  {
    code: 'UNCHECKED_CONTENT',
    only: { producer: 'pdfkit', why: "pdfkit only: Chromium's print-to-PDF cannot embed files" },
    triggers: [
      {
        about: 'an embedded file',
        letter: notice({
          attachment: { name: 'skoleudtalelse.txt', content: 'Udtalelse fra skolen om Emil.' },
        }),
        case: F,
        expect: { severity: 'warn', partyId: null, page: null, approvalRequired: true },
      },
    ],
    nearMisses: [
      { about: 'a scanned page (that is NO_TEXT_LAYER)', letter: notice({ scannedPage2: true }), case: F },
    ],
  },
  {
    code: 'TYPE_UNCERTAIN',
    triggers: [
      {
        about: 'a letter with no title or keyword of any type',
        letter: notice({
          title: 'Om Emils skoledag',
          body: [
            'Skolen har fortalt os, at Emil er glad for sin nye klasse.',
            'Vi ringer til jer i næste uge.',
          ],
        }),
        case: F,
        expect: { severity: 'warn', partyId: null, page: null },
      },
    ],
    nearMisses: [{ about: 'a meeting notice, recognised with confidence', letter: notice(), case: F }],
  },
  {
    code: 'CASE_DATA_STALE',
    triggers: [
      {
        about: 'case data from 1 August 2026 (119 days)',
        letter: notice(),
        case: familyCase(undefined, { asOf: '2026-08-01' }),
        expect: { severity: 'warn', partyId: null, page: null },
      },
    ],
    nearMisses: [
      {
        about: 'case data exactly 90 days old',
        letter: notice(),
        case: familyCase(undefined, { asOf: '2026-08-30' }),
      },
    ],
  },
];

// The orientation rule (the custodial parent's CPR or address in an `orientering` to the parent without custody
// blocks) is tested on a real PDF by demo letter 55 (test/integration/demo-letters.test.ts) and in
// test/unit/findings/orientation-and-names.test.ts.

const key = (code: FindingCode, kind: 't' | 'n', i: number) => `${code}:${kind}${i}`;
const DOCUMENTS = new Map<string, Document>();
for (const row of ROWS) {
  row.triggers.forEach((t, i) => DOCUMENTS.set(key(row.code, 't', i), t));
  row.nearMisses.forEach((n, i) => DOCUMENTS.set(key(row.code, 'n', i), n));
}

let bench: Bench;

beforeAll(async () => {
  bench = await prepare(DOCUMENTS, PRODUCERS, (producer, d) => producer === 'pdfkit' || !d.letter.attachment);
});

afterAll(async () => {
  await bench.close();
});

describe.each(PRODUCERS)('findings from %s letters', (producer) => {
  const rows = ROWS.filter((r) => !r.only || r.only.producer === producer);
  describe.each(rows.map((r) => ({ ...r, name: r.only ? `${r.code} (${r.only.why})` : r.code })))(
    '$name',
    (row) => {
      it.each(row.triggers.map((t, i) => ({ ...t, i })))('fires: $about', (t) => {
        const result = check(analysedOf(bench, producer, key(row.code, 't', t.i)), t.case, {
          recipients: t.recipients,
        });
        const found = withCode(result, row.code);
        expect(found.map((f) => f.partyId)).toEqual(t.expect.parties ?? [t.expect.partyId]);
        const f = found[0]!;
        expect(f.severity).toBe(t.expect.severity);
        expect(f.evidence.length).toBeGreaterThan(0);
        expect(f.evidence[0]?.page ?? null).toBe(t.expect.page);
        expect(f.message).not.toMatch(/\d{6}-?\d{4}/);
        if (t.expect.approvalRequired) expect(result.check.approvalRequired).toBe(true);
        if (t.expect.severity === 'block') expect(result.check.verdict).toBe('block');
        else expect(['warn', 'block']).toContain(result.check.verdict);
      });

      it.each(row.nearMisses.map((n, i) => ({ ...n, i })))('does not fire: $about', (n) => {
        const result = check(analysedOf(bench, producer, key(row.code, 'n', n.i)), n.case, {
          recipients: n.recipients,
        });
        expect(withCode(result, row.code)).toEqual([]);
      });
    },
  );

  it('reads every trigger letter with the type the rows were written for', () => {
    for (const row of rows) {
      const a = analysedOf(bench, producer, key(row.code, 't', 0));
      const expected =
        row.code === 'TYPE_UNCERTAIN'
          ? { key: 'brev', uncertain: true }
          : { key: 'indkaldelse', uncertain: false };
      expect(a.analysis.documentType ?? { key: 'brev', uncertain: true }, row.code).toMatchObject(expected);
    }
  });
});

/** Sanity of the table itself: one row for each code of domain.md. */
it('has a row for every finding code', () => {
  expect(ROWS.map((r) => r.code).sort()).toEqual(
    [
      'CASE_NUMBER_MISMATCH',
      'SUBJECT_MISMATCH',
      'UNKNOWN_CPR',
      'THIRD_PARTY_CPR',
      'ADDRESSEE_MISMATCH',
      'PROTECTED_ADDRESS_LEAK',
      'RECIPIENT_NOT_ELIGIBLE',
      'REPRESENTATION_EXPIRED',
      'NO_TEXT_LAYER',
      'UNCHECKED_CONTENT',
      'TYPE_UNCERTAIN',
      'CASE_DATA_STALE',
    ].sort(),
  );
});
