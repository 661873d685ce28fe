import type { Evidence } from '../../shared/domain/findings';
import type { TextSource } from '../entities';

const MAX_TEXT = 500;
const MAX_EVIDENCE = 50;

/** Evidence as the schema allows it: text cut to 500 characters, page null unless it is a real 1-based page. */
export function evidence(text: string, page: number | null, source: Evidence['source']): Evidence {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  return { text: cut, page: page !== null && page >= 1 ? page : null, source };
}

export function fromDocument(text: string, at: { page: number; source: TextSource }): Evidence {
  return evidence(text, at.page, at.source);
}

/** At most 50 pieces, duplicates (same text, page and source) once, in page order. */
export function tidy(list: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of list) {
    const key = `${e.page ?? 0}\u0000${e.source}\u0000${e.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((a, b) => (a.page ?? Infinity) - (b.page ?? Infinity)).slice(0, MAX_EVIDENCE);
}
