/**
 * CPR numbers in free text (domain.md, "CPR numbers"). The rules, and why:
 *
 * - Spellings: `DDMMYY-SSSS`, `DDMMYYSSSS` and `DDMMYY SSSS`. The dash may be any dash a word processor produces
 *   (hyphen, non-breaking hyphen, en dash, minus); the space may be a non-breaking or narrow space.
 * - No digit may touch the match on either side, so longer digit runs (EAN-13, account numbers written in one
 *   piece, 11+ digits) never match.
 * - A digit group attached by a single space or dash on either side also disqualifies the match: the compact and
 *   spaced spellings are exactly how grouped digit runs look (bank account `1234 0102034567`, `5470 0102034567
 *   12`). For the dashed spelling only a dash-attached group disqualifies it (`12-010203-4567-8`): the dash is
 *   distinctive, and a dashed CPR followed by a space and a number (a table cell, an age) must still be caught.
 * - Letters may touch a match (`CPR:0102034567`, `nr.0102034567`): text extraction often drops the space, and a
 *   missed CPR is worse than an extra warning.
 * - A candidate whose date does not exist is not a CPR number ("a valid date is required"): `findCprs` leaves it
 *   out, `findCprCandidates` keeps it with `validDate: false` for diagnostics and tests.
 * - Modulus 11 is a hint only: numbers issued since 2007 need not pass it, so it never removes a match.
 */

export interface CprMatch {
  /** Normalised `DDMMYY-SSSS`. */
  value: string;
  /** Exactly as it stands in the text. */
  raw: string;
  /** Offset of `raw` in the text searched (UTF-16 code units). */
  index: number;
  validDate: boolean;
  /** ISO `YYYY-MM-DD` when the date is valid. */
  birthDate?: string;
  /** Whether the weighted digit sum is divisible by 11: a hint, never a reason to drop the number. */
  mod11: boolean;
}

const DASHES = '\\-\\u2010\\u2011\\u2012\\u2013\\u2212';
const SPACES = ' \\u00A0\\u202F\\u2007';
const CANDIDATE = new RegExp(`(?<!\\d)(\\d{6})([${DASHES}${SPACES}]?)(\\d{4})(?!\\d)`, 'g');
const DASH = new RegExp(`[${DASHES}]`);
const GROUP_SEPARATOR = new RegExp(`[${DASHES}${SPACES}]`);

const MOD11_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/** The weighted sum of the ten digits (4,3,2,7,6,5,4,3,2,1) is divisible by 11. */
export function cprMod11(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(digits[i]) * (MOD11_WEIGHTS[i] ?? 0);
  return sum % 11 === 0;
}

/** The birth year from YY and the 7th digit (the first of the serial number), as CPR-kontoret defines it. */
export function cprCentury(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/** The ISO birth date of ten CPR digits, or null when that date does not exist. */
export function cprBirthDate(digits: string): string | null {
  if (!/^\d{10}$/.test(digits)) return null;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const year = cprCentury(yy, Number(digits[6])) + yy;
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > days) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Whether a digit group hangs on the candidate by one separator, i.e. the candidate is part of a longer run. */
function attachedGroup(text: string, start: number, end: number, dashed: boolean): boolean {
  const sep = dashed ? DASH : GROUP_SEPARATOR;
  const before = text[start - 1];
  const after = text[end];
  if (before !== undefined && sep.test(before) && isDigit(text[start - 2])) return true;
  if (after !== undefined && sep.test(after) && isDigit(text[end + 1])) return true;
  return false;
}

/** Every CPR-shaped number, with or without a valid date. */
export function findCprCandidates(text: string): CprMatch[] {
  const out: CprMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const [raw, date = '', sep = '', serial = ''] = m;
    const index = m.index;
    const dashed = sep !== '' && DASH.test(sep);
    if (attachedGroup(text, index, index + raw.length, dashed)) continue;
    const digits = date + serial;
    const birthDate = cprBirthDate(digits);
    const match: CprMatch = {
      value: `${date}-${serial}`,
      raw,
      index,
      validDate: birthDate !== null,
      mod11: cprMod11(digits),
    };
    if (birthDate !== null) match.birthDate = birthDate;
    out.push(match);
  }
  return out;
}

/** CPR numbers: candidates with a real calendar date. */
export function findCprs(text: string): CprMatch[] {
  return findCprCandidates(text).filter((c) => c.validDate);
}

// Labels that introduce the person a letter is about, in any case. `(?<![\p{L}\p{N}])` stands in for \b, which
// knows only ASCII letters. No NFC step is needed: æ and ø have no decomposed form, and offsets stay the caller's.
const LABEL =
  /(?<![\p{L}\p{N}])(?:cpr(?:[\s.\-:]*(?:nr|nummer)\b\.?)?|personn(?:umme)?r\.?|vedr(?:ørende|oerende|\.)?(?![\p{L}]))/giu;
/** How far after a label its CPR may start ("CPR-nr.: ", "Vedr.: Anna Jensen, cpr. "). */
const LABEL_REACH = 60;

export interface PageText {
  page: number;
  text: string;
}

/**
 * The CPR that page 1 is about (SUBJECT_MISMATCH): the first CPR within a short distance after a label such as
 * `CPR-nr.` or `Vedrørende`, else the first CPR on page 1; null when page 1 has none. Entries are read in the
 * order given; the hit carries its entry's fields (page, source) except the text.
 */
export function leadingCpr<T extends PageText>(pages: readonly T[]): (CprMatch & Omit<T, 'text'>) | null {
  const first = pages.filter((p) => p.page === 1);
  const located = (p: T, hit: CprMatch): CprMatch & Omit<T, 'text'> => {
    const { text: _text, ...where } = p;
    return { ...where, ...hit };
  };
  for (const p of first) {
    const cprs = findCprs(p.text);
    if (cprs.length === 0) continue;
    for (const label of p.text.matchAll(LABEL)) {
      const end = label.index + label[0].length;
      const hit = cprs.find((c) => c.index >= end && c.index - end <= LABEL_REACH);
      if (hit) return located(p, hit);
    }
  }
  for (const p of first) {
    const hit = findCprs(p.text)[0];
    if (hit) return located(p, hit);
  }
  return null;
}
