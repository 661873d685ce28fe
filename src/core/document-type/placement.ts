/**
 * Where a phrase stands, and what that is worth. A municipal letter has a letterhead, an address block, a date and
 * case lines, then its title; text extraction interleaves the letterhead's right-hand column with the address
 * block, so "the top of page 1" is the first 20 lines (the usual ~15 plus that column), within 2,000 characters in
 * case the text has no line breaks at all.
 */

export interface Placement {
  /** The original text of the page (or field) the phrase is in. */
  text: string;
  originalIndex: number;
  top: boolean;
  firstPage: boolean;
}

export const TOP_LINES = 20;
export const TOP_CHARS = 2000;

export const WEIGHTS = {
  titleTopHeading: 3,
  titleFirstPageHeading: 1.5,
  titleHeading: 1,
  /** A title phrase in running text ("… inden vi træffer afgørelse") is only a keyword. */
  titleInText: 0.5,
  keyword: 0.5,
  /** Keywords alone stay below a heading title and, with the default threshold, uncertain. */
  keywordCap: 1.5,
  negativeTop: 2,
  negativeElsewhere: 0.5,
} as const;

export function isTopOfPageOne(text: string, index: number): boolean {
  if (index >= TOP_CHARS) return false;
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    // Blank lines are layout, not content: they do not push the title out of the top.
    if (text.slice(i + 1, text.indexOf('\n', i + 1) >>> 0).trim() !== '') lines++;
    if (lines >= TOP_LINES) return false;
  }
  return true;
}

// A label in front of a title still makes a heading: "Vedr.: Partshøring", "Emne: Afgørelse om …".
const LABEL = /^(?:vedr(?:\.|ørende|oerende|orende)?|[\p{L}][\p{L}. -]{0,23}:)$/iu;

const UPPER = /\p{Lu}/u;

/**
 * The phrase opens its line, alone or after a short label, with a capital letter: titles are capitalised, while a
 * wrapped sentence that happens to put "afgørelsen" at the start of a line is not.
 */
export function isHeading(text: string, index: number): boolean {
  if (!UPPER.test(text[index] ?? '')) return false;
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const prefix = text.slice(lineStart, index).trim();
  return prefix === '' || LABEL.test(prefix);
}

/** What a title phrase is worth where it stands; `null` when it is not a heading and counts as a keyword. */
export function titleWeight(p: Placement): number | null {
  if (!isHeading(p.text, p.originalIndex)) return null;
  if (p.top) return WEIGHTS.titleTopHeading;
  return p.firstPage ? WEIGHTS.titleFirstPageHeading : WEIGHTS.titleHeading;
}

export function negativeWeight(p: Placement): number {
  return p.top ? WEIGHTS.negativeTop : WEIGHTS.negativeElsewhere;
}
