import type { Evidence, Severity } from '../../shared/domain/findings';
import type { Party } from '../../shared/domain/case-file';
import type { ExtractedEntities } from '../entities';
import { fromDocument, tidy } from './evidence';
import { addressKey } from './parties';
import type { CaseView, RawFinding } from './types';

/** How far (in characters of the same text) a postal code and city may stand from a protected person's name. */
export const POSTAL_CITY_REACH = 200;

interface ProtectedAddress {
  key: string;
  /** Everyone registered at it: the protection covers them all. */
  residents: Set<string>;
  address: Evidence[];
  names: Evidence[];
}

/** Addresses at which a party with `addressProtected` is registered, with everyone registered there. */
function protectedAddresses(parties: readonly Party[]): Map<string, ProtectedAddress> {
  const byKey = new Map<string, Party[]>();
  for (const p of parties) {
    const key = addressKey(p);
    if (key === null) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const out = new Map<string, ProtectedAddress>();
  for (const [key, residents] of byKey) {
    if (!residents.some((p) => p.addressProtected === true)) continue;
    out.set(key, { key, residents: new Set(residents.map((p) => p.id)), address: [], names: [] });
  }
  // A protected party with an address the parser cannot key still protects their own mentions.
  for (const p of parties) {
    if (p.addressProtected === true && addressKey(p) === null)
      out.set(`party:${p.id}`, { key: `party:${p.id}`, residents: new Set([p.id]), address: [], names: [] });
  }
  return out;
}

/**
 * PROTECTED_ADDRESS_LEAK, per recipient and protected address. The address appears when a resident's street and
 * house number appear (another house number on the street is another address), or their postal code and city
 * stand within POSTAL_CITY_REACH characters of a resident's name in the same text; then every recipient not
 * registered there is blocked (the policy's severity). A resident's name with no address anywhere is a warning.
 */
export function protectedAddressFindings(
  entities: ExtractedEntities,
  view: CaseView,
  recipientIds: readonly string[],
  policySeverity: Severity,
): RawFinding[] {
  const addresses = protectedAddresses(view.case.parties);
  if (addresses.size === 0) return [];
  const residenceOf = new Map<string, ProtectedAddress>();
  for (const a of addresses.values()) for (const id of a.residents) residenceOf.set(id, a);

  const mentions = entities.partyMentions;
  for (const m of mentions) {
    const home = residenceOf.get(m.partyId);
    if (!home) continue;
    if (m.kind === 'street') home.address.push(fromDocument(m.raw, m));
    else if (m.kind === 'name') home.names.push(fromDocument(m.raw, m));
    else {
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

  const nameSeverity: Severity = policySeverity === 'block' ? 'warn' : policySeverity;
  const out: RawFinding[] = [];
  for (const recipientId of recipientIds) {
    for (const a of addresses.values()) {
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
  }
  return out;
}
