import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CaseNumberPatternError,
  compileCaseNumberPatterns,
  findCaseNumbers,
  normaliseCaseNumber,
} from '../../../src/core/entities/case-number';

const two = (n: number): string => String(n).padStart(2, '0');

describe('findCaseNumbers (KLE form)', () => {
  it('finds a KLE journal number however the dashes are spaced, normalised to one form', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)),
        fc.constantFrom('G', 'A', 'P', 'K', 'S'),
        fc.nat(99),
        fc.integer({ min: 1, max: 99999 }),
        fc.integer({ min: 2000, max: 2039 }),
        fc.array(fc.constantFrom('-', ' - ', '\u2013', ' \u2013 ', '-\n', ' -', '\u00A0-\u00A0'), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('', 'Sagsnr. ', 'J.nr.: ', '(', 'Vores sag '),
        ([a, b, c], letter, facet, running, year, seps, lowerFacet, longYear, before) => {
          const code = `${two(a)}.${two(b)}.${two(c)}`;
          const f = `${lowerFacet ? letter.toLowerCase() : letter}${two(facet)}`;
          const y = longYear ? String(year) : two(year % 100);
          const raw = `${code}${seps[0]}${f}${seps[1]}${running}${seps[2]}${y}`;
          const expected = `${code}-${letter}${two(facet)}-${running}-${two(year % 100)}`;
          expect(findCaseNumbers(`${before}${raw}. Slut`)).toEqual([
            { value: expected, raw, index: before.length, pattern: 'kle' },
          ]);
          expect(normaliseCaseNumber(raw)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the offset of the number and finds several', () => {
    const text = 'Sag 27.24.00-G01-117-25 og tidligere sag 27.24.00 - G01 - 98 - 2023.';
    expect(findCaseNumbers(text).map((c) => [c.value, c.index])).toEqual([
      ['27.24.00-G01-117-25', 4],
      ['27.24.00-G01-98-23', 41],
    ]);
  });

  it('does not take a KLE code on its own, or almost-case-numbers, for a case number', () => {
    for (const text of [
      'KLE 27.24.00 Forebyggende foranstaltninger',
      '27.24.00-G01',
      '27.24.00-G01 er handlingsfacetten',
      '27.24.00-G01-117',
      '27.24.00-G01-117-253',
      '27.24.00-G01-117-25a',
      '127.24.00-G01-117-25',
      '1.27.24.00-G01-117-25',
      '27.24.00-GG1-117-25',
      '27.24.00 G01 117 25',
    ]) {
      expect(findCaseNumbers(text), text).toEqual([]);
    }
  });

  it('normalises zero-padded running numbers and four-digit years to the same value', () => {
    expect(normaliseCaseNumber('27.24.00-g01-00117-2025')).toBe('27.24.00-G01-117-25');
    expect(normaliseCaseNumber(' 27.24.00 – G01 – 117 – 25 ')).toBe('27.24.00-G01-117-25');
    expect(normaliseCaseNumber('sag 2024 - 123')).toBe('SAG 2024-123');
  });
});

describe('policy case-number patterns', () => {
  it('finds numbers of an extra pattern, case-insensitively, alongside the KLE form', () => {
    const patterns = compileCaseNumberPatterns(['SAG-\\d{4}-\\d{5}', 'J\\.nr\\. \\d{6}']);
    const text = 'sag-2024-00042 og 27.24.00-G01-117-25 samt j.nr. 123456';
    expect(findCaseNumbers(text, patterns).map((c) => [c.value, c.pattern])).toEqual([
      ['SAG-2024-00042', 0],
      ['27.24.00-G01-117-25', 'kle'],
      ['J.NR. 123456', 1],
    ]);
  });

  it('refuses unusable patterns with a message that names the pattern and the reason', () => {
    const cases: [string, RegExp][] = [
      ['SAG-(\\d+', /nr\. 1 .*ugyldigt regulært udtryk/],
      ['', /nr\. 1 .*tomt/],
      ['a'.repeat(201), /længere end 200/],
      ['(\\d+)+x', /gentaget gruppe/],
      ['(?:a|\\d*)*$', /gentaget gruppe/],
      ['(a)\\1', /tilbagereferencer/],
      ['x*', /tomme tekst/],
    ];
    for (const [source, message] of cases) {
      expect(() => compileCaseNumberPatterns([source]), source).toThrow(CaseNumberPatternError);
      expect(() => compileCaseNumberPatterns([source]), source).toThrow(message);
    }
    expect(() => compileCaseNumberPatterns(['OK-\\d+', '['])).toThrow(/nr\. 2/);
  });

  it('refuses a pattern that backtracks polynomially on long input', () => {
    expect(() => compileCaseNumberPatterns(['\\d+\\d+\\d+x'])).toThrow(/langsom/);
  });
});
