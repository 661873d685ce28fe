/**
 * Typical glyph widths, for placing part of a text item: pdf.js's text content says where an item starts and how
 * wide it is, not where each glyph is. Counting characters alike puts the CPR number in "CPR-nr.: 010203-1234"
 * half a glyph off (digits are wider than ".", ":" and spaces); weighting them by Helvetica's widths (the standard
 * font metrics, in 1/1000 em) is exact for Helvetica and Arial and close for other sans-serif fonts.
 */

/** Helvetica's advance widths for U+0020 … U+007E. */
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Letters that do not decompose into an ASCII letter and a mark. */
const OTHER: Record<string, number> = {
  Æ: 1000,
  æ: 889,
  Ø: 778,
  ø: 611,
  ß: 611,
  '–': 556,
  '—': 1000,
  '§': 556,
  '«': 556,
  '»': 556,
  '\u00a0': 278,
};

/** The width of one character (a code point) in 1/1000 em; accented letters take their base letter's width. */
export function glyphWidth(ch: string): number {
  const known = OTHER[ch];
  if (known !== undefined) return known;
  const code = ch.normalize('NFD').codePointAt(0) ?? 0;
  return code >= 0x20 && code <= 0x7e ? ASCII[code - 0x20]! : 556;
}
