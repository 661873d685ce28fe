import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { caseFileProblems, caseFileSchema, type Case, type Party } from '../../src/shared/domain/case-file';

/**
 * The demo dataset is what every demo, screenshot and "correct letter" test stands on, so each scenario the
 * recipients issue asks for is asserted by a query over the data: removing or breaking one fails here first.
 */

const TODAY = '2026-11-28';
const DOCUMENT_TYPE_KEYS = [
  'afgoerelse',
  'partshoering',
  'indkaldelse',
  'boernefaglig-undersoegelse',
  'psykologisk-undersoegelse',
  'underretning-kvittering',
  'aktindsigt',
  'orientering',
  'samvaer-afgoerelse',
  'brev',
];
const KLE_CASE_NUMBER = /^\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d{1,4}-\d{2}$/;

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../resources/demo/cases.json', import.meta.url), 'utf8'),
);
const file = caseFileSchema.parse(raw);
const cases = file.cases;
const allParties = cases.flatMap((c) => c.parties.map((p) => ({ c, p })));

/** The century from the 7th digit, as the CPR office defines it. */
function centuryOf(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/** The birth date as `YYYY-MM-DD`, or null when the number does not name a real calendar date. */
function cprBirthDate(cpr: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)\d{3}$/.exec(cpr);
  if (!m) return null;
  const [dd, mm, yy, seventh] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const year = centuryOf(yy, seventh) + yy;
  const d = new Date(Date.UTC(year, mm - 1, dd));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return null;
  return d.toISOString().slice(0, 10);
}

/** Whole years between a birth date and a day, both `YYYY-MM-DD` (string compare of MM-DD is exact). */
function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) >= birth.slice(5) ? years : years - 1;
}

function ageOf(p: Party): number | null {
  const birth = p.cpr ? cprBirthDate(p.cpr) : null;
  return birth ? ageOn(birth, TODAY) : null;
}

function subjectOf(c: Case): Party | undefined {
  return c.parties.find((p) => p.id === c.subjectPartyId);
}

const sameAddress = (a: Party, b: Party): boolean =>
  !!a.address &&
  !!b.address &&
  a.address.street === b.address.street &&
  a.address.postalCode === b.address.postalCode;

const isParentWithoutCustody = (p: Party): boolean => p.roles.includes('parent') && p.custody !== true;

describe('the CPR helpers of this test', () => {
  it('apply the century rule of the 7th digit', () => {
    expect(cprBirthDate('010170-1234')).toBe('1970-01-01');
    expect(cprBirthDate('010110-4234')).toBe('2010-01-01');
    expect(cprBirthDate('010140-4234')).toBe('1940-01-01');
    expect(cprBirthDate('010136-9234')).toBe('2036-01-01');
    expect(cprBirthDate('010137-9234')).toBe('1937-01-01');
    expect(cprBirthDate('010157-5234')).toBe('2057-01-01');
    expect(cprBirthDate('010158-8234')).toBe('1858-01-01');
    expect(cprBirthDate('300299-1234')).toBeNull();
    expect(cprBirthDate('290200-4234')).toBe('2000-02-29');
    expect(ageOn('2010-11-28', TODAY)).toBe(16);
    expect(ageOn('2010-11-29', TODAY)).toBe(15);
  });
});

describe('the demo case file', () => {
  it('parses with the case-file schema and has no cross-reference problems', () => {
    expect(caseFileProblems(file)).toEqual([]);
  });

  it('has at least 8 cases across children, employment and adult services', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const area of ['children', 'employment', 'adult'] as const) {
      expect(
        cases.some((c) => c.area === area),
        area,
      ).toBe(true);
    }
  });

  it('starts with the case of the contract example: two custody holders apart, the child and a school', () => {
    const first = cases[0]!;
    expect(first.caseNumber).toBe('27.24.00-G01-117-25');
    expect(first.area).toBe('children');
    const holders = first.parties.filter((p) => p.custody === true);
    expect(holders).toHaveLength(2);
    expect(sameAddress(holders[0]!, holders[1]!)).toBe(false);
    expect(ageOf(subjectOf(first)!)).toBeLessThan(18);
    expect(first.parties.some((p) => p.roles.includes('professional') && /skole/i.test(p.name))).toBe(true);
  });

  it('has distinct case numbers in KLE form, and related numbers in the same form', () => {
    const numbers = cases.map((c) => c.caseNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(KLE_CASE_NUMBER);
    for (const c of cases) {
      for (const r of c.relatedCaseNumbers) {
        expect(r).toMatch(KLE_CASE_NUMBER);
        expect(r).not.toBe(c.caseNumber);
      }
    }
  });

  it('is recent except for exactly one deliberately stale case', () => {
    const recent = cases.filter((c) => c.asOf >= '2026-10-01' && c.asOf <= TODAY);
    const stale = cases.filter((c) => c.asOf <= '2025-06-30');
    expect(stale).toHaveLength(1);
    expect(recent.length + stale.length).toBe(cases.length);
  });
});

describe('the parties', () => {
  it('every person has a CPR number with a real birth date in the past, a Digital Post status and an address', () => {
    for (const { c, p } of allParties.filter(({ p }) => p.kind === 'person')) {
      const where = `${c.caseNumber} ${p.id}`;
      expect(p.cpr, where).toBeDefined();
      const birth = cprBirthDate(p.cpr!);
      expect(birth, `${where}: ${p.cpr}`).not.toBeNull();
      expect(birth! <= TODAY, where).toBe(true);
      expect(p.digitalPost, where).toBeDefined();
      expect(p.address, where).toBeDefined();
    }
  });

  it('every company and authority has a CVR number and an address', () => {
    for (const { c, p } of allParties.filter(({ p }) => p.kind !== 'person')) {
      expect(p.cvr, `${c.caseNumber} ${p.id}`).toMatch(/^\d{8}$/);
      expect(p.address, `${c.caseNumber} ${p.id}`).toBeDefined();
    }
  });

  it('gives one CPR number to one person only (the same person may appear in several cases)', () => {
    const nameByCpr = new Map<string, string>();
    for (const { p } of allParties) {
      if (!p.cpr) continue;
      const seen = nameByCpr.get(p.cpr);
      if (seen !== undefined) expect(p.name, p.cpr).toBe(seen);
      nameByCpr.set(p.cpr, p.name);
    }
    expect(allParties.some(({ p }) => p.cpr && allParties.filter((x) => x.p.cpr === p.cpr).length > 1)).toBe(
      true,
    );
  });

  it('uses CPR numbers that fail the modulus-11 check, so none can be a real number issued before 2007', () => {
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    for (const { p } of allParties) {
      if (!p.cpr) continue;
      const digits = p.cpr.replace('-', '').split('').map(Number);
      const sum = digits.reduce((s, d, i) => s + d * weights[i]!, 0);
      expect(sum % 11, p.cpr).not.toBe(0);
    }
  });

  it('has parents who are adults, and custody recorded only on parents', () => {
    for (const { c, p } of allParties) {
      if (p.roles.includes('parent')) expect(ageOf(p)!, `${c.caseNumber} ${p.id}`).toBeGreaterThanOrEqual(18);
      if (p.custody !== undefined) expect(p.roles, `${c.caseNumber} ${p.id}`).toContain('parent');
    }
  });

  it('has representatives and guardians that are well formed', () => {
    for (const { c, p } of allParties) {
      const where = `${c.caseNumber} ${p.id}`;
      if (p.roles.includes('representative')) {
        expect(p.represents, where).toBeDefined();
        expect(p.represents, where).not.toBe(p.id);
        expect(p.validUntil, where).toBeDefined();
        expect(p.documentTypes?.length, where).toBeGreaterThan(0);
        for (const t of p.documentTypes!) expect(['all', ...DOCUMENT_TYPE_KEYS], where).toContain(t);
      }
      if (p.roles.includes('guardian')) expect(p.scope, where).toBeDefined();
    }
  });
});

describe('the scenarios of the recipients issue', () => {
  const some = (pred: (p: Party, c: Case) => boolean): boolean => allParties.some(({ c, p }) => pred(p, c));
  const childSubjectAged = (lo: number, hi: number) =>
    cases.some((c) => {
      const s = subjectOf(c);
      const age = s ? ageOf(s) : null;
      return c.area === 'children' && age !== null && age >= lo && age <= hi;
    });

  it('two custody holders on one case', () => {
    expect(cases.some((c) => c.parties.filter((p) => p.custody === true).length >= 2)).toBe(true);
  });

  it('a parent without custody who asked for orientation (not refused)', () => {
    expect(
      some(
        (p) => isParentWithoutCustody(p) && p.orientationRequested === true && p.orientationRefused !== true,
      ),
    ).toBe(true);
  });

  it('a parent without custody with no orientation request recorded', () => {
    expect(some((p) => isParentWithoutCustody(p) && p.orientationRequested !== true)).toBe(true);
  });

  it('a parent without custody whose orientation request was refused', () => {
    expect(
      some(
        (p) => isParentWithoutCustody(p) && p.orientationRequested === true && p.orientationRefused === true,
      ),
    ).toBe(true);
  });

  it(`a young person of 15–17, a child of 10–14 and a younger child, aged on ${TODAY}`, () => {
    expect(childSubjectAged(15, 17)).toBe(true);
    expect(childSubjectAged(10, 14)).toBe(true);
    expect(childSubjectAged(0, 9)).toBe(true);
  });

  it('a valid representation, for all types and for a listed set', () => {
    const valid = allParties.filter(({ p }) => p.roles.includes('representative') && p.validUntil! >= TODAY);
    expect(valid.some(({ p }) => p.documentTypes!.includes('all'))).toBe(true);
    expect(valid.some(({ p }) => !p.documentTypes!.includes('all'))).toBe(true);
  });

  it('an expired representation', () => {
    expect(some((p) => p.roles.includes('representative') && p.validUntil! < TODAY)).toBe(true);
  });

  it('a financial guardian and a personal guardian', () => {
    expect(some((p) => p.roles.includes('guardian') && p.scope === 'financial')).toBe(true);
    expect(some((p) => p.roles.includes('guardian') && p.scope === 'personal')).toBe(true);
  });

  it('a citizen exempt from Digital Post and one whose status is unknown', () => {
    expect(some((p) => p.kind === 'person' && p.digitalPost === 'exempt')).toBe(true);
    expect(some((p) => p.kind === 'person' && p.digitalPost === 'unknown')).toBe(true);
  });

  it('a parent with address protection and a child registered at the same address', () => {
    expect(
      some(
        (p, c) =>
          p.roles.includes('parent') &&
          p.addressProtected === true &&
          c.parties.some((q) => q.id !== p.id && sameAddress(p, q) && (ageOf(q) ?? 99) < 18),
      ),
    ).toBe(true);
  });

  it('a deceased party', () => {
    expect(some((p) => p.deceased === true)).toBe(true);
  });

  it('a company employer with a CVR number', () => {
    expect(some((p) => p.kind === 'company' && p.roles.includes('employer') && !!p.cvr)).toBe(true);
  });

  it('a professional who reported', () => {
    expect(
      some((p) => p.roles.includes('professional') && (p.kind === 'authority' || p.kind === 'person')),
    ).toBe(true);
  });

  it('a requester of access to records', () => {
    expect(some((p) => p.roles.includes('requester'))).toBe(true);
  });

  it('a case that cites a related case number found in the file', () => {
    const numbers = new Set(cases.map((c) => c.caseNumber));
    expect(cases.some((c) => c.relatedCaseNumbers.some((r) => numbers.has(r)))).toBe(true);
  });
});
