import defaultJson from '../../../resources/policy/default.json';
import { parsePolicyPack } from '../../../src/core/policy/check-policy';
import type { Case, Party } from '../../../src/shared/domain/case-file';
import type { PolicyPack } from '../../../src/shared/domain/policy';

/** The day every hand-built case is judged on (the demo data's reference day). */
export const TODAY = '2026-11-28';

const parsed = parsePolicyPack(defaultJson);
if (!parsed.ok) throw new Error(`default policy pack: ${parsed.problems.join('; ')}`);
export const PACK: PolicyPack = parsed.pack;
export const TYPE_KEYS = PACK.documentTypes.map((t) => t.key);
export const RULE_IDS = new Set(Object.values(PACK.eligibility.rules).map((r) => r.id));

/** The rule id the default pack gives a slot, so tests read as the rule, not as a string. */
export const rule = (slot: keyof PolicyPack['eligibility']['rules']): string =>
  PACK.eligibility.rules[slot].id;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A CPR number for someone born on `birth` (ISO), with a 7th digit that gives the right century (4 for 2000–2036,
 * 5 for 2037–2057, 0 for the 1900s). The serial is arbitrary: mod 11 is not required (domain.md).
 */
export function cprBornOn(birth: string, serial = 123): string {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const yy = y % 100;
  const seventh = y >= 2037 ? 5 : y >= 2000 ? 4 : 0;
  return `${pad(d)}${pad(m)}${pad(yy)}-${seventh}${String(serial).padStart(3, '0')}`;
}

/** A CPR for someone who is `years` old on TODAY (born `daysBefore` days before the birthday falls). */
export function cprAged(years: number, daysAfterBirthday = 30): string {
  const t = new Date(`${TODAY}T00:00:00Z`);
  const birth = new Date(
    Date.UTC(t.getUTCFullYear() - years, t.getUTCMonth(), t.getUTCDate() - daysAfterBirthday),
  );
  return cprBornOn(birth.toISOString().slice(0, 10));
}

export function person(id: string, years: number, extra: Partial<Party> = {}): Party {
  return {
    id,
    kind: 'person',
    name: `Person ${id}`,
    cpr: cprAged(years),
    roles: ['other'],
    digitalPost: 'enrolled',
    address: { street: `Testvej ${id.length}`, postalCode: '8000', city: 'Aarhus C' },
    ...extra,
  };
}

export function company(id: string, extra: Partial<Party> = {}): Party {
  return { id, kind: 'company', name: `Firma ${id}`, cvr: '12345678', roles: ['other'], ...extra };
}

export function caseOf(parties: Party[], subjectPartyId = parties[0]?.id ?? 'p1'): Case {
  return {
    caseNumber: '27.24.00-G01-001-26',
    title: 'Testsag',
    area: 'children',
    subjectPartyId,
    relatedCaseNumbers: [],
    asOf: TODAY,
    parties,
  };
}
