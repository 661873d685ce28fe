import type { Party } from '../../shared/domain/case-file';
import { compileCaseNumberPatterns, findCaseNumbers, type CaseNumberMatch } from './case-number';
import { findCprs, leadingCpr, type CprMatch } from './cpr';
import { compileParties, findPartyMentions, type PartyMention } from './match';
import { salutationNames } from './salutation';

export * from './case-number';
export * from './cpr';
export * from './match';
export { salutationNames } from './salutation';

export type TextSource = 'page' | 'form' | 'annotation';

/** One piece of a document's text: a page's text layer, a form field's value or an annotation's text. */
export interface SourceText {
  page: number;
  text: string;
  source: TextSource;
}

export interface Located {
  page: number;
  source: TextSource;
}

export interface ExtractedEntities {
  cprs: (CprMatch & Located)[];
  caseNumbers: (CaseNumberMatch & Located)[];
  /** Names the salutation or address block on page 1 gives; empty for a generic salutation. */
  salutationNames: string[];
  /** Empty when no parties were given. */
  partyMentions: (PartyMention & Located)[];
  /** The CPR page 1 is about (SUBJECT_MISMATCH), or null. */
  leadingCpr: (CprMatch & Located) | null;
}

export interface ExtractOptions {
  /** The policy's extra case-number patterns (regex source); an unusable one throws CaseNumberPatternError. */
  extraCaseNumberPatterns?: readonly string[];
  parties?: readonly Party[];
}

const SOURCE_RANK: Record<TextSource, number> = { page: 0, form: 1, annotation: 2 };

/**
 * Every entity the content checks need, from the page text, form-field values and annotations alike: content in a
 * form field or a comment reaches the recipient just as page text does.
 */
export function extractEntities(
  pages: readonly SourceText[],
  options: ExtractOptions = {},
): ExtractedEntities {
  const patterns = compileCaseNumberPatterns(options.extraCaseNumberPatterns ?? []);
  const parties = compileParties(options.parties ?? []);
  const result: ExtractedEntities = {
    cprs: [],
    caseNumbers: [],
    salutationNames: [],
    partyMentions: [],
    leadingCpr: null,
  };
  for (const p of pages) {
    const at: Located = { page: p.page, source: p.source };
    for (const c of findCprs(p.text)) result.cprs.push({ ...c, ...at });
    for (const c of findCaseNumbers(p.text, patterns)) result.caseNumbers.push({ ...c, ...at });
    if (parties.length > 0)
      for (const m of findPartyMentions(p.text, parties)) result.partyMentions.push({ ...m, ...at });
  }
  // Page 1 is read as the caseworker sees it: the text layer first, then what sits in fields and comments on it.
  const first = pages
    .filter((p) => p.page === 1)
    .sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source]);
  result.leadingCpr = leadingCpr(first);
  const letter = first.filter((p) => p.source === 'page');
  for (const p of letter)
    for (const n of salutationNames(p.text))
      if (!result.salutationNames.includes(n)) result.salutationNames.push(n);
  return result;
}
