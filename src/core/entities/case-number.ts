/**
 * Case and journal numbers (CASE_NUMBER_MISMATCH). The built-in form is the KLE journal number
 * `27.24.00-G01-117-25`: the KLE subject code, a handlingsfacet (a letter and two digits), a running number and a
 * year of two or four digits. A KLE code on its own (`27.24.00`, `27.24.00-G01`) names a subject, not a case, so it
 * is not a case number. Municipalities with other numbering add patterns through the policy.
 */

export interface CaseNumberMatch {
  /** Normalised with `normaliseCaseNumber`, so it compares with the case's number. */
  value: string;
  raw: string;
  index: number;
  /** `kle` for the built-in form, else the position of the policy pattern that matched. */
  pattern: 'kle' | number;
}

const DASH = '[\\-\\u2010\\u2011\\u2012\\u2013\\u2212]';
// Up to two spaces (or a line break) either side of a dash: word processors and text extraction insert them.
const SEP = `[\\s\\u00A0]{0,2}${DASH}[\\s\\u00A0]{0,2}`;
const KLE = new RegExp(
  `(?<![\\d.])(\\d{2}\\.\\d{2}\\.\\d{2})${SEP}([A-Za-zÆØÅæøå]\\d{2})${SEP}(\\d{1,6})${SEP}(\\d{4}|\\d{2})(?![\\d\\p{L}])`,
  'gu',
);
const KLE_NORMAL = /^(\d{2}\.\d{2}\.\d{2})-([A-ZÆØÅ]\d{2})-(\d{1,6})-(\d{4}|\d{2})$/;

/**
 * The comparable form of a case number: NFC, upper case, one plain dash with no spaces around it, whitespace
 * collapsed. For the KLE form also the running number without leading zeros and a four-digit year 19xx/20xx as two
 * digits, since systems differ in both and they never tell two cases apart.
 */
export function normaliseCaseNumber(raw: string): string {
  const s = raw
    .normalize('NFC')
    .replace(new RegExp(`\\s*${DASH}\\s*`, 'g'), '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
  const kle = KLE_NORMAL.exec(s);
  if (!kle) return s;
  const [, code = '', facet = '', running = '', year = ''] = kle;
  const shortYear = /^(19|20)\d{2}$/.test(year) ? year.slice(2) : year;
  return `${code}-${facet}-${String(Number(running))}-${shortYear}`;
}

export class CaseNumberPatternError extends Error {
  constructor(
    readonly patternIndex: number,
    reason: string,
  ) {
    super(`Sagsnummer-mønster nr. ${patternIndex + 1} kan ikke bruges: ${reason}`);
    this.name = 'CaseNumberPatternError';
  }
}

export const MAX_PATTERN_LENGTH = 200;
/**
 * Runs of these make backtracking-prone patterns slow. Each pattern scans them at doubling lengths when it is
 * compiled: a step over budget, or a time that more than triples when the input doubles, is super-linear work
 * that a 1 MB document would turn into a hang. Small steps first, so a slow pattern is caught before it stalls.
 */
const PROBE_UNITS = ['0', 'a', 'A', ' ', '-', '0-', '1 ', '0.', 'A1.', 'A0-', '/0'];
const PROBE_MAX_LENGTH = 4096;
const STEP_BUDGET_MS = 25;

// A quantified group that itself contains a quantifier (`(a+)+`, `(\d*-?)*`, `(?:x{1,9})+`) is the classic shape of
// catastrophic backtracking; a back-reference can be exponential too. Both are refused outright, since a timing
// probe cannot stop a match that never ends.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,?\d*\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/**
 * Compiles the policy's case-number patterns (regular-expression source, matched case-insensitively), refusing
 * what would be wrong or slow with a `CaseNumberPatternError` that says which pattern and why.
 */
export function compileCaseNumberPatterns(sources: readonly string[]): RegExp[] {
  return sources.map((source, i) => {
    if (typeof source !== 'string' || source.trim() === '')
      throw new CaseNumberPatternError(i, 'mønsteret er tomt');
    if (source.length > MAX_PATTERN_LENGTH)
      throw new CaseNumberPatternError(i, `mønsteret er længere end ${MAX_PATTERN_LENGTH} tegn`);
    if (NESTED_QUANTIFIER.test(source))
      throw new CaseNumberPatternError(i, 'en gentaget gruppe indeholder selv en gentagelse (kan hænge)');
    if (BACKREFERENCE.test(source))
      throw new CaseNumberPatternError(i, 'tilbagereferencer er ikke tilladt (kan hænge)');
    let re: RegExp;
    try {
      re = new RegExp(source, 'giu');
    } catch (e) {
      throw new CaseNumberPatternError(i, `ugyldigt regulært udtryk (${(e as Error).message})`);
    }
    if (re.test('')) throw new CaseNumberPatternError(i, 'mønsteret matcher den tomme tekst');
    const slow = probe(re);
    if (slow) throw new CaseNumberPatternError(i, slow);
    return re;
  });
}

function probe(re: RegExp): string | null {
  for (const unit of PROBE_UNITS) {
    let previous = 0;
    for (let length = 64; length <= PROBE_MAX_LENGTH; length *= 2) {
      const input = unit.repeat(Math.ceil(length / unit.length));
      // The better of two runs, so a garbage-collection pause or a busy machine cannot refuse a good pattern.
      const took = Math.min(timeScan(re, input), timeScan(re, input));
      if (took > STEP_BUDGET_MS) return 'mønsteret er for langsomt på lange tekster';
      if (took > 2 && previous > 0 && took / previous > 3)
        return 'mønsteret bliver uforholdsmæssigt langsommere på lange tekster';
      previous = took;
    }
  }
  return null;
}

function timeScan(re: RegExp, input: string): number {
  const started = now();
  for (const _ of input.matchAll(re)) {
    // Exhaust the matches: what counts is the whole scan, not the first hit.
  }
  return now() - started;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** Case numbers in the KLE form and in the policy's extra patterns, in text order, one per place and value. */
export function findCaseNumbers(text: string, extraPatterns: readonly RegExp[] = []): CaseNumberMatch[] {
  const out: CaseNumberMatch[] = [];
  const seen = new Set<string>();
  const add = (raw: string, index: number, pattern: CaseNumberMatch['pattern']): void => {
    const value = normaliseCaseNumber(raw);
    const key = `${index}\u0000${value}`;
    if (value === '' || seen.has(key)) return;
    seen.add(key);
    out.push({ value, raw, index, pattern });
  };
  for (const m of text.matchAll(KLE)) add(m[0], m.index, 'kle');
  extraPatterns.forEach((re, i) => {
    const global = re.global ? re : new RegExp(re.source, `${re.flags}g`);
    for (const m of text.matchAll(global)) add(m[0], m.index, i);
  });
  return out.sort((a, b) => a.index - b.index);
}
