import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cprBirthDate,
  cprMod11,
  findCprCandidates,
  findCprs,
  leadingCpr,
} from '../../../src/core/entities/cpr';

// The century rules of domain.md, written out as year ranges so the test does not reuse the code's arithmetic:
// which 7th digits a person born in a given year can have.
const SEVENTH_DIGITS: { from: number; to: number; digits: number[] }[] = [
  { from: 1858, to: 1899, digits: [5, 6, 7, 8] },
  { from: 1900, to: 1936, digits: [0, 1, 2, 3] },
  { from: 1937, to: 1999, digits: [0, 1, 2, 3, 4, 9] },
  { from: 2000, to: 2036, digits: [4, 5, 6, 7, 8, 9] },
  { from: 2037, to: 2057, digits: [5, 6, 7, 8] },
];

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
const weighted = (d: string): number => [...d].reduce((s, c, i) => s + Number(c) * (WEIGHTS[i] ?? 0), 0);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Generated {
  digits: string;
  iso: string;
  mod11: boolean;
}

/** A CPR number with a real date in any century the 7th digit can express, mod-11 valid or not as asked. */
const cprArb: fc.Arbitrary<Generated> = fc
  .record({
    range: fc.constantFrom(...SEVENTH_DIGITS),
    yearPick: fc.nat(),
    month: fc.integer({ min: 1, max: 12 }),
    dayPick: fc.nat(),
    digitPick: fc.nat(),
    middle: fc.integer({ min: 0, max: 99 }),
    wantMod11: fc.boolean(),
  })
  .map(({ range, yearPick, month, dayPick, digitPick, middle, wantMod11 }) => {
    const year = range.from + (yearPick % (range.to - range.from + 1));
    const day = 1 + (dayPick % daysIn(year, month));
    const seventh = range.digits[digitPick % range.digits.length] ?? 0;
    const first9 = `${pad(day)}${pad(month)}${pad(year % 100)}${seventh}${pad(middle)}`;
    const rest = (11 - (weighted(first9) % 11)) % 11;
    let last: number;
    if (wantMod11) last = rest;
    else last = rest === 0 ? 1 : 0;
    return { digits: `${first9}${last % 10}`, iso: `${year}-${pad(month)}-${pad(day)}`, mod11: wantMod11 };
  })
  // A weighted remainder needing check digit 10 has no mod-11-valid number: such serials were never issued.
  .filter((g) => (weighted(g.digits) % 11 === 0) === g.mod11);

const SEPARATORS = ['-', '', ' ', '\u00A0', '\u2013'];
const spell = (digits: string, sep: string): string => `${digits.slice(0, 6)}${sep}${digits.slice(6)}`;
const prefixArb = fc.constantFrom(
  '',
  'CPR: ',
  'cpr.nr.',
  'Vedr. Anna Jensen, ',
  '(',
  'født\n',
  'CPR-nr.:\u00A0',
  'x',
);
const suffixArb = fc.constantFrom('', '.', ')', ', bor', '\nVestergade 12', ' er', 'abc');

describe('findCprs', () => {
  it('finds every spelling of a generated CPR, normalised, with its date and mod-11 result', () => {
    fc.assert(
      fc.property(cprArb, fc.constantFrom(...SEPARATORS), prefixArb, suffixArb, (g, sep, before, after) => {
        const raw = spell(g.digits, sep);
        const found = findCprs(`${before}${raw}${after}`);
        expect(found).toEqual([
          {
            value: spell(g.digits, '-'),
            raw,
            index: before.length,
            validDate: true,
            birthDate: g.iso,
            mod11: g.mod11,
          },
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('never finds a CPR inside longer digit runs or grouped digit sequences', () => {
    const notCprs = [
      '1234 0102034567', // bank account: reg. no. and account no.
      'Konto 5470 0102034567 12',
      '0102034567 1234',
      '1234-0102034567',
      '12-010203-4567',
      '010203-4567-89',
      'EAN 5701234567890',
      'IBAN DK50 0040 0440 1162 43',
      'IBAN DK5000400440116243',
      'Tlf. +45 12 34 56 78',
      'Tlf. +45 12345678',
      '01020345678',
      '00102034567',
      '010203 45678',
    ];
    for (const text of notCprs) expect(findCprCandidates(text), text).toEqual([]);
  });

  it('never finds a CPR in a run of 11 or more digits, or with a digit group attached', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 40 }),
        fc.constantFrom('', ' ', 'Konto '),
        (digits, before) => {
          expect(findCprCandidates(`${before}${digits}`)).toEqual([]);
        },
      ),
    );
    fc.assert(
      fc.property(
        cprArb,
        fc.constantFrom('', ' ', '\u00A0'),
        fc.integer({ min: 1, max: 9999 }),
        fc.boolean(),
        (g, sep, group, groupFirst) => {
          const cpr = spell(g.digits, sep);
          const text = groupFirst ? `${group} ${cpr}` : `${cpr} ${group}`;
          expect(findCprCandidates(text)).toEqual([]);
        },
      ),
    );
  });

  it('keeps a dashed CPR followed by an unrelated number, and one glued to letters', () => {
    expect(findCprs('Hanne 010203-4567 21 år').map((c) => c.value)).toEqual(['010203-4567']);
    expect(findCprs('CPR0102034567').map((c) => c.value)).toEqual(['010203-4567']);
    expect(findCprs('cpr-nr.:010203\u00A04567').map((c) => c.index)).toEqual([8]);
  });

  it('never reports a number whose date does not exist, and flags it as a candidate', () => {
    for (const raw of [
      '320175-1234',
      '310475-1234',
      '001275-1234',
      '011375-1234',
      '290201-1234',
      '290200-0123',
    ]) {
      expect(findCprs(raw), raw).toEqual([]);
      expect(findCprCandidates(raw)).toMatchObject([{ value: raw, validDate: false }]);
      expect(findCprCandidates(raw)[0]?.birthDate).toBeUndefined();
    }
    // 29 February 2000 exists (7th digit 4, YY 00 → 2000), 29 February 1900 does not (7th digit 0).
    expect(findCprs('290200-4123')[0]?.birthDate).toBe('2000-02-29');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 }),
        (d) => {
          const [hit] = findCprCandidates(d);
          const date = hit?.birthDate;
          if (hit?.validDate) {
            expect(date).toBeDefined();
            const parsed = new Date(`${date}T00:00:00Z`);
            expect(parsed.toISOString().slice(0, 10)).toBe(date);
            expect(
              `${pad(parsed.getUTCDate())}${pad(parsed.getUTCMonth() + 1)}${pad(parsed.getUTCFullYear() % 100)}`,
            ).toBe(d.slice(0, 6));
          } else {
            expect(findCprs(d)).toEqual([]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('applies the century rules of the 7th digit', () => {
    expect(cprBirthDate('0101360000')).toBe('1936-01-01');
    expect(cprBirthDate('0101364000')).toBe('2036-01-01');
    expect(cprBirthDate('0101374000')).toBe('1937-01-01');
    expect(cprBirthDate('0101579000')).toBe('1957-01-01');
    expect(cprBirthDate('0101575000')).toBe('2057-01-01');
    expect(cprBirthDate('0101585000')).toBe('1858-01-01');
    expect(cprBirthDate('0101998999')).toBe('1899-01-01');
    expect(cprBirthDate('0101363999')).toBe('1936-01-01');
  });

  it('computes modulus 11 and never drops a number for failing it', () => {
    expect(cprMod11('0707614285')).toBe(true);
    expect(cprMod11('1111111118')).toBe(true);
    expect(cprMod11('1111111119')).toBe(false);
    expect(cprMod11('0707614286')).toBe(false);
    expect(findCprs('070761-4285 og 070761-4286').map((c) => [c.value, c.mod11])).toEqual([
      ['070761-4285', true],
      ['070761-4286', false],
    ]);
  });
});

describe('leadingCpr', () => {
  const page = (text: string, n = 1) => ({ page: n, text });

  it('takes the CPR after a label over an earlier one', () => {
    const text =
      'Hanne Jensen\n010180-1234\nVestergade 12\n\nVedrørende: Anna Jensen, CPR-nr. 150312-4567\nKære Hanne';
    expect(leadingCpr([page(text)])?.value).toBe('150312-4567');
    for (const label of [
      'CPR',
      'CPR-nr.',
      'CPR nr.',
      'Cpr.nr.',
      'cpr-nummer:',
      'Personnummer',
      'VEDR.',
      'vedrørende',
    ]) {
      expect(leadingCpr([page(`010180-1234 ${label} 150312-4567`)])?.value, label).toBe('150312-4567');
    }
  });

  it('falls back to the first CPR on page 1, ignores other pages, and is null without one', () => {
    expect(leadingCpr([page('Til Hanne 010180-1234 om 150312-4567')])?.value).toBe('010180-1234');
    // A label too far from any CPR does not count.
    expect(leadingCpr([page(`010180-1234 Vedr. ${'x'.repeat(80)} 150312-4567`)])?.value).toBe('010180-1234');
    expect(leadingCpr([page('ingen numre'), page('CPR 010180-1234', 2)])).toBeNull();
    expect(leadingCpr([])).toBeNull();
    // "vedrører" is not a label.
    expect(leadingCpr([page('010180-1234 vedrører 150312-4567')])?.value).toBe('010180-1234');
  });

  it('carries the fields of the entry it came from', () => {
    const hit = leadingCpr([{ page: 1, text: 'CPR: 150312-4567', source: 'form' as const }]);
    expect(hit).toMatchObject({ page: 1, source: 'form', index: 5, value: '150312-4567' });
    expect(hit).not.toHaveProperty('text');
  });
});
