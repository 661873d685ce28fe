/**
 * Text normalisation for matching names and addresses, keeping a map back to the original offsets so that every
 * hit can point at the text the caseworker sees. What becomes equal, and why:
 *
 * - NFC, lower case: PDFs store å both composed and decomposed, and letters vary in case.
 * - æ→ae, ø→oe, å→aa (and ä→ae, ö→oe, which registers outside Denmark use): "Søren Ærø, Åbyhøj" and "Soeren Aeroe,
 *   Aabyhoej" are the same person and place; other accents are dropped (André = Andre).
 * - Every run of whitespace (line breaks, non-breaking spaces) is one space: lines break inside names and addresses.
 * - Soft hyphens and zero-width characters vanish. A dash glued to a letter on its left and followed by a letter
 *   (after any whitespace) is a hyphen inside a word or a hyphenation at a line end (`Vester-\ngade`,
 *   `Jensen-Hansen`): it vanishes with that whitespace. Any other dash is a space, so `12–14` or `Jensen – Vej`
 *   keep their parts apart.
 */

export interface NormalisedText {
  text: string;
  /** `map[i]` is the offset in the original of normalised character i; `map[text.length]` is the original length. */
  map: number[];
}

const FOLD: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe' };
const DASHES = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212']);
const INVISIBLE = new Set(['\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF']);
const SPACE = /\s/u;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;

const isSpace = (c: string): boolean => c === ' ' || (c > '~' || c < '!' ? SPACE.test(c) : false);
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\u007f' && LETTER.test(c)));

/** Folds one character (with its combining marks) to its matching form. */
function fold(unit: string): string {
  const lower = unit.normalize('NFC').toLowerCase();
  const folded = FOLD[lower];
  if (folded !== undefined) return folded;
  if (lower.length === 1 && lower < '\u00c0') return lower;
  return lower.normalize('NFD').replace(/\p{M}/gu, '');
}

export function normaliseWithMap(original: string): NormalisedText {
  const out: string[] = [];
  const map: number[] = [];
  const emit = (s: string, at: number): void => {
    for (const ch of s) {
      out.push(ch);
      map.push(at);
    }
  };
  const lastOut = (): string | undefined => out[out.length - 1];
  const n = original.length;
  let i = 0;
  while (i < n) {
    const c = original[i] ?? '';
    if (INVISIBLE.has(c)) {
      i++;
      continue;
    }
    if (isSpace(c)) {
      if (out.length > 0 && lastOut() !== ' ') emit(' ', i);
      i++;
      continue;
    }
    if (DASHES.has(c)) {
      let j = i + 1;
      while (j < n && (isSpace(original[j] ?? '') || INVISIBLE.has(original[j] ?? ''))) j++;
      if (isLetter(original[i - 1]) && isLetter(original[j])) {
        i = j;
        continue;
      }
      if (out.length > 0 && lastOut() !== ' ') emit(' ', i);
      i++;
      continue;
    }
    // A character and the combining marks that follow it (a decomposed å) fold together.
    let end = i + 1;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) end++;
    while (end < n && (original.charCodeAt(end) ?? 0) >= 0x300 && MARK.test(original[end] ?? '')) end++;
    emit(end === i + 1 && code < 0xc0 ? c.toLowerCase() : fold(original.slice(i, end)), i);
    i = end;
  }
  if (lastOut() === ' ') {
    out.pop();
    map.pop();
  }
  map.push(n);
  return { text: out.join(''), map };
}

/** The matching form of a short string (a party's name, a street), without the offset map. */
export function normaliseForMatch(s: string): string {
  return normaliseWithMap(s).text;
}
