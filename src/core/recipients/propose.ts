import type { Case, Party } from '../../shared/domain/case-file';
import type { DocumentTypePolicy, PolicyPack } from '../../shared/domain/policy';
import type { PartyProposal, Reason, RecipientChannel } from '../../shared/domain/proposal';
import { ageOn, birthDateOfCpr, danishDate, isIsoDate } from './dates';
import { MATTER_LABELS, reasonFor, type ReasonValues } from './reasons';
import {
  representationCovers,
  representationsOf,
  representationState,
  type Representation,
} from './representation';

export { representationsExpired, type ExpiredRepresentation } from './representation';

/**
 * The recipient proposal (domain.md, "Who may receive"): every party of the case, in case order, with whether it
 * may receive this document type, whether it is proposed, the channel and the reasons. The legal structure is
 * here; the ages, the types each rule applies to, the rule ids and the Danish sentences come from the pack
 * (`eligibility`). docs/recipients.md lists the rules in order.
 */
export interface ProposeInput {
  case: Case;
  documentTypeKey: string;
  pack: PolicyPack;
  /** ISO `YYYY-MM-DD`: ages and representations are judged on this day. */
  today: string;
}

/** One reason a party may or may not receive; a party is eligible when any of its grounds is. */
interface Ground {
  eligible: boolean;
  proposed: boolean;
  reason: Reason;
}

/** A party excluded whatever its roles (deceased, no identity, too young, a representation that cannot be used). */
type Assessment = { blocked: Reason } | { grounds: Ground[] };

interface Context {
  c: Case;
  type: DocumentTypePolicy;
  pack: PolicyPack;
  today: string;
  subject: Party | undefined;
  /** The subject's age, when the subject is a person with a usable CPR number. */
  subjectAge: number | null;
  requesters: Set<string>;
  values: ReasonValues;
}

export function proposeRecipients(input: ProposeInput): PartyProposal[] {
  const { case: c, documentTypeKey, pack, today } = input;
  if (!isIsoDate(today)) throw new RangeError(`today must be an ISO date (YYYY-MM-DD), got "${today}"`);
  const type = pack.documentTypes.find((t) => t.key === documentTypeKey);
  if (!type) throw new RangeError(`the policy pack has no document type "${documentTypeKey}"`);
  const subject = c.parties.find((p) => p.id === c.subjectPartyId);
  const subjectBirth = subject?.kind === 'person' ? birthDateOfCpr(subject.cpr) : null;
  const requesters = c.parties.filter((p) => p.roles.includes('requester')).map((p) => p.id);
  const ctx: Context = {
    c,
    type,
    pack,
    today,
    subject,
    subjectAge: subjectBirth === null ? null : ageOn(subjectBirth, today),
    requesters: new Set(requesters.length > 0 ? requesters : [c.subjectPartyId]),
    values: { type: type.label, child: subject?.name ?? '', matter: MATTER_LABELS[type.matter] },
  };

  const assessed = new Map(c.parties.map((p) => [p.id, assess(p, ctx)]));
  // Representation second: it needs the represented party's own result.
  const representedBy = new Map<string, Reason[]>();
  for (const r of representationsOf(c)) {
    const own = assessed.get(r.representative.id);
    if (!own || 'blocked' in own) continue;
    const ground = representationGround(r, assessed.get(r.represented.id), ctx);
    own.grounds.push(ground);
    if (ground.eligible) {
      const reasons = representedBy.get(r.represented.id) ?? [];
      reasons.push(
        reasonFor(pack, 'represented', {
          name: r.representative.name,
          until: danishDate(r.representative.validUntil ?? ''),
        }),
      );
      representedBy.set(r.represented.id, reasons);
    }
  }

  return c.parties.map((p) => {
    const a = assessed.get(p.id) ?? { grounds: [] };
    if ('blocked' in a)
      return { partyId: p.id, eligible: false, proposed: false, channel: 'none', reasons: [a.blocked] };
    const grounds = a.grounds.length > 0 ? a.grounds : [negative(ctx, 'notAudience')];
    const eligible = grounds.some((g) => g.eligible);
    if (!eligible)
      return {
        partyId: p.id,
        eligible,
        proposed: false,
        channel: 'none',
        reasons: unique(grounds.map((g) => g.reason)),
      };
    const represented = representedBy.get(p.id);
    const reasons = unique([
      ...grounds.filter((g) => g.eligible).map((g) => g.reason),
      ...(represented ?? []),
    ]);
    const proposed = represented === undefined && grounds.some((g) => g.eligible && g.proposed);
    const [channel, channelReason] = channelOf(p, ctx);
    return { partyId: p.id, eligible, proposed, channel, reasons: [...reasons, channelReason].slice(0, 20) };
  });
}

/** Whether a party is eligible in a proposal; a party that is not in it (not of the case) never is. */
export function isEligible(proposals: readonly PartyProposal[], partyId: string): boolean {
  return proposals.some((p) => p.partyId === partyId && p.eligible);
}

function assess(p: Party, ctx: Context): Assessment {
  const { pack, type, today } = ctx;
  const { ages } = pack.eligibility;
  if (p.deceased === true) return { blocked: reasonFor(pack, 'deceased') };
  const birth = p.kind === 'person' ? birthDateOfCpr(p.cpr) : null;
  if (p.kind === 'person' ? birth === null : p.cvr === undefined)
    return { blocked: reasonFor(pack, 'identifierMissing') };
  const age = birth === null ? null : ageOn(birth, today);
  if (age !== null && age < ages.ownMailboxFrom) {
    const partyFrom10 =
      p.id === ctx.c.subjectPartyId && type.childPartyFrom10 === true && age >= ages.childPartyFrom;
    return {
      blocked: reasonFor(pack, partyFrom10 ? 'childParty10to14' : 'childUnder15', { age: String(age) }),
    };
  }
  // Judged on the representative whatever it points at: an expired or open-ended one is never eligible.
  if (p.roles.includes('representative')) {
    const state = representationState(p, today);
    const represented = ctx.c.parties.find((x) => x.id === p.represents && x.id !== p.id);
    const values = { name: represented?.name ?? '(ukendt part)', until: danishDate(p.validUntil ?? '') };
    if (state === 'expired') return { blocked: reasonFor(pack, 'representationExpired', values) };
    if (state === 'no-end-date' && represented)
      return { blocked: reasonFor(pack, 'representationWithoutEndDate', values) };
  }
  return { grounds: roleGrounds(p, age, ctx) };
}

function roleGrounds(p: Party, age: number | null, ctx: Context): Ground[] {
  const { pack, type } = ctx;
  const { ages, ownRight } = pack.eligibility;
  const audience = new Set(type.audience);
  const childCase = ctx.subjectAge !== null && ctx.subjectAge < ages.adultFrom;
  const grounds: Ground[] = [];
  const give = (slot: Parameters<typeof reasonFor>[1], proposed: boolean, values: ReasonValues = {}) =>
    grounds.push({ eligible: true, proposed, reason: reasonFor(pack, slot, { ...ctx.values, ...values }) });
  const deny = (slot: Parameters<typeof reasonFor>[1], values: ReasonValues = {}) =>
    grounds.push(negative(ctx, slot, values));

  if (p.id === ctx.c.subjectPartyId) {
    if (age !== null && age < ages.adultFrom) {
      if (audience.has('young-person-15')) give('youngPersonOwnMailbox', true, { age: String(age) });
      else deny('notAudience');
    } else if (audience.has('party')) give('subjectParty', true);
    else deny('notAudience');
  }
  if (audience.has('requester') && ctx.requesters.has(p.id)) give('requester', true);
  if (p.roles.includes('parent')) {
    if (p.custody === true) {
      if (childCase && audience.has('custody-holders')) give('custodyHolder', true);
      else deny('notAudience');
    } else grounds.push(...nonCustodialGrounds(p, ctx));
  }
  if (p.roles.includes('guardian')) {
    const values = { scope: p.scope ? MATTER_LABELS[p.scope] : 'ikke angivet' };
    if (p.scope !== type.matter && p.scope !== 'both') deny('guardianOutOfScope', values);
    else if (audience.has('party')) give('guardianInScope', true, values);
    else deny('notAudience');
  }
  if (p.roles.includes('professional')) {
    if (audience.has('professional')) give('professional', true);
    else deny('notAudience');
  }
  if (
    p.roles.some((r) => (ownRight.roles as readonly string[]).includes(r)) &&
    p.id !== ctx.c.subjectPartyId
  ) {
    if (ownRight.types.includes(type.key)) give('partyOwnRight', false);
    else deny('notAudience');
  }
  return grounds;
}

/** Forældreansvarsloven § 23 and contact decisions: the only ways a parent without custody is eligible. */
function nonCustodialGrounds(p: Party, ctx: Context): Ground[] {
  const { onRequestTypes, asPartyTypes } = ctx.pack.eligibility.nonCustodialParent;
  const proposed = ctx.type.audience.includes('non-custodial-parent');
  const give = (slot: 'orientationRequested' | 'contactDecisionParty'): Ground => ({
    eligible: true,
    proposed,
    reason: reasonFor(ctx.pack, slot, ctx.values),
  });
  if (onRequestTypes.includes(ctx.type.key)) {
    if (p.orientationRefused === true) return [negative(ctx, 'orientationRefused')];
    return p.orientationRequested === true
      ? [give('orientationRequested')]
      : [negative(ctx, 'orientationNotRequested')];
  }
  if (asPartyTypes.includes(ctx.type.key)) return [give('contactDecisionParty')];
  return [negative(ctx, 'parentWithoutCustody')];
}

/** A valid representative (forvaltningsloven § 8) stands in for the represented party for the types it covers. */
function representationGround(r: Representation, represented: Assessment | undefined, ctx: Context): Ground {
  const values = { name: r.represented.name, until: danishDate(r.representative.validUntil ?? '') };
  if (!representationCovers(r.representative, ctx.type.key))
    return negative(ctx, 'representationTypeNotCovered', values);
  const theirs = represented && 'grounds' in represented ? represented.grounds : [];
  if (!theirs.some((g) => g.eligible)) return negative(ctx, 'representedNotEligible', values);
  return {
    eligible: true,
    proposed: theirs.some((g) => g.eligible && g.proposed),
    reason: reasonFor(ctx.pack, 'representativeValid', { ...ctx.values, ...values }),
  };
}

function channelOf(p: Party, ctx: Context): [RecipientChannel, Reason] {
  const { pack } = ctx;
  if (p.digitalPost === 'exempt') {
    const a = p.address;
    const address = a ? `${a.street}, ${a.postalCode} ${a.city}` : '(ingen adresse registreret)';
    return ['physical', reasonFor(pack, 'channelPhysicalExempt', { address })];
  }
  // Companies and authorities must receive Digital Post by their CVR number.
  if (p.kind !== 'person') return ['digital', reasonFor(pack, 'channelDigitalCvr')];
  if (p.digitalPost === 'enrolled') return ['digital', reasonFor(pack, 'channelDigital')];
  return ['auto', reasonFor(pack, 'channelAutoUnknown')];
}

function negative(ctx: Context, slot: Parameters<typeof reasonFor>[1], values: ReasonValues = {}): Ground {
  return {
    eligible: false,
    proposed: false,
    reason: reasonFor(ctx.pack, slot, { ...ctx.values, ...values }),
  };
}

function unique(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  const out: Reason[] = [];
  for (const r of reasons)
    if (!seen.has(r.ruleId)) {
      seen.add(r.ruleId);
      out.push(r);
    }
  return out;
}
