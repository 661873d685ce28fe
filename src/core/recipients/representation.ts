import type { Case, Party } from '../../shared/domain/case-file';

/** A representation as the case records it: a party with role `representative` pointing at another party. */
export interface Representation {
  representative: Party;
  represented: Party;
}

/** The representations of a case; one pointing at the representative itself or outside the case is none. */
export function representationsOf(c: Case): Representation[] {
  const byId = new Map(c.parties.map((p) => [p.id, p]));
  const out: Representation[] = [];
  for (const p of c.parties) {
    if (!p.roles.includes('representative') || p.represents === undefined || p.represents === p.id) continue;
    const represented = byId.get(p.represents);
    if (represented) out.push({ representative: p, represented });
  }
  return out;
}

export type RepresentationState = 'valid' | 'expired' | 'no-end-date';

/** Valid through its end date (inclusive); one without an end date cannot be used (domain.md: it has one). */
export function representationState(representative: Party, today: string): RepresentationState {
  if (representative.validUntil === undefined) return 'no-end-date';
  return representative.validUntil < today ? 'expired' : 'valid';
}

/** Whether the representation covers a document type: `all`, or the type's key listed. Nothing listed: none. */
export function representationCovers(representative: Party, documentTypeKey: string): boolean {
  const types = representative.documentTypes ?? [];
  return types.includes('all') || types.includes(documentTypeKey);
}

export interface ExpiredRepresentation {
  /** The representative whose representation has passed its end date. */
  partyId: string;
  /** The party it represented. */
  represents: string;
  validUntil: string;
}

/** The representations on a case that have passed their end date (REPRESENTATION_EXPIRED), in case order. */
export function representationsExpired(c: Case, today: string): ExpiredRepresentation[] {
  return representationsOf(c).flatMap(({ representative, represented }) =>
    representative.validUntil !== undefined && representationState(representative, today) === 'expired'
      ? [{ partyId: representative.id, represents: represented.id, validUntil: representative.validUntil }]
      : [],
  );
}
