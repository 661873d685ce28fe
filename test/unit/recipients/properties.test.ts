import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeRecipients } from '../../../src/core/recipients/propose';
import {
  digitalPostStatuses,
  guardianScopes,
  partyRoles,
  type Case,
  type Party,
} from '../../../src/shared/domain/case-file';
import { partyProposalSchema } from '../../../src/shared/domain/proposal';
import { cprBornOn, PACK, RULE_IDS, TODAY, TYPE_KEYS } from './fixtures';

/**
 * Generated cases: random parties with random roles, ages, custody, orientation, representation, guardianship and
 * Digital Post flags. The test keeps each person's age as generated (from the birth date, independently of the
 * engine's CPR reading) so the properties do not lean on the code under test.
 */

const DAY = 86_400_000;
const today = Date.parse(`${TODAY}T00:00:00Z`);
const isoDaysFromToday = (days: number): string => new Date(today + days * DAY).toISOString().slice(0, 10);

/** Completed years, counted the slow way. */
function ageOf(birth: string): number {
  let years = 0;
  for (;;) {
    const y = Number(birth.slice(0, 4)) + years + 1;
    const next = `${y}${birth.slice(4)}`;
    if (next > TODAY) return years;
    years++;
  }
}

interface Generated {
  c: Case;
  ages: Map<string, number>;
}

const optionalBool = fc.constantFrom(undefined, true, false);

/** Mostly one role, leaning towards the roles with rules of their own, sometimes several at once. */
const roleArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('parent' as const, 'representative' as const) },
  { weight: 3, arbitrary: fc.constantFrom(...partyRoles) },
);
const rolesArb = fc.oneof(
  { weight: 4, arbitrary: roleArb.map((r) => [r]) },
  { weight: 1, arbitrary: fc.uniqueArray(roleArb, { minLength: 1, maxLength: 3 }) },
);

const partyArb = (index: number, ids: string[]) =>
  fc
    .record({
      kind: fc.constantFrom('person', 'person', 'person', 'company', 'authority'),
      // From newborn to 90; 2026-11-28 back to 1936 stays inside the 7th digit's 0 and 4 centuries.
      ageDays: fc.integer({ min: 0, max: 90 * 365 }),
      cprState: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'missing', 'bad-date'),
      roles: rolesArb,
      custody: optionalBool,
      orientationRequested: optionalBool,
      orientationRefused: optionalBool,
      represents: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      validUntil: fc.option(fc.integer({ min: -400, max: 400 }).map(isoDaysFromToday), { nil: undefined }),
      scope: fc.option(fc.constantFrom(...guardianScopes), { nil: undefined }),
      documentTypes: fc.option(
        fc.oneof(fc.constant(['all']), fc.uniqueArray(fc.constantFrom(...TYPE_KEYS), { maxLength: 4 })),
        { nil: undefined },
      ),
      digitalPost: fc.option(fc.constantFrom(...digitalPostStatuses), { nil: undefined }),
      deceased: optionalBool,
    })
    .map((g): { party: Party; age: number | null } => {
      const id = ids[index] ?? `p${index}`;
      const { kind, ageDays, cprState, ...rest } = g;
      const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      const base = { id, kind, name: `Part ${id}`, ...clean } as Party;
      if (kind !== 'person') return { party: { ...base, cvr: '12345678' }, age: null };
      const birth = isoDaysFromToday(-ageDays);
      if (cprState === 'missing') return { party: base, age: null };
      if (cprState === 'bad-date') return { party: { ...base, cpr: '310286-1234' }, age: null };
      return { party: { ...base, cpr: cprBornOn(birth) }, age: ageOf(birth) };
    });

const caseArb: fc.Arbitrary<Generated> = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    return fc.tuple(fc.tuple(...ids.map((_, i) => partyArb(i, ids))), fc.constantFrom(...ids));
  })
  .map(([generated, subjectPartyId]) => ({
    c: {
      caseNumber: '27.24.00-G01-001-26',
      title: 'Genereret sag',
      area: 'children',
      subjectPartyId,
      relatedCaseNumbers: [],
      asOf: TODAY,
      parties: generated.map((g) => g.party),
    },
    ages: new Map(generated.flatMap((g) => (g.age === null ? [] : [[g.party.id, g.age] as const]))),
  }));

const RUNS = { numRuns: 600 };

/** Runs a property for every type of the default pack on each generated case. */
function forEveryType(check: (g: Generated, type: string) => void): void {
  fc.assert(
    fc.property(caseArb, (g) => {
      for (const type of TYPE_KEYS) check(g, type);
    }),
    RUNS,
  );
}

const propose = (c: Case, type: string) =>
  proposeRecipients({ case: c, documentTypeKey: type, pack: PACK, today: TODAY });

describe('recipient proposal properties (generated cases, every type of the default pack)', () => {
  it('lists exactly the case’s parties, same ids, same order, nothing else', () => {
    forEveryType(({ c }, type) => {
      expect(propose(c, type).map((p) => p.partyId)).toEqual(c.parties.map((p) => p.id));
    });
  });

  it('never makes a child under 15, a deceased person or an expired representative eligible', () => {
    forEveryType(({ c, ages }, type) => {
      for (const p of propose(c, type)) {
        const party = c.parties.find((x) => x.id === p.partyId);
        if (!party || !p.eligible) continue;
        expect(ages.get(p.partyId) ?? 99, `${type}: ${p.partyId} is under 15`).toBeGreaterThanOrEqual(15);
        expect(party.deceased, `${type}: ${p.partyId} is deceased`).not.toBe(true);
        const expired =
          party.roles.includes('representative') &&
          party.validUntil !== undefined &&
          party.validUntil < TODAY;
        expect(expired, `${type}: ${p.partyId} is an expired representative`).toBe(false);
      }
    });
  });

  it('never makes a parent without custody eligible, except an orientation asked for and a contact decision', () => {
    forEveryType(({ c }, type) => {
      for (const p of propose(c, type)) {
        const party = c.parties.find((x) => x.id === p.partyId);
        // Only the parent role: a parent who is also the requester, a guardian or the subject has those grounds too.
        const onlyParent =
          party?.roles.length === 1 && party.roles[0] === 'parent' && party.id !== c.subjectPartyId;
        if (!party || !onlyParent || party.custody === true || !p.eligible) continue;
        const allowed =
          (type === 'orientering' &&
            party.orientationRequested === true &&
            party.orientationRefused !== true) ||
          type === 'samvaer-afgoerelse';
        expect(allowed, `${type}: ${p.partyId} has no custody`).toBe(true);
      }
    });
  });

  it('uses channel none exactly when not eligible, proposes only the eligible, and gives every entry a known rule', () => {
    forEveryType(({ c }, type) => {
      for (const p of propose(c, type)) {
        expect(partyProposalSchema.parse(p)).toEqual(p);
        expect(p.channel === 'none').toBe(!p.eligible);
        if (p.proposed) expect(p.eligible).toBe(true);
        expect(p.reasons.length).toBeGreaterThan(0);
        for (const r of p.reasons) {
          expect(RULE_IDS.has(r.ruleId), r.ruleId).toBe(true);
          expect(r.text).not.toMatch(/\{[a-z]+\}/);
        }
      }
    });
  });
});
