import { normaliseForMatch } from '../entities/normalise';

/**
 * The matching form for document-type phrases: `normaliseForMatch` (case, æ/ae ø/oe å/aa, accents, line breaks,
 * hyphenation), then one step looser: `oe`→`o`, `aa`→`a`, `ae`→`a`, left to right. Letters are typed without
 * Danish letters as often as with them ("Afgorelse", "Afgoerelse", "Samvar"); titles are long enough that the
 * looser form does not make different phrases equal.
 *
 * Equal, by definition, to `loosen(normaliseForMatch(text))` (a property test holds the two together), but written
 * as one pass with an ASCII fast path: `normaliseWithMap` takes about 70 ms per million characters, and a 300-page
 * bundle must be typed in well under 100 ms. Non-ASCII characters still fold through `normaliseForMatch` (cached),
 * so the two normalisations cannot drift apart on æøå and accents.
 */

export interface LooseText {
  text: string;
  /** `map[i]` is the offset in the original of loose character i; `map[text.length]` is the original length. */
  map: Int32Array;
}

/** The reference definition, used for phrases (short) and by the tests. */
export function loosen(normalised: string): string {
  return normalised.replace(/oe|aa|ae/g, (m) => m[0] ?? '');
}

export function looseForMatch(s: string): string {
  return loosen(normaliseForMatch(s));
}

// The same character classes as normalise.ts.
const DASHES = new Set([0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212]);
const INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const SPACE = /\s/u;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;

const foldCache = new Map<string, string>();
function foldUnit(unit: string): string {
  let f = foldCache.get(unit);
  if (f === undefined) {
    f = normaliseForMatch(unit);
    if (foldCache.size < 10_000) foldCache.set(unit, f);
  }
  return f;
}

const isSpaceCode = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c > 126 && SPACE.test(String.fromCharCode(c)));
const isLetterAt = (s: string, i: number): boolean => {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && LETTER.test(s[i] ?? ''));
};

export function looseWithMap(original: string): LooseText {
  const n = original.length;
  // A fold can emit more than it reads (ß, ligatures); the buffers grow if a text ever needs more.
  let out = new Uint16Array(n + 64);
  let map = new Int32Array(n + 65);
  let len = 0;
  // The last character emitted, while it may still swallow a following one (`o`+`e`); 0 once a pair is taken, so
  // pairs are taken once, left to right, as in `loosen`.
  let open = 0;
  const emit = (code: number, at: number): void => {
    if ((open === 111 && code === 101) || (open === 97 && (code === 97 || code === 101))) {
      open = 0;
      return;
    }
    if (len + 1 >= out.length) {
      const bigger = new Uint16Array(out.length * 2);
      bigger.set(out);
      out = bigger;
      const biggerMap = new Int32Array(map.length * 2);
      biggerMap.set(map);
      map = biggerMap;
    }
    out[len] = code;
    map[len] = at;
    len++;
    open = code === 32 ? 0 : code;
  };
  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    // The common case, inlined: printable ASCII other than the dash, not followed by a combining mark.
    if (
      c > 32 &&
      c < 127 &&
      c !== 45 &&
      !(original.charCodeAt(i + 1) >= 0x300 && MARK.test(original[i + 1] ?? ''))
    ) {
      const code = c >= 65 && c <= 90 ? c + 32 : c;
      if ((open === 111 && code === 101) || (open === 97 && (code === 97 || code === 101))) open = 0;
      else if (len + 1 < out.length) {
        out[len] = code;
        map[len] = i;
        len++;
        open = code;
      } else emit(code, i);
      i++;
      continue;
    }
    if (INVISIBLE.has(c)) {
      i++;
      continue;
    }
    if (isSpaceCode(c)) {
      if (len > 0 && out[len - 1] !== 32) emit(32, i);
      i++;
      continue;
    }
    if (DASHES.has(c)) {
      let j = i + 1;
      while (j < n && (isSpaceCode(original.charCodeAt(j)) || INVISIBLE.has(original.charCodeAt(j)))) j++;
      if (isLetterAt(original, i - 1) && isLetterAt(original, j)) {
        i = j;
        continue;
      }
      if (len > 0 && out[len - 1] !== 32) emit(32, i);
      i++;
      continue;
    }
    let end = i + 1;
    if (c >= 0xd800 && c <= 0xdbff) end++;
    while (end < n && original.charCodeAt(end) >= 0x300 && MARK.test(original[end] ?? '')) end++;
    const folded = foldUnit(original.slice(i, end));
    for (let k = 0; k < folded.length; k++) emit(folded.charCodeAt(k), i);
    i = end;
  }
  if (len > 0 && out[len - 1] === 32) len--;
  map[len] = n;
  return { text: decoder.decode(out.subarray(0, len)), map: map.subarray(0, len + 1) };
}

// UTF-16 code units back to a string in one call; a lone surrogate becomes U+FFFD, still one unit, so the map holds.
const decoder = new TextDecoder('utf-16le');
