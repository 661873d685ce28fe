import type { Evidence, Severity } from '../../shared/domain/findings';
import type { Party } from '../../shared/domain/case-file';
import type { ExtractedEntities } from '../entities';
import { fromDocument, tidy } from './evidence';
import { addressKey, entitled } from './parties';
import type { CaseView, RawFinding } from './types';

/** How far (in characters of the same text) a postal code and city may stand from a protected person's name. */
export const POSTAL_CITY_REACH = 200;

interface GuardedAddress {
  key: string;
  /** Everyone registered at it: the protection covers them all. */
  residents: Set<string>;
  address: Evidence[];
  names: Evidence[];
  /** The residents named in the document. */
  named: Set<string>;
}

/** Addresses at which some party `guards` applies to is registered, with everyone registered there. */
function addressesWhere(
  parties: readonly Party[],
  guards: (p: Party) => boolean,
): Map<string, GuardedAddress> {
  const byKey = new Map<string, Party[]>();
  for (const p of parties) {
    const key = addressKey(p);
    if (key === null) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const out = new Map<string, GuardedAddress>();
  const make = (key: string, residents: Party[]): GuardedAddress => ({
    key,
    residents: new Set(residents.map((p) => p.id)),
    address: [],
    names: [],
    named: new Set(),
  });
  for (const [key, residents] of byKey) if (residents.some(guards)) out.set(key, make(key, residents));
  // A guarded party with an address the parser cannot key still guards their own mentions.
  for (const p of parties)
    if (guards(p) && addressKey(p) === null) out.set(`party:${p.id}`, make(`party:${p.id}`, [p]));
  return out;
}

/** Puts the document's mentions of each address's residents on that address. */
function collectMentions(addresses: Map<string, GuardedAddress>, entities: ExtractedEntities): void {
  const residenceOf = new Map<string, GuardedAddress>();
  for (const a of addresses.values()) for (const id of a.residents) residenceOf.set(id, a);
  const mentions = entities.partyMentions;
  for (const m of mentions) {
    const home = residenceOf.get(m.partyId);
    if (!home) continue;
    if (m.kind === 'street') home.address.push(fromDocument(m.raw, m));
    else if (m.kind === 'name') {
      home.names.push(fromDocument(m.raw, m));
      home.named.add(m.partyId);
    } else {
      const nearName = mentions.some(
        (n) =>
          n.kind === 'name' &&
          home.residents.has(n.partyId) &&
          n.page === m.page &&
          n.source === m.source &&
          Math.abs(n.index - m.index) <= POSTAL_CITY_REACH,
      );
      if (nearName) home.address.push(fromDocument(m.raw, m));
    }
  }
}

const isCustodialParent = (p: Party) => p.roles.includes('parent') && p.custody === true;
const isParentWithoutCustody = (p: Party) => p.roles.includes('parent') && p.custody !== true;

/**
 * PROTECTED_ADDRESS_LEAK, per recipient and guarded address. The address appears when a resident's street and
 * house number appear (another house number on the street is another address), or their postal code and city
 * stand within POSTAL_CITY_REACH characters of a resident's name in the same text; then every recipient not
 * registered there is blocked (the policy's severity).
 *
 * Guarded are the addresses with name and address protection, for every recipient, and, in an orientation letter
 * to a parent without custody, the custodial parent's address (domain.md: "In an orientation letter, the
 * custodial parent's CPR or address blocks"; forældreansvarsloven § 23 forbids revealing it).
 *
 * A protected resident's name with no address anywhere is a warning, except to a recipient entitled to that
 * person (their own custody holder, say): naming a child to the parent with custody reveals nothing.
 */
export function protectedAddressFindings(
  entities: ExtractedEntities,
  view: CaseView,
  recipientIds: readonly string[],
  policySeverity: Severity,
  orientation: boolean,
): RawFinding[] {
  const parties = view.case.parties;
  const registry = addressesWhere(parties, (p) => p.addressProtected === true);
  const custodial = orientation
    ? addressesWhere(parties, isCustodialParent)
    : new Map<string, GuardedAddress>();
  for (const key of registry.keys()) custodial.delete(key);
  if (registry.size === 0 && custodial.size === 0) return [];
  collectMentions(registry, entities);
  collectMentions(custodial, entities);

  const nameSeverity: Severity = policySeverity === 'block' ? 'warn' : policySeverity;
  const out: RawFinding[] = [];
  for (const recipientId of recipientIds) {
    const recipient = view.byId.get(recipientId);
    for (const a of registry.values()) {
      if (a.residents.has(recipientId)) continue;
      if (a.address.length > 0) {
        out.push({
          code: 'PROTECTED_ADDRESS_LEAK',
          message:
            'Dokumentet indeholder en beskyttet adresse, og denne modtager bor ikke på adressen. Fjern adressen fra dokumentet, før det sendes til denne modtager.',
          partyId: recipientId,
          evidence: tidy(a.address),
        });
      } else if (a.names.length > 0) {
        const owners = [...a.named].flatMap((id) => view.byId.get(id) ?? []);
        if (recipient && owners.length > 0 && owners.every((o) => entitled(recipient, o, view))) continue;
        out.push({
          code: 'PROTECTED_ADDRESS_LEAK',
          severity: nameSeverity,
          message:
            'Dokumentet nævner en person med navne- og adressebeskyttelse, og denne modtager bor ikke på den beskyttede adresse. Kontrollér, at dokumentet ikke afslører, hvor personen bor.',
          partyId: recipientId,
          evidence: tidy(a.names),
        });
      }
    }
    if (!recipient || !isParentWithoutCustody(recipient)) continue;
    for (const a of custodial.values()) {
      if (a.residents.has(recipientId) || a.address.length === 0) continue;
      out.push({
        code: 'PROTECTED_ADDRESS_LEAK',
        severity: 'block',
        message:
          'En orientering til en forælder uden forældremyndighed må ikke vise, hvor forælderen med forældremyndighed bor. Fjern adressen fra dokumentet.',
        partyId: recipientId,
        evidence: tidy(a.address),
      });
    }
  }
  return out;
}
