import type { Address, Case, Party } from '../../../../shared/domain/case-file';
import type { Messages } from '../../i18n';
import type { BadgeTone } from '../../ui/Badge';
import { formatDate } from './format';

export interface Note {
  text: string;
  tone: BadgeTone;
}

/** The party's roles in Danish. Only a display: who may receive what is decided (again) by the backend. */
export function roleLabels(party: Party, area: Case['area'], t: Messages): string[] {
  return party.roles.map((role) => {
    if (role === 'subject' && area === 'children') return t.party.subjectInChildrenCase;
    if (role === 'guardian' && party.scope)
      return `${t.party.roles.guardian} (${t.party.guardianScopes[party.scope]})`;
    return t.party.roles[role];
  });
}

export function digitalPostLabel(party: Party, t: Messages): Note {
  const status = party.digitalPost ?? 'unknown';
  const tone: BadgeTone = status === 'enrolled' ? 'success' : status === 'exempt' ? 'warning' : 'neutral';
  return { text: t.party.digitalPost[status], tone };
}

/**
 * Everything about a party that changes who may receive a letter or how: custody, orientation, protection,
 * death, and whom a representative acts for and until when. `today` is `YYYY-MM-DD`.
 */
export function partyNotes(party: Party, parties: readonly Party[], t: Messages, today: string): Note[] {
  const notes: Note[] = [];
  if (party.custody === true) notes.push({ text: t.party.custody, tone: 'info' });
  if (party.custody === false) notes.push({ text: t.party.noCustody, tone: 'neutral' });
  if (party.orientationRequested) notes.push({ text: t.party.orientationRequested, tone: 'neutral' });
  if (party.orientationRefused) notes.push({ text: t.party.orientationRefused, tone: 'warning' });
  if (party.addressProtected) notes.push({ text: t.party.addressProtected, tone: 'protected' });
  if (party.deceased) notes.push({ text: t.party.deceased, tone: 'danger' });
  if (party.represents !== undefined) {
    const represented = parties.find((p) => p.id === party.represents);
    notes.push({ text: t.party.represents(represented?.name ?? party.represents), tone: 'neutral' });
  }
  if (party.documentTypes !== undefined && party.documentTypes.length > 0) {
    const types = party.documentTypes.map((id) => t.party.documentTypes[id] ?? id).join(', ');
    notes.push({ text: t.party.covers(types), tone: 'neutral' });
  }
  if (party.validUntil !== undefined) {
    const expired = party.validUntil < today;
    notes.push(
      expired
        ? { text: t.party.expiredOn(formatDate(party.validUntil)), tone: 'danger' }
        : { text: t.party.validUntil(formatDate(party.validUntil)), tone: 'neutral' },
    );
  }
  return notes;
}

export type AddressDisplay =
  | { kind: 'shown'; address: Address }
  | { kind: 'protected' }
  | { kind: 'sharedWithProtected' }
  | { kind: 'none' };

const addressKey = (a: Address) => `${a.street.trim().toLowerCase().replace(/\s+/g, ' ')}|${a.postalCode}`;

/**
 * A protected address is never put on screen, and neither is the same address on another party: a child living
 * with a protected parent would otherwise give the parent's address away.
 */
export function addressDisplay(party: Party, parties: readonly Party[]): AddressDisplay {
  if (party.addressProtected) return { kind: 'protected' };
  if (!party.address) return { kind: 'none' };
  const key = addressKey(party.address);
  const shared = parties.some((p) => p.addressProtected && p.address && addressKey(p.address) === key);
  return shared ? { kind: 'sharedWithProtected' } : { kind: 'shown', address: party.address };
}
