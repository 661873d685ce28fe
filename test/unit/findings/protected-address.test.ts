import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDocument, type CheckInput } from '../../../src/core/findings';
import type { Party } from '../../../src/shared/domain/case-file';
import { CHILD, FATHER, LAWYER, PROTECTED_MOTHER, TEACHER, baseInput, makeCase, page, to } from './fixtures';

const protectedCase = makeCase([CHILD, PROTECTED_MOTHER, FATHER, LAWYER, TEACHER]);

const leaks = (input: Partial<CheckInput>) =>
  checkDocument(baseInput({ case: protectedCase, ...input })).findings.filter(
    (f) => f.code === 'PROTECTED_ADDRESS_LEAK',
  );

const letter = (body: string): CheckInput['texts'] => [page(1, `Kære forældre\n\n${body}`)];

describe('PROTECTED_ADDRESS_LEAK', () => {
  it('blocks the father when the protected street and house number appear, with the address and page', () => {
    const found = leaks({
      texts: [page(1, 'Kære forældre'), page(2, 'Mor bor nu på Kærvej 12, 2. th., i Åbyhøj.')],
    });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'block',
        partyId: 'p3',
        relaxed: false,
        evidence: [{ text: 'Kærvej 12, 2. th.', page: 2, source: 'page' }],
      }),
    ]);
  });

  it('blocks every recipient not registered there, never the mother or the child registered with her', () => {
    const found = leaks({
      recipients: to('p1', 'p2', 'p3', 'p4', 'p6'),
      texts: letter('Adressen er Kaervej 12.'),
      proposals: protectedCase.parties.map((p) => ({
        partyId: p.id,
        eligible: true,
        proposed: true,
        channel: 'digital' as const,
        reasons: [{ ruleId: 't', text: 't' }],
      })),
    });
    expect(found.map((f) => [f.partyId, f.severity])).toEqual([
      ['p3', 'block'],
      ['p4', 'block'],
      ['p6', 'block'],
    ]);
  });

  it("the protection covers the child: the child's street alone (registered without protection) blocks", () => {
    const child = { ...CHILD, address: { street: 'Kærvej 12', postalCode: '8230', city: 'Åbyhøj' } };
    const found = checkDocument(
      baseInput({
        case: makeCase([child, PROTECTED_MOTHER, FATHER]),
        texts: letter('Emil bor på KÆRVEJ 12.'),
      }),
    ).findings.filter((f) => f.code === 'PROTECTED_ADDRESS_LEAK');
    expect(found.map((f) => [f.partyId, f.severity])).toEqual([['p3', 'block']]);
  });

  it('blocks on postal code and city near a protected name, not on them alone', () => {
    expect(leaks({ texts: letter('Mette Hansen, 8230 Åbyhøj, har ringet.') })).toEqual([
      expect.objectContaining({
        severity: 'block',
        partyId: 'p3',
        evidence: [{ text: '8230 Åbyhøj', page: 1, source: 'page' }],
      }),
    ]);
    // 8230 Åbyhøj alone is a postal district, not an address.
    expect(leaks({ texts: letter('Mødet holdes i 8230 Åbyhøj.') })).toEqual([]);
    // A protected name far away from the postal code: only the name warning.
    const far = leaks({
      texts: letter(`Mødet holdes i 8230 Åbyhøj.${' Tekst.'.repeat(60)} Mette Hansen deltager.`),
    });
    expect(far.map((f) => f.severity)).toEqual(['warn']);
  });

  it("a protected person's name alone is a warn, with the name as evidence", () => {
    expect(leaks({ texts: letter('Mette Hansen deltager i mødet.') })).toEqual([
      expect.objectContaining({
        severity: 'warn',
        partyId: 'p3',
        evidence: [{ text: 'Mette Hansen', page: 1, source: 'page' }],
      }),
    ]);
  });

  it.each([
    ['another house number on the same street', 'Far bor på Kærvej 14.'],
    ['a house number that only starts like it', 'Far bor på Kærvej 121.'],
    ['another capital house letter', 'Far bor på Kærvej 12B.'],
    ['the street name without a number', 'Kærvej er lukket.'],
  ])('near-miss: %s', (_name, body) => {
    expect(leaks({ texts: letter(body) })).toEqual([]);
  });

  it('near-miss: a protected address sent only to those registered at it', () => {
    expect(
      leaks({ recipients: to('p2'), texts: letter('Din adresse: Kærvej 12, 2. th., 8230 Åbyhøj.') }),
    ).toEqual([]);
  });

  it('near-miss: no party is protected', () => {
    expect(leaks({ case: makeCase(), texts: letter('Mette Hansen, Kærvej 12, 8230 Åbyhøj.') })).toEqual([]);
  });

  it('is never relaxed by audit-only mode', () => {
    const found = leaks({ auditOnly: true, texts: letter('Kærvej 12') });
    expect(found.map((f) => [f.severity, f.relaxed])).toEqual([['block', false]]);
  });
});

// ——— Property: generated spellings of a protected address ———

const STREETS = ['Kærvej', 'Østerbrogade', 'Åboulevarden', 'Ny Østergade', 'Aabyhøjvej', 'H.C. Ørsteds Vej'];
const CITIES: [string, string][] = [
  ['8230', 'Åbyhøj'],
  ['2100', 'København Ø'],
  ['6200', 'Aabenraa'],
];
const UNIT_SPELLINGS = ['', ', 2. th.', ', 2.th', ' 2 th', ', 2. TH', ', st. tv.', ' st.tv'];
const BREAKS = [' ', '\n', ' \n', '\u00A0', '\r\n'];
const ASCII: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa', Ae: 'Æ' };

/** Another way to write `s`: each letter's case, æ/ae, ø/oe, å/aa, spaces as line breaks. */
function respell(s: string, seed: readonly number[]): string {
  let k = 0;
  const next = (): number => seed[k++ % seed.length] ?? 0;
  let out = '';
  for (const c of s) {
    const r = next();
    if (c === ' ') out += BREAKS[r % BREAKS.length];
    else if (ASCII[c] !== undefined && r % 3 === 0) out += ASCII[c];
    else out += r % 4 === 0 ? c.toUpperCase() : r % 4 === 1 ? c.toLowerCase() : c;
  }
  return out;
}

const person = (id: string, name: string, roles: Party['roles'], address?: Party['address']): Party => ({
  id,
  kind: 'person',
  name,
  roles,
  ...(address ? { address } : {}),
});

const scenario = fc.record({
  street: fc.constantFrom(...STREETS),
  number: fc.integer({ min: 1, max: 250 }),
  city: fc.constantFrom(...CITIES),
  unit: fc.constantFrom(...UNIT_SPELLINGS),
  withCity: fc.boolean(),
  seed: fc.array(fc.nat(1000), { minLength: 8, maxLength: 32 }),
  /** Who is protected: the parent, the child (the parent is covered) or both. */
  flagged: fc.constantFrom('parent', 'child', 'both'),
  recipients: fc.subarray(['a', 'b', 'c', 'd', 'e'], { minLength: 1 }),
  auditOnly: fc.boolean(),
  before: fc.constantFrom('Vi har besøgt familien på ', 'Adresse:\n', 'Mødet holdes hos mor, ', ''),
});

describe('property: a protected address in any spelling', () => {
  it('blocks every recipient not registered at it and never one registered at it', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const [postalCode, city] = s.city;
        const home = { street: `${s.street} ${s.number}`, postalCode, city };
        const neighbour = { street: `${s.street} ${s.number + 1}`, postalCode, city };
        const parties: Party[] = [
          { ...person('a', 'Mette Hansen', ['parent'], home), addressProtected: s.flagged !== 'child' },
          { ...person('b', 'Emil Hansen', ['subject'], home), addressProtected: s.flagged !== 'parent' },
          person('c', 'Søren Hansen', ['parent'], neighbour),
          person('d', 'Jens Larsen', ['representative']),
          person('e', 'Anne Skov', ['professional'], {
            street: 'Store Torv 1',
            postalCode: '8000',
            city: 'Aarhus C',
          }),
        ];
        const c = { ...makeCase(parties), subjectPartyId: 'b' };
        const address = `${respell(s.street, s.seed)}${BREAKS[s.number % BREAKS.length]}${s.number}${s.unit}${
          s.withCity ? `,\n${postalCode} ${respell(city, s.seed.slice(1))}` : ''
        }`;
        const input = baseInput({
          case: c,
          auditOnly: s.auditOnly,
          recipients: to(...s.recipients),
          proposals: parties.map((p) => ({
            partyId: p.id,
            eligible: true,
            proposed: true,
            channel: 'digital',
            reasons: [{ ruleId: 't', text: 't' }],
          })),
          texts: [page(1, 'Kære forældre\n\nTekst.'), page(2, `${s.before}${address}.\nMed venlig hilsen`)],
        });
        const blocked = checkDocument(input)
          .findings.filter((f) => f.code === 'PROTECTED_ADDRESS_LEAK' && f.severity === 'block')
          .map((f) => f.partyId);
        const outsiders = s.recipients.filter((r) => r !== 'a' && r !== 'b').sort();
        expect(blocked).toEqual(outsiders);
      }),
      { numRuns: 300 },
    );
  });

  it('never blocks anyone for another house number on the same street', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 40 }), (s, offset) => {
        const [postalCode, city] = s.city;
        const home = { street: `${s.street} ${s.number}`, postalCode, city };
        const parties: Party[] = [
          { ...person('a', 'Mette Hansen', ['parent'], home), addressProtected: true },
          person('c', 'Søren Hansen', ['parent']),
        ];
        const input = baseInput({
          case: { ...makeCase(parties), subjectPartyId: 'a' },
          recipients: to('c'),
          proposals: [],
          texts: [page(1, `Kære forældre\n\n${respell(s.street, s.seed)} ${s.number + offset}${s.unit}.`)],
        });
        const leaksFound = checkDocument(input).findings.filter((f) => f.code === 'PROTECTED_ADDRESS_LEAK');
        expect(leaksFound).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
