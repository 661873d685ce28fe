import type { Party } from '../../shared/domain/case-file';
import { cprBirthDate, normaliseForMatch, parseStreet } from '../entities';
import type { CaseView } from './types';

/** Whole years between an ISO birth date and an ISO day. */
export function ageOn(birthDate: string, today: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function isMinorChild(p: Party, view: CaseView): boolean {
  if (p.id !== view.case.subjectPartyId && !p.roles.includes('subject')) return false;
  const birth = p.cpr ? cprBirthDate(p.cpr.replace('-', '')) : null;
  // Without a date of birth the child is taken as a minor: custody is recorded only for children.
  return birth === null || ageOn(birth, view.today) < 18;
}

/** A representation that is in force today and covers this document type. */
export function representsValidly(rep: Party, view: CaseView): boolean {
  if (!rep.roles.includes('representative') || rep.represents === undefined) return false;
  if (rep.validUntil !== undefined && rep.validUntil < view.today) return false;
  const types = rep.documentTypes;
  return types === undefined || types.includes('all') || types.includes(view.documentType.key);
}

/** A guardian's ward is the party they `represent`, else the case subject; it counts when the scope covers the matter. */
function guardsWithinScope(guardian: Party, ward: Party, view: CaseView): boolean {
  if (!guardian.roles.includes('guardian')) return false;
  if ((guardian.represents ?? view.case.subjectPartyId) !== ward.id) return false;
  if (guardian.validUntil !== undefined && guardian.validUntil < view.today) return false;
  const matter = view.documentType.matter;
  // Without the type's matter, the proposal engine's verdict (which weighed the scope) decides.
  if (matter === undefined) return view.proposals.find((p) => p.partyId === guardian.id)?.eligible === true;
  return guardian.scope === 'both' || guardian.scope === matter;
}

function entitledDirectly(recipient: Party, owner: Party, view: CaseView): boolean {
  if (recipient.id === owner.id) return true;
  if (recipient.custody === true && isMinorChild(owner, view)) return true;
  if (recipient.represents === owner.id && representsValidly(recipient, view)) return true;
  return guardsWithinScope(recipient, owner, view);
}

/**
 * Whether a recipient may see a party's personal data (THIRD_PARTY_CPR): their own, a minor child they hold custody
 * of, a party they validly represent, a ward within the guardianship's scope. A representative also sees what the
 * party they represent may see, since the letter goes to them instead of that party.
 */
export function entitled(recipient: Party, owner: Party, view: CaseView): boolean {
  if (entitledDirectly(recipient, owner, view)) return true;
  if (recipient.represents === undefined) return false;
  const principal = view.byId.get(recipient.represents);
  if (!principal || principal.id === recipient.id) return false;
  const acts = representsValidly(recipient, view) || guardsWithinScope(recipient, principal, view);
  return acts && entitledDirectly(principal, owner, view);
}

/**
 * The key of the address a party is registered at: street name, house number and letter, postal code. The floor
 * and door are left out on purpose: the house number already places the person, and registers write units
 * inconsistently, which would otherwise split the protected parent from the child living with them.
 */
export function addressKey(p: Party): string | null {
  if (!p.address) return null;
  const street = parseStreet(p.address.street);
  const name = street
    ? `${normaliseForMatch(street.name)} ${street.number}${street.letter ?? ''}`
    : normaliseForMatch(p.address.street);
  return `${name}\u0000${p.address.postalCode}`;
}
