/**
 * Who a letter says it is for (ADDRESSEE_MISMATCH): the names in the salutation ("Kære …", "Hej …", "Til …") and
 * in the address block at the top of page 1. A generic salutation ("Kære forældre", "Til rette vedkommende") names
 * nobody and gives an empty list, so it can never raise the finding.
 */

/** Words that address a role or a group rather than a person; lower case, compared after NFC. */
const GENERIC = new Set([
  'alle',
  'borger',
  'borgere',
  'modtager',
  'modtagere',
  'forælder',
  'forældre',
  'forældrene',
  'forældremyndighedsindehaver',
  'forældremyndighedsindehavere',
  'forældremyndighedsindehaverne',
  'indehaver',
  'indehavere',
  'familie',
  'familien',
  'familierne',
  'rette',
  'ansøger',
  'klient',
  'part',
  'parter',
  'parterne',
  'samarbejdspartner',
  'samarbejdspartnere',
  'kollega',
  'kollegaer',
  'kolleger',
  'værge',
  'partsrepræsentant',
  'sagsbehandler',
  'dig',
  'jer',
  'du',
  'i',
  'hr',
  'fru',
  'frk',
]);

/** Lines that belong to an authority's letterhead, not to an addressee. */
const ORGANISATION =
  /kommune|forvaltning|afdeling|center|centret|jobcenter|rådhus|borgerservice|myndighed|sekretariat|styrelse|region|a\/s|aps|i\/s|\bsocial|familieafdeling|skole|institution|\bcvr\b/iu;

// Particles allowed in lower case inside a name (Anna von Holstein, Jens de Vries).
const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'la', 'le', 'du', 'af', 'di', 'da', 'el', 'al']);
const TITLES = /^(?:hr|fru|frk|dr|cand|mag)\.?$/iu;
const NAME_WORD = /^\p{Lu}[\p{L}'’.-]*$/u;

const SALUTATION = /^\s*(kære|hej|til)(?:[\s:]+(.*))?$/iu;
const POSTAL_LINE = /^\s*(?:DK[\s-]?)?\d{4}\s+\p{Lu}[\p{L}.\- ]*$/u;
const STREET_LINE = /^\s*\p{L}[\p{L}.'’\- ]*\s\d{1,4}\s*\p{L}?\b.*$/u;

/** The names a person's-name candidate holds, or [] when it is generic or not a name at all. */
function namesIn(phrase: string): string[] {
  const cleaned = cutAtSentenceEnd(phrase.normalize('NFC'));
  const out: string[] = [];
  for (const part of cleaned.split(/\s*,\s*|\s+og\s+|\s*&\s*|\s+samt\s+/u)) {
    const name = asName(part);
    if (name) out.push(name);
  }
  return out;
}

/** Cuts a salutation at the end of its sentence, keeping initials and titles (`Hr. J. Jensen`). */
function cutAtSentenceEnd(s: string): string {
  const stop = /[!:;?]|\.(?=\s|$)/gu;
  for (const m of s.matchAll(stop)) {
    if (m[0] === '.') {
      const word = /(\S+)$/u.exec(s.slice(0, m.index))?.[1] ?? '';
      if (TITLES.test(word) || /^\p{Lu}$/u.test(word)) continue;
    }
    return s.slice(0, m.index);
  }
  return s;
}

function asName(part: string): string | null {
  const words = part
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== '');
  while (words.length > 0 && TITLES.test(words[0] ?? '')) words.shift();
  if (words.length === 0 || words.length > 6) return null;
  if (words.some((w) => GENERIC.has(w.toLowerCase().replace(/[.,]$/u, '')))) return null;
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  if (!NAME_WORD.test(first) || !NAME_WORD.test(last)) return null;
  if (!words.every((w) => NAME_WORD.test(w) || PARTICLES.has(w))) return null;
  return words.join(' ');
}

function addUnique(list: string[], names: readonly string[]): void {
  for (const n of names) if (!list.includes(n)) list.push(n);
}

/** How many lines from the top of page 1 the address block and a "Til …" line may start in. */
const TOP_LINES = 25;

/**
 * The addressee names on page 1: from a "Kære …"/"Hej …" salutation anywhere on the page, a "Til …" line near the
 * top, and the name lines above a street line and a postal-code line near the top. Trimmed, NFC, without duplicates.
 */
export function salutationNames(page1: string): string[] {
  const lines = page1.normalize('NFC').split(/\r\n|\r|\n|\u2028|\u2029/u);
  const names: string[] = [];
  let salutationLine = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const m = SALUTATION.exec(lines[i] ?? '');
    if (!m) continue;
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'til' && i >= TOP_LINES) continue;
    addUnique(names, namesIn(m[2] ?? ''));
    if (word !== 'til') {
      // The first "Kære"/"Hej" is the salutation; later ones are quotations or enclosures.
      salutationLine = i;
      break;
    }
  }
  addUnique(names, addressBlockNames(lines.slice(0, Math.min(salutationLine, TOP_LINES))));
  return names;
}

/** Names in address blocks: contiguous name lines directly above a street line that a postal-code line follows. */
function addressBlockNames(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 2; i < lines.length; i++) {
    if (!POSTAL_LINE.test(lines[i] ?? '') || !STREET_LINE.test(lines[i - 1] ?? '')) continue;
    const block: string[] = [];
    for (let j = i - 2; j >= 0 && block.length < 3; j--) {
      const line = (lines[j] ?? '').trim();
      if (line === '') break;
      // A c/o line names who the post goes through, not who it is for.
      if (!/^c\/o\b/iu.test(line)) block.unshift(line);
    }
    if (block.some((l) => ORGANISATION.test(l))) continue;
    // Two words at least: a lone capitalised word above an address is a stamp ("Fortroligt"), not a person.
    for (const line of block)
      addUnique(
        out,
        namesIn(line).filter((n) => n.includes(' ')),
      );
  }
  return out;
}
