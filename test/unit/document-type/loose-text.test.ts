import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loosen, looseForMatch, looseWithMap } from '../../../src/core/document-type/loose-text';
import { normaliseForMatch } from '../../../src/core/entities/normalise';

// The characters where the two normalisations could part: Danish letters composed and decomposed, the pairs the
// loose form merges, dashes, spaces of every kind, invisible characters, accents, astral characters.
const alphabet = fc.constantFrom(
  ...['a', 'e', 'o', 'A', 'E', 'O', 'r', 'l', 'S', '1', '§', '.', ':', ' ', '  ', '\n', '\t', '\u00A0'],
  ...['æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'a\u030A', 'A\u030A', 'ä', 'ö', 'é', 'ß', 'İ', '\u030A'],
  ...['-', '\u2013', '\u2014', '\u00AD', '\u200B', '\uFEFF', '\u0001', '😀'],
);

describe('looseWithMap', () => {
  it('equals loosen(normaliseForMatch(text)) on any mix of the tricky characters', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const loose = looseWithMap(text);
        expect(loose.text).toBe(loosen(normaliseForMatch(text)));
        expect(loose.map.length).toBe(loose.text.length + 1);
        expect(loose.map[loose.text.length]).toBe(text.length);
        for (let i = 1; i < loose.map.length; i++)
          expect(loose.map[i]).toBeGreaterThanOrEqual(loose.map[i - 1] ?? 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('makes the usual spellings of a Danish title equal', () => {
    const forms = ['Afgørelse', 'Afgoerelse', 'Afgorelse', 'AFGØRELSE', 'Afgø-\nrelse', 'Afgo\u0308relse'];
    expect(new Set(forms.map(looseForMatch))).toEqual(new Set(['afgorelse']));
    expect(looseForMatch('Samvær')).toBe(looseForMatch('Samvar'));
    expect(looseForMatch('Åbyhøj')).toBe(looseForMatch('Aabyhoej'));
  });

  it('maps every loose character back to the original text', () => {
    const text = 'Kære  Søren\nAfgørelse om SAMVÆR';
    const loose = looseWithMap(text);
    const at = loose.text.indexOf('samvar');
    expect(text.slice(loose.map[at], loose.map[at + 'samvar'.length])).toBe('SAMVÆR');
  });
});
