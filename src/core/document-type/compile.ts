import type { PolicyPack } from '../../shared/domain/policy';
import { looseForMatch } from './loose-text';

export interface CompiledPhrase {
  /** As the pack writes it, for the evidence. */
  text: string;
  /** The matching form (see loose-text.ts). */
  loose: string;
  kind: 'title' | 'keyword' | 'negative';
  typeIndex: number;
  id: number;
}

export interface CompiledTypes {
  types: { key: string; index: number }[];
  phrases: CompiledPhrase[];
  /**
   * Phrases by their first two characters (as `c0 * 65536 + c1`), looked up once per word start: one pass over a
   * 300-page text instead of one `indexOf` per phrase, which took most of the time budget.
   */
  byPrefix: Map<number, CompiledPhrase[]>;
  /** Phrases that do not start with a letter or digit, or fold to one character: searched with `indexOf`. */
  other: CompiledPhrase[];
}

export const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));

export const prefixKey = (text: string, i: number): number =>
  text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);

type Detectable = Pick<PolicyPack, 'documentTypes'>;

// A pack is loaded once and used for every document: its phrases are folded once per pack object.
const cache = new WeakMap<Detectable, CompiledTypes>();

export function compileDetection(pack: Detectable): CompiledTypes {
  const cached = cache.get(pack);
  if (cached) return cached;
  const phrases: CompiledPhrase[] = [];
  pack.documentTypes.forEach((t, typeIndex) => {
    const add = (list: readonly string[] | undefined, kind: CompiledPhrase['kind']): void => {
      for (const text of list ?? []) {
        const loose = looseForMatch(text);
        // A phrase that folds to nothing would match everywhere; the schema already asks for a letter or digit.
        if (loose !== '') phrases.push({ text, loose, kind, typeIndex, id: phrases.length });
      }
    };
    add(t.detection.titlePhrases, 'title');
    add(t.detection.keywords, 'keyword');
    add(t.detection.negativePhrases, 'negative');
  });
  const byPrefix = new Map<number, CompiledPhrase[]>();
  const other: CompiledPhrase[] = [];
  for (const p of phrases) {
    if (p.loose.length < 2 || !isWordChar(p.loose.charCodeAt(0))) {
      other.push(p);
      continue;
    }
    const key = prefixKey(p.loose, 0);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), p]);
  }
  const compiled = {
    types: pack.documentTypes.map((t, index) => ({ key: t.key, index })),
    phrases,
    byPrefix,
    other,
  };
  cache.set(pack, compiled);
  return compiled;
}
