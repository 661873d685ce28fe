import type { Party } from '../../shared/domain/case-file';
import { normaliseForMatch, normaliseWithMap, type NormalisedText } from './normalise';

export { normaliseForMatch, normaliseWithMap } from './normalise';

/**
 * Which parties' names and addresses a text mentions (PROTECTED_ADDRESS_LEAK, ADDRESSEE_MISMATCH). Matching runs on
 * the normalised text (normalise.ts), so case, æ/ae, ø/oe, å/aa and line breaks do not matter. An address is the
 * street and house number: the floor and door are read in any common spelling (`2. th.`, `2.th`, `2 th`, `st.`,
 * `1. sal`) and reported, but never needed, since the house number already places the person. Another house number
 * on the same street, or another (capital) house letter, is another address; the number without the registered
 * letter still matches, since it reveals the building.
 */

export type MentionKind = 'name' | 'street' | 'postalCity';

export interface PartyMention {
  partyId: string;
  kind: MentionKind;
  /** Offset in the original text and the text as it stands there. */
  index: number;
  raw: string;
  /** For `street`: whether the floor/door matches the party's, when both the text and the party give one. */
  unitMatches?: boolean;
}

interface StreetParts {
  name: string;
  number: string;
  letter?: string;
  unit?: string;
}

/** Splits a registered street line (`Vestergade 12A, 2. th.`) at the first house number that stands alone. */
export function parseStreet(street: string): StreetParts | null {
  const m = /^(.+?)\s+(\d{1,4})\s*(\p{L})?(?=$|[\s,])(.*)$/u.exec(street.normalize('NFC').trim());
  if (!m) return null;
  const [, name = '', number = '', letter, rest = ''] = m;
  const parts: StreetParts = { name, number: String(Number(number)) };
  if (letter) parts.letter = letter.toLowerCase();
  const unit = readUnit(normaliseForMatch(rest));
  if (unit) parts.unit = unit.value;
  return parts;
}

// Floor (`st`, `kl`, `1`–`99`, optionally `sal`) and door (`th`, `tv`, `mf`, a number), in normalised text.
const UNIT = /^[ ,]*(st|kld|kl|\d{1,2}(?!\d))\.? ?(?:sal\b\.?)? ?,? ?(?:(th|tv|mf|\d{1,3}(?!\d))\b\.?)?/u;

function readUnit(normalised: string): { value: string; length: number } | null {
  const m = UNIT.exec(normalised);
  if (!m) return null;
  const floor = m[1] === 'kld' ? 'kl' : (m[1] ?? '');
  const value = m[2] ? `${floor} ${m[2]}` : floor;
  return { value: value.replace(/^0+(?=\d)/u, ''), length: m[0].replace(/[ ,]+$/u, '').length };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** A regex source for normalised words, each space optional and initials' dots tolerant of a following space. */
function wordsSource(normalisedWords: string): string {
  return normalisedWords
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => escape(w).replace(/\\\./gu, '\\. ?'))
    .join(' ?');
}

const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';

interface StreetMatcher {
  re: RegExp;
  number: string;
  letter?: string;
  unit?: string;
}

interface PartyMatcher {
  partyId: string;
  names: RegExp[];
  street?: StreetMatcher;
  postalCity?: RegExp;
}

export type CompiledParties = readonly PartyMatcher[];

/** Builds the patterns for a case's parties once, for every page of a document. */
export function compileParties(parties: readonly Party[]): CompiledParties {
  return parties.map((p) => {
    const matcher: PartyMatcher = { partyId: p.id, names: [] };
    const name = normaliseForMatch(p.name);
    const words = name.split(' ').filter((w) => w !== '');
    const variants = new Set([name]);
    // "Hanne Marie Jensen" is often written "Hanne Jensen".
    if (p.kind === 'person' && words.length >= 3) variants.add(`${words[0]} ${words[words.length - 1]}`);
    for (const v of variants)
      if (v !== '') matcher.names.push(new RegExp(`${BEFORE}${wordsSource(v)}${AFTER}`, 'gu'));
    const street = p.address ? parseStreet(p.address.street) : null;
    if (street) {
      const re = new RegExp(
        `${BEFORE}${wordsSource(normaliseForMatch(street.name))} ?(\\d{1,4})(?!\\d)`,
        'gu',
      );
      matcher.street = { re, number: street.number };
      if (street.letter) matcher.street.letter = street.letter;
      if (street.unit) matcher.street.unit = street.unit;
    }
    if (p.address) {
      const city = normaliseForMatch(p.address.city).split(' ')[0] ?? '';
      if (city !== '')
        matcher.postalCity = new RegExp(
          `${BEFORE}${escape(p.address.postalCode)} ?${wordsSource(city)}${AFTER}`,
          'gu',
        );
    }
    return matcher;
  });
}

/** Name, street and postal-code-and-city mentions of the parties in one text, in text order. */
export function findPartyMentions(text: string, parties: readonly Party[] | CompiledParties): PartyMention[] {
  const compiled = isCompiled(parties) ? parties : compileParties(parties);
  const norm = normaliseWithMap(text);
  const out: PartyMention[] = [];
  for (const m of compiled) {
    for (const re of m.names) {
      for (const hit of norm.text.matchAll(re))
        out.push(mention(norm, text, m.partyId, 'name', hit.index, hit[0]));
    }
    if (m.street) {
      for (const hit of norm.text.matchAll(m.street.re)) {
        const found = streetMention(norm, text, m.partyId, m.street, hit);
        if (found) out.push(found);
      }
    }
    if (m.postalCity) {
      for (const hit of norm.text.matchAll(m.postalCity))
        out.push(mention(norm, text, m.partyId, 'postalCity', hit.index, hit[0]));
    }
  }
  return out.sort((a, b) => a.index - b.index || a.partyId.localeCompare(b.partyId));
}

function isCompiled(parties: readonly Party[] | CompiledParties): parties is CompiledParties {
  const first = parties[0];
  return first !== undefined && 'names' in first;
}

function mention(
  norm: NormalisedText,
  text: string,
  partyId: string,
  kind: MentionKind,
  at: number,
  normalisedMatch: string,
): PartyMention {
  const index = norm.map[at] ?? 0;
  // The original end is where the last matched character starts plus that character's own length.
  const lastAt = norm.map[at + normalisedMatch.length - 1] ?? index;
  const nextAt = norm.map[at + normalisedMatch.length] ?? text.length;
  const end = Math.min(nextAt, lastAt + charLength(text, lastAt, nextAt));
  return { partyId, kind, index, raw: text.slice(index, end) };
}

/** Length in the original of the unit that starts at `at` (a decomposed å is two code units, `æ` folds to two). */
function charLength(text: string, at: number, next: number): number {
  let end = at + 1;
  while (end < next && /\p{M}/u.test(text[end] ?? '')) end++;
  return end - at;
}

function streetMention(
  norm: NormalisedText,
  text: string,
  partyId: string,
  street: StreetMatcher,
  hit: RegExpMatchArray,
): PartyMention | null {
  if (String(Number(hit[1] ?? '')) !== street.number) return null;
  const at = hit.index ?? 0;
  let length = hit[0].length;
  // A house letter counts only as a capital in the original (`12B`), so `12 i Aarhus` is not house letter i.
  const letter = /^ ?(\p{L})(?![\p{L}\p{N}])/u.exec(norm.text.slice(at + length, at + length + 3));
  if (letter) {
    const original = text[norm.map[at + length + letter[0].length - 1] ?? 0] ?? '';
    if (original !== original.toLowerCase()) {
      if (street.letter !== undefined ? letter[1] !== street.letter : true) return null;
      length += letter[0].length;
    }
  }
  const found = mention(norm, text, partyId, 'street', at, norm.text.slice(at, at + length));
  const unit = readUnit(norm.text.slice(at + length, at + length + 24));
  if (unit) {
    const withUnit = mention(
      norm,
      text,
      partyId,
      'street',
      at,
      norm.text.slice(at, at + length + unit.length),
    );
    if (street.unit !== undefined) withUnit.unitMatches = unit.value === street.unit;
    return withUnit;
  }
  return found;
}
