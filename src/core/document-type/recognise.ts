import { FALLBACK_DOCUMENT_TYPE, type PolicyPack } from '../../shared/domain/policy';
import type { SourceText, TextSource } from '../entities';
import { looseWithMap, type LooseText } from './loose-text';
import { compileDetection, isWordChar, prefixKey, type CompiledPhrase, type CompiledTypes } from './compile';
import { WEIGHTS, titleWeight, negativeWeight, isTopOfPageOne, type Placement } from './placement';

/**
 * Which document type of the policy pack a document is, with the evidence a caseworker can check. How it scores:
 *
 * - A title phrase counts by where it stands: most as a heading near the top of page 1, less as a heading further
 *   down or on later pages (a decision's bundle may carry an investigation as an attachment), and in running text
 *   only as a keyword. A type's title score is its best title phrase; two of one type do not add up.
 * - Each distinct keyword adds a little, up to a cap, so keywords alone never make a type certain.
 * - Each distinct negative phrase subtracts, most near the top of page 1.
 * - The more specific phrase wins: a match that lies inside a longer match ("Afgørelse om" inside "Afgørelse om
 *   samvær") does not count, so the samvær decision is not also a generic afgørelse.
 * - Confidence combines the best score's strength with its lead over the runner-up: two competing titles give
 *   a low confidence even when both are strong, while a passing mention of another type costs little.
 * Nothing matched: the fallback type `brev`, confidence 0, uncertain, so TYPE_UNCERTAIN asks the caseworker.
 */

export type EvidenceKind = 'title' | 'keyword' | 'negative';

export interface TypeEvidence {
  /** The phrase of the pack that matched, as the pack writes it. */
  phrase: string;
  kind: EvidenceKind;
  page: number;
  source: TextSource;
  /** Offset of the match in that page's (or field's) original text. */
  index: number;
  /** The matched text with a little context, as it stands in the document (shown to the caseworker, never logged). */
  text: string;
  /** What this match added to (or, for a negative, took from) the type's score. */
  weight: number;
}

export interface DocumentTypeRecognition {
  key: string;
  /** 0..1. */
  confidence: number;
  /** Below the pack's `typeRecognition.minConfidence`, or nothing matched at all. */
  uncertain: boolean;
  evidence: TypeEvidence[];
  /** Other types with any evidence, most likely first. */
  alternatives: { key: string; confidence: number }[];
}

type Recognisable = Pick<PolicyPack, 'documentTypes' | 'typeRecognition'>;

interface Hit {
  phrase: CompiledPhrase;
  unit: number;
  start: number;
  end: number;
  weight: number;
  /** A title phrase in running text counts in the keywords' pool. */
  asKeyword: boolean;
}

const EXCERPT_CONTEXT = 40;
const MAX_PER_PHRASE = 50;
// The schema's limit on a phrase; folding never lengthens one beyond it by more than a little (ß, ligatures).
const MAX_PHRASE = 400;
// The strength of a score saturates: a heading title alone (3) gives about 0.78, with keywords about 0.9.
const STRENGTH_SCALE = 2;

export function recogniseDocumentType(
  pages: readonly SourceText[],
  pack: Recognisable,
): DocumentTypeRecognition {
  const compiled = compileDetection(pack);
  const units = pages.map((p) => ({ source: p, loose: looseWithMap(p.text) }));
  const firstPage = units.findIndex((u) => u.source.page === 1 && u.source.source === 'page');

  const hits: Hit[] = [];
  units.forEach((u, unit) => {
    const found = findPhrases(u.loose, compiled);
    const kept = found.filter((_, i) => !insideLonger(found, i));
    for (const h of kept) {
      const placement: Placement = {
        text: u.source.text,
        originalIndex: u.loose.map[h.start] ?? 0,
        top: unit === firstPage && isTopOfPageOne(u.source.text, u.loose.map[h.start] ?? 0),
        firstPage: unit === firstPage,
      };
      const title = h.phrase.kind === 'title' ? titleWeight(placement) : null;
      const weight = title ?? (h.phrase.kind === 'negative' ? negativeWeight(placement) : WEIGHTS.keyword);
      hits.push({ ...h, unit, weight, asKeyword: h.phrase.kind === 'title' && title === null });
    }
  });

  // The best occurrence of each phrase: a phrase counts once, however often the document repeats it.
  const best = new Map<CompiledPhrase, Hit>();
  for (const h of hits) {
    const prior = best.get(h.phrase);
    if (prior === undefined || h.weight > prior.weight || (prior.asKeyword && !h.asKeyword))
      best.set(h.phrase, h);
  }

  const scores = compiled.types.map((t) => {
    let title = 0;
    let keywords = 0;
    let negatives = 0;
    const evidence: Hit[] = [];
    for (const h of best.values()) {
      if (h.phrase.typeIndex !== t.index) continue;
      evidence.push(h);
      if (h.phrase.kind === 'title' && !h.asKeyword) title = Math.max(title, h.weight);
      else if (h.phrase.kind !== 'negative') keywords += h.weight;
      else negatives += h.weight;
    }
    const score = Math.max(0, title + Math.min(keywords, WEIGHTS.keywordCap) - negatives);
    return { key: t.key, index: t.index, score, evidence };
  });

  const ranked = [...scores].sort((a, b) => b.score - a.score || a.index - b.index);
  const top = ranked[0];
  if (top === undefined || top.score <= 0) {
    return { key: FALLBACK_DOCUMENT_TYPE, confidence: 0, uncertain: true, evidence: [], alternatives: [] };
  }
  const confidenceOf = (i: number): number => {
    const s = ranked[i]?.score ?? 0;
    const rival = Math.max(...ranked.filter((_, j) => j !== i).map((r) => r.score), 0);
    // Equal rivals halve the strength; a rival at half the score takes an eighth; a weak one almost nothing.
    return round((1 - Math.exp(-s / STRENGTH_SCALE)) * (1 - 0.5 * Math.min(1, rival / s) ** 2));
  };
  const confidence = confidenceOf(0);
  return {
    key: top.key,
    confidence,
    uncertain: confidence < pack.typeRecognition.minConfidence,
    evidence: top.evidence
      .sort((a, b) => a.unit - b.unit || a.start - b.start)
      .map((h) => toEvidence(h, units[h.unit]?.source, units[h.unit]?.loose)),
    alternatives: ranked
      .slice(1)
      .map((r, i) => ({ key: r.key, confidence: r.score > 0 ? confidenceOf(i + 1) : 0 }))
      .filter((a) => a.confidence > 0),
  };
}

/** Every occurrence of every phrase that begins a word (it may end inside one: Danish inflects and compounds). */
function findPhrases(loose: LooseText, compiled: CompiledTypes): Found[] {
  const found: Found[] = [];
  const text = loose.text;
  // A bounded number per phrase and text: only the best occurrence counts, and a repeated word must stay cheap.
  const counts = new Uint8Array(compiled.phrases.length);
  const add = (phrase: CompiledPhrase, at: number): void => {
    if (counts[phrase.id] === MAX_PER_PHRASE) return;
    counts[phrase.id] = (counts[phrase.id] ?? 0) + 1;
    found.push({ phrase, start: at, end: at + phrase.loose.length });
  };
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const word = isWordChar(text.charCodeAt(i));
    if (word && !inWord)
      for (const phrase of compiled.byPrefix.get(prefixKey(text, i)) ?? [])
        if (text.startsWith(phrase.loose, i)) add(phrase, i);
    inWord = word;
  }
  for (const phrase of compiled.other)
    for (let at = text.indexOf(phrase.loose); at >= 0; at = text.indexOf(phrase.loose, at + 1))
      if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) add(phrase, at);
  return found.sort((x, y) => x.start - y.start || x.phrase.id - y.phrase.id);
}

/**
 * The longer phrase claims the text: "Afgørelse om" inside another type's "Afgørelse om samvær" is no evidence for
 * the generic type, and a keyword inside its own type's title ("samvær") is not counted twice. Negatives always
 * count: they exist to speak against a type whatever else matched there.
 */
type Found = Omit<Hit, 'unit' | 'weight' | 'asKeyword'>;

function insideLonger(all: readonly Found[], i: number): boolean {
  const h = all[i];
  if (h === undefined || h.phrase.kind === 'negative') return false;
  const claims = (o: Found | undefined): boolean =>
    o !== undefined &&
    o.phrase.kind !== 'negative' &&
    o.start <= h.start &&
    o.end >= h.end &&
    o.end - o.start > h.end - h.start;
  // `all` is sorted by start and no phrase is longer than MAX_PHRASE: only that window can hold a longer match.
  for (let j = i - 1; j >= 0 && (all[j]?.start ?? 0) >= h.start - MAX_PHRASE; j--)
    if (claims(all[j])) return true;
  for (let j = i + 1; j < all.length && all[j]?.start === h.start; j++) if (claims(all[j])) return true;
  return false;
}

function toEvidence(h: Hit, source: SourceText | undefined, loose: LooseText | undefined): TypeEvidence {
  const original = source?.text ?? '';
  const start = loose?.map[h.start] ?? 0;
  const end = loose?.map[h.end] ?? original.length;
  const from = Math.max(0, start - EXCERPT_CONTEXT);
  const to = Math.min(original.length, end + EXCERPT_CONTEXT);
  const excerpt = `${from > 0 ? '…' : ''}${original.slice(from, to).replace(/\s+/g, ' ').trim()}${to < original.length ? '…' : ''}`;
  return {
    phrase: h.phrase.text,
    kind: h.phrase.kind,
    page: source?.page ?? 0,
    source: source?.source ?? 'page',
    index: start,
    text: excerpt,
    weight: h.weight,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
