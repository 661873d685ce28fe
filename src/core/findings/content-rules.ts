import type { Party } from '../../shared/domain/case-file';
import { normaliseCaseNumber, normaliseForMatch, type ExtractedEntities } from '../entities';
import { fromDocument, evidence, tidy } from './evidence';
import { entitled } from './parties';
import type { CaseView, RawFinding } from './types';

/** CASE_NUMBER_MISMATCH: one finding per case number that is neither the case's nor a related case's. */
export function caseNumberFindings(entities: ExtractedEntities, view: CaseView): RawFinding[] {
  const own = new Set([view.case.caseNumber, ...view.case.relatedCaseNumbers].map(normaliseCaseNumber));
  const foreign = new Map<string, RawFinding>();
  for (const n of entities.caseNumbers) {
    if (own.has(n.value)) continue;
    let f = foreign.get(n.value);
    if (!f) {
      f = {
        code: 'CASE_NUMBER_MISMATCH',
        message:
          'Dokumentet nævner et sagsnummer, der hverken er denne sags eller en relateret sags. Kontrollér, at du har valgt den rigtige sag og det rigtige dokument; er sagerne beslægtede, så registrér sagsnummeret som relateret sag.',
        partyId: null,
        evidence: [],
      };
      foreign.set(n.value, f);
    }
    f.evidence.push(fromDocument(n.raw, n));
  }
  return [...foreign.values()].map((f) => ({ ...f, evidence: tidy(f.evidence) }));
}

/** SUBJECT_MISMATCH: page 1 is about someone other than the case subject. */
export function subjectFindings(entities: ExtractedEntities, view: CaseView): RawFinding[] {
  const lead = entities.leadingCpr;
  const subject = view.byId.get(view.case.subjectPartyId);
  // A subject without a recorded CPR cannot be compared; UNKNOWN_CPR and THIRD_PARTY_CPR still see the number.
  if (!lead || !subject?.cpr || lead.value === subject.cpr) return [];
  const owner = view.byCpr.get(lead.value)?.[0];
  return [
    {
      code: 'SUBJECT_MISMATCH',
      message: owner
        ? 'Side 1 handler om en anden person end sagens hovedperson (CPR-nummeret tilhører en anden part). Kontrollér, at dokumentet hører til denne sag og denne person.'
        : 'Side 1 handler om en person, der ikke er sagens hovedperson. Kontrollér, at dokumentet hører til denne sag og denne person.',
      partyId: owner?.id ?? null,
      evidence: [fromDocument(lead.raw, lead)],
    },
  ];
}

/** UNKNOWN_CPR: one finding per CPR number that belongs to no party of the case. */
export function unknownCprFindings(entities: ExtractedEntities, view: CaseView): RawFinding[] {
  const unknown = new Map<string, RawFinding>();
  for (const c of entities.cprs) {
    if (view.byCpr.has(c.value)) continue;
    let f = unknown.get(c.value);
    if (!f) {
      f = {
        code: 'UNKNOWN_CPR',
        message:
          'Dokumentet indeholder et CPR-nummer, som ingen part på sagen har. Kontrollér, om det hører til en anden sag eller person, og fjern det, hvis modtagerne ikke må se det.',
        partyId: null,
        evidence: [],
      };
      unknown.set(c.value, f);
    }
    f.evidence.push(fromDocument(c.raw, c));
  }
  return [...unknown.values()].map((f) => ({ ...f, evidence: tidy(f.evidence) }));
}

const isParentWithoutCustody = (p: Party) => p.roles.includes('parent') && p.custody !== true;

/** THIRD_PARTY_CPR: per recipient and party, a party's CPR the recipient is not entitled to. */
export function thirdPartyCprFindings(
  entities: ExtractedEntities,
  view: CaseView,
  recipients: readonly Party[],
  orientation = false,
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const recipient of recipients) {
    const byOwner = new Map<string, RawFinding>();
    for (const c of entities.cprs) {
      for (const owner of view.byCpr.get(c.value) ?? []) {
        if (entitled(recipient, owner, view)) continue;
        let f = byOwner.get(owner.id);
        if (!f) {
          // domain.md: in an orientation letter, the custodial parent's CPR blocks (forældreansvarsloven § 23).
          const custodialInOrientation =
            orientation &&
            isParentWithoutCustody(recipient) &&
            owner.roles.includes('parent') &&
            owner.custody === true;
          f = {
            code: 'THIRD_PARTY_CPR',
            message: custodialInOrientation
              ? 'En orientering til en forælder uden forældremyndighed må ikke indeholde CPR-nummeret på forælderen med forældremyndighed. Fjern CPR-nummeret.'
              : 'Dokumentet indeholder CPR-nummeret på en anden part på sagen, som denne modtager ikke har ret til at se. Fjern CPR-nummeret, eller send ikke dokumentet til denne modtager.',
            partyId: recipient.id,
            evidence: [],
            ...(custodialInOrientation ? { severity: 'block' as const } : {}),
          };
          byOwner.set(owner.id, f);
        }
        f.evidence.push(fromDocument(c.raw, c));
      }
    }
    for (const f of byOwner.values()) out.push({ ...f, evidence: tidy(f.evidence) });
  }
  return out;
}

const words = (name: string): string[] =>
  normaliseForMatch(name)
    .split(' ')
    .filter((w) => w !== '');

/** One word of a written name stands for a registered one: equal, or an initial (`J.` for Jens). */
function wordFits(written: string, registered: string): boolean {
  if (written === registered) return true;
  const initial = /^(\p{L})\.?$/u.exec(written);
  return initial !== null && registered.startsWith(initial[1] ?? '');
}

/**
 * The shorter name's first and last words match the longer's, and any middle words are among its words; a single
 * word (a first name, as in "Kære Oliver") matches the first word.
 */
function namesFit(shorter: string[], longer: string[]): boolean {
  if (shorter.length === 0 || shorter.length > longer.length) return false;
  if (!wordFits(shorter[0] ?? '', longer[0] ?? '')) return false;
  // "Kære Oliver" to Oliver Fantasisen: a first name alone names the person whose first name it is.
  if (shorter.length === 1) return true;
  if (!wordFits(shorter[shorter.length - 1] ?? '', longer[longer.length - 1] ?? '')) return false;
  const middle = longer.slice(1, -1);
  return shorter.slice(1, -1).every((w) => middle.some((m) => wordFits(w, m)));
}

/** Tolerant name comparison: case, æ/ae, line breaks, initials, and a middle name missing on either side. */
export function sameName(written: string, registered: string): boolean {
  const a = words(written);
  const b = words(registered);
  return namesFit(a, b) || namesFit(b, a);
}

/** ADDRESSEE_MISMATCH: the salutation or address block names people, and this recipient is not among them. */
export function addresseeFindings(entities: ExtractedEntities, recipients: readonly Party[]): RawFinding[] {
  const names = entities.salutationNames;
  if (names.length === 0) return [];
  return recipients
    .filter((r) => !names.some((n) => sameName(n, r.name)))
    .map((r) => ({
      code: 'ADDRESSEE_MISMATCH' as const,
      message:
        'Brevet er stilet til en anden end denne modtager. Kontrollér modtageren, eller ret navnet i brevets indledning eller adressefelt.',
      partyId: r.id,
      evidence: [evidence(names.join(', '), 1, 'page')],
    }));
}
