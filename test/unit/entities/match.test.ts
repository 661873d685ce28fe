import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Party } from '../../../src/shared/domain/case-file';
import {
  findPartyMentions,
  normaliseForMatch,
  normaliseWithMap,
  parseStreet,
} from '../../../src/core/entities/match';

const FIRST = ['Søren', 'Åse', 'Mette', 'Bjørn', 'Hanne', 'Ærenpris', 'Aage', 'Kirsten Marie'];
const LAST = ['Jensen', 'Sørensen', 'Ærøboe', 'Aagaard', 'Østergård', 'Ågesen', 'Jensen-Hansen', 'Kjær'];
const STREETS = [
  'Vestergade',
  'Østerbrogade',
  'Åboulevarden',
  'Kærvej',
  'Ny Østergade',
  'Aabyhøjvej',
  'H.C. Ørsteds Vej',
];
const CITIES: [string, string][] = [
  ['8000', 'Aarhus C'],
  ['2100', 'København Ø'],
  ['8230', 'Åbyhøj'],
  ['6200', 'Aabenraa'],
];
// The floor/door as registered, and spellings of the same unit a letter may use.
const UNITS: [string, string[]][] = [
  ['2. th.', ['2. th.', '2.th', '2 th', '2. TH', '2.th.']],
  ['st. tv.', ['st. tv.', 'st.tv', 'st tv', 'ST. TV']],
  ['1. sal', ['1. sal', '1.sal', '1 sal']],
  ['3. mf.', ['3. mf.', '3.mf', '3 mf']],
];

const ASCII: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };
const BREAKS = [' ', '\n', ' \n', '\u00A0', '  ', '\r\n'];

/** Another way to write `s`: each letter's case, æ/ae, ø/oe, å/aa (both ways), spaces as line breaks, NFD. */
function respell(s: string, seed: readonly number[]): string {
  let k = 0;
  const next = (): number => seed[k++ % seed.length] ?? 0;
  const swapped = next() % 2 === 0 ? s.replace(/aa/g, 'å').replace(/Aa/g, 'Å') : s;
  let out = '';
  for (const c of swapped) {
    const r = next();
    if (c === ' ') out += BREAKS[r % BREAKS.length];
    else if (ASCII[c] !== undefined && r % 3 === 0) out += ASCII[c];
    else out += r % 4 === 0 ? c.toUpperCase() : r % 4 === 1 ? c.toLowerCase() : c;
  }
  return next() % 3 === 0 ? out.normalize('NFD') : out;
}

/** Breaks a word across lines with a hyphen at a position between two letters, as a typesetter would. */
function hyphenate(s: string, at: number): string {
  const spots = [...s.matchAll(/(?<=\p{L})(?=\p{L})/gu)].map((m) => m.index);
  if (spots.length === 0) return s;
  const i = spots[at % spots.length] ?? 0;
  return `${s.slice(0, i)}-\n${s.slice(i)}`;
}

const person = (id: string, name: string, street: string, postalCode: string, city: string): Party => ({
  id,
  kind: 'person',
  name,
  roles: ['parent'],
  address: { street, postalCode, city },
});

const seedArb = fc.array(fc.nat(1000), { minLength: 8, maxLength: 32 });

describe('normalisation for matching', () => {
  it('makes the Danish spellings, case and line breaks equal, and maps back to the original', () => {
    expect(normaliseForMatch('Søren ÆRØ\nÅbyhøj')).toBe('soeren aeroe aabyhoej');
    expect(normaliseForMatch('Soeren Aeroe  Aabyhoej')).toBe('soeren aeroe aabyhoej');
    expect(normaliseForMatch('A\u030Abyhøj')).toBe('aabyhoej');
    expect(normaliseForMatch('Vester-\ngade 12\u2013 14, André Jen\u00ADsen')).toBe(
      'vestergade 12 14, andre jensen',
    );
    expect(normaliseForMatch('Jensen – Vej')).toBe('jensen vej');
    const text = '  Æble\n\n-Øl';
    const n = normaliseWithMap(text);
    expect(n.text).toBe('aeble oel');
    expect(n.map.length).toBe(n.text.length + 1);
    expect(text[n.map[n.text.indexOf('oel')] ?? -1]).toBe('Ø');
  });
});

describe('parseStreet', () => {
  it('splits a registered street into name, house number, letter and unit', () => {
    expect(parseStreet('Vestergade 12, 2. th.')).toEqual({ name: 'Vestergade', number: '12', unit: '2 th' });
    expect(parseStreet('Ny Østergade 3A st.')).toEqual({
      name: 'Ny Østergade',
      number: '3',
      letter: 'a',
      unit: 'st',
    });
    expect(parseStreet('Christian 4. Vej 7, 1. sal')).toEqual({
      name: 'Christian 4. Vej',
      number: '7',
      unit: '1',
    });
    expect(parseStreet('Poste restante')).toBeNull();
  });
});

describe('findPartyMentions', () => {
  it('finds a name, street address and postal code with city however they are spelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIRST),
        fc.constantFrom(...LAST),
        fc.constantFrom(...STREETS),
        fc.integer({ min: 1, max: 250 }),
        fc.constantFrom(...UNITS),
        fc.nat(),
        fc.constantFrom(...CITIES),
        seedArb,
        fc.nat(),
        fc.constantFrom(', ', ' ', ',\n', '\n'),
        (first, last, street, no, [unit, spellings], spellingPick, [code, city], seed, cut, unitSep) => {
          const party = person('p1', `${first} ${last}`, `${street} ${no}, ${unit}`, code, city);
          const other = person('p2', 'Bo Ibsen', 'Torvet 1', '9000', 'Aalborg');
          const name = respell(party.name, seed);
          const unitSpelling = spellings[spellingPick % spellings.length] ?? unit;
          const address = `${hyphenate(respell(street, seed.slice(1)), cut)}${respell(' ', seed)}${no}${unitSep}${unitSpelling}`;
          const postal = `${code} ${respell(city, seed.slice(2))}`;
          const text = `Vedr. ${name}, som bor på ${address}\n${postal}.`;
          const found = findPartyMentions(text, [party, other]);
          expect(found.every((m) => m.partyId === 'p1')).toBe(true);
          const kinds = found.map((m) => m.kind);
          expect(kinds).toContain('name');
          expect(kinds).toContain('street');
          expect(kinds).toContain('postalCity');
          const nameHit = found.find((m) => m.kind === 'name' && m.index === 6);
          expect(nameHit?.raw).toBe(name);
          const streetHit = found.find((m) => m.kind === 'street');
          expect(streetHit?.index).toBe(text.indexOf(address));
          expect(streetHit?.unitMatches).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('does not take another house number or house letter on the same street for the address', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STREETS),
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 250 }),
        seedArb,
        (street, no, otherNo, seed) => {
          fc.pre(no !== otherNo);
          const party = person('p1', 'Hanne Jensen', `${street} ${no}`, '8000', 'Aarhus C');
          const text = `Mødet holdes på ${respell(street, seed)} ${otherNo}, 2. th.`;
          expect(findPartyMentions(text, [party]).filter((m) => m.kind === 'street')).toEqual([]);
        },
      ),
    );
    const party = person('p1', 'Hanne Jensen', 'Vestergade 12A, 1. tv.', '8000', 'Aarhus C');
    const streets = (text: string) => findPartyMentions(text, [party]).filter((m) => m.kind === 'street');
    expect(streets('Vestergade 12B')).toEqual([]);
    expect(streets('Vestergade 120')).toEqual([]);
    expect(streets('Vestergade 112')).toEqual([]);
    expect(streets('Nørre Vestergade 12A')).toHaveLength(1); // the registered name is contained: reported
    expect(streets('Vestergade 12 A')).toMatchObject([{ raw: 'Vestergade 12 A' }]);
    expect(streets('Vestergade 12, 2. th.')).toMatchObject([
      { raw: 'Vestergade 12, 2. th.', unitMatches: false },
    ]);
    expect(streets('Vestergadevej 12A')).toEqual([]);
  });

  it('matches names on word boundaries and a middle name may be left out', () => {
    const party = person('p1', 'Hanne Marie Jensen', 'Vestergade 12', '8000', 'Aarhus C');
    const names = (text: string) => findPartyMentions(text, [party]).filter((m) => m.kind === 'name');
    expect(names('Hanne Marie Jensen og Hanne\nJensen')).toHaveLength(2);
    expect(names('Johanne Jensen')).toEqual([]);
    expect(names('Hanne Jensensen')).toEqual([]);
    expect(names('Hanne Marie')).toEqual([]);
  });

  it('needs the postal code next to the city', () => {
    const party = person('p1', 'Hanne Jensen', 'Vestergade 12', '8000', 'Aarhus C');
    const postal = (text: string) => findPartyMentions(text, [party]).filter((m) => m.kind === 'postalCity');
    expect(postal('DK-8000 Aarhus C')).toHaveLength(1);
    expect(postal('8000 Århus')).toHaveLength(1);
    expect(postal('8200 Aarhus N')).toEqual([]);
    expect(postal('18000 Aarhus')).toEqual([]);
    expect(postal('Aarhus 8000')).toEqual([]);
  });

  it('gives nothing for no parties', () => {
    expect(findPartyMentions('Hanne Jensen, Vestergade 12', [])).toEqual([]);
  });
});
