import { z } from 'zod';
import { findingCodes, severities } from './findings';

/**
 * The policy pack: the rules a municipality reviews with its lawyer, kept as data (resources/policy/default.json,
 * replaceable by the municipality's own file) rather than in code. This is format version 1: the document types,
 * type recognition, extra case-number patterns, the audit-only flag, and (recipients issue):
 * - `eligibility`: the legal-role rules (ages, which types the non-custodial-parent and own-right rules apply to,
 *   and every rule's id and Danish reason sentence); the structure of the rules is code (src/core/recipients/);
 * - `findingSeverities`: the severity (`block` | `warn` | `info`) of every finding code of domain.md;
 * - `staleDataDays`: how old a case file's `asOf` may be before CASE_DATA_STALE.
 * The schema stays strict, so a pack with a misspelt or unknown key is refused rather than silently half-applied.
 * `formatVersion` changes only when an existing field changes meaning; a pack written for another format version is
 * refused with a clear reason.
 */

export const POLICY_FORMAT = 'sendeassistent-policy';
export const POLICY_FORMAT_VERSION = 1;
/** The type every document falls back to when nothing is recognised; every pack must have it. */
export const FALLBACK_DOCUMENT_TYPE = 'brev';

/** Which part of a person's affairs a type concerns: a guardian is eligible when their scope covers it. */
export const documentMatters = ['personal', 'financial', 'both'] as const;

/**
 * Whom a type is addressed to. The eligibility rules (recipients issue) turn these into parties of a case:
 * - `custody-holders`: the holders of custody of a child who is the case subject (both, living together or not);
 * - `young-person-15`: the case subject aged 15–17 in their own right;
 * - `party`: the case subject of full age, and any other party in their own right (forvaltningsloven);
 * - `professional`: the professional who reported (e.g. the teacher behind an underretning);
 * - `requester`: the party who asked (aktindsigt), else the case subject;
 * - `non-custodial-parent`: a parent without custody, where the law gives them a right (orientering, samvær).
 */
export const documentAudiences = [
  'custody-holders',
  'young-person-15',
  'party',
  'professional',
  'requester',
  'non-custodial-parent',
] as const;

export const documentSensitivities = ['normal', 'sensitive', 'highly-sensitive'] as const;

/** Kebab-case keys, since they appear in file names, CLI flags (`--type`) and representations' type lists. */
const typeKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Nøglen skal skrives med små bogstaver og bindestreger (kebab-case)');

/** A phrase must hold a letter or digit: one of only punctuation or spaces would match everywhere or nowhere. */
const phrase = z
  .string()
  .min(2)
  .max(200)
  .regex(/[\p{L}\p{N}]/u, 'Sætningen skal indeholde bogstaver eller tal');

const phrases = z.array(phrase).max(100);

export const documentTypeDetectionSchema = z.strictObject({
  /** Titles as municipalities write them; strongest at the top of page 1 or as a heading. */
  titlePhrases: phrases,
  /** Words and phrases typical of the body (e.g. "klagevejledning"); each adds a little. */
  keywords: phrases,
  /** Phrases that speak against the type (a samvær decision is not a generic afgørelse); each subtracts. */
  negativePhrases: phrases.optional(),
});

export const documentTypeSchema = z.strictObject({
  key: typeKey,
  /** Danish, as the caseworker sees it. */
  label: z.string().min(1).max(120),
  matter: z.enum(documentMatters),
  audience: z.array(z.enum(documentAudiences)).min(1).max(documentAudiences.length),
  sensitivity: z.enum(documentSensitivities),
  approvalRequired: z.boolean(),
  /**
   * Barnets lov § 3: in this type a child from 10 is a party, so a child of 10–14 is listed (not eligible: the
   * decision is handed over and explained in person) instead of left out (legal check).
   */
  childPartyFrom10: z.boolean().optional(),
  detection: documentTypeDetectionSchema,
});

export const typeRecognitionSchema = z.strictObject({
  /** Below this confidence the type is uncertain (TYPE_UNCERTAIN) and the caseworker chooses. */
  minConfidence: z.number().min(0).max(1),
});

/** The placeholders a reason sentence may use; the proposal engine fills them in (docs/recipients.md). */
export const REASON_PLACEHOLDERS = [
  'name',
  'child',
  'age',
  'until',
  'type',
  'scope',
  'matter',
  'address',
] as const;

const ruleId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Regel-id skal skrives med små bogstaver og bindestreger (kebab-case)');

export const eligibilityRuleSchema = z.strictObject({
  /** Stable id, shown with the reason and kept in the history; a municipality may rename it. */
  id: ruleId,
  /** The Danish sentence the caseworker sees; `{name}`-style placeholders from REASON_PLACEHOLDERS. */
  text: z.string().min(1).max(400),
});

/**
 * One entry per rule of the engine (src/core/recipients/), each with its id and reason sentence. Every slot is
 * required: a pack cannot leave a party without a reason.
 */
export const eligibilityRuleSlots = [
  'deceased',
  'identifierMissing',
  'childUnder15',
  'childParty10to14',
  'custodyHolder',
  'youngPersonOwnMailbox',
  'subjectParty',
  'partyOwnRight',
  'guardianInScope',
  'guardianOutOfScope',
  'professional',
  'requester',
  'parentWithoutCustody',
  'orientationRequested',
  'orientationNotRequested',
  'orientationRefused',
  'contactDecisionParty',
  'represented',
  'representativeValid',
  'representationExpired',
  'representationWithoutEndDate',
  'representationTypeNotCovered',
  'representedNotEligible',
  'notAudience',
  'channelDigital',
  'channelDigitalCvr',
  'channelPhysicalExempt',
  'channelAutoUnknown',
] as const;
export type EligibilityRuleSlot = (typeof eligibilityRuleSlots)[number];

const age = z.number().int().min(0).max(30);

export const eligibilitySchema = z.strictObject({
  ages: z.strictObject({
    /** Barnets lov § 3: from this age a child is a party where the type says `childPartyFrom10` (legal check). */
    childPartyFrom: age,
    /** From this age a young person has their own Digital Post mailbox. */
    ownMailboxFrom: age,
    /** Full age: custody holders stop receiving, the subject is a party in their own right. */
    adultFrom: age,
  }),
  /** Forældreansvarsloven § 23 and contact decisions: the only types a parent without custody may receive. */
  nonCustodialParent: z.strictObject({
    /** Eligible only when `orientationRequested` is recorded and `orientationRefused` is not. */
    onRequestTypes: z.array(typeKey).max(100),
    /** Eligible as a party (e.g. samvær/kontakt). */
    asPartyTypes: z.array(typeKey).max(100),
  }),
  /** Other parties in their own right (a spouse, an employer): eligible, never proposed, for these types. */
  ownRight: z.strictObject({
    roles: z.array(z.enum(['other', 'employer', 'authority'])).max(3),
    types: z.array(typeKey).max(100),
  }),
  rules: z.strictObject(
    Object.fromEntries(eligibilityRuleSlots.map((slot) => [slot, eligibilityRuleSchema])) as Record<
      EligibilityRuleSlot,
      typeof eligibilityRuleSchema
    >,
  ),
});

/** Every finding code must have a severity: a missing one would silently fall back to something. */
export const findingSeveritiesSchema = z.record(z.enum(findingCodes), z.enum(severities));

export const policyPackSchema = z.strictObject({
  format: z.literal(POLICY_FORMAT),
  formatVersion: z.literal(POLICY_FORMAT_VERSION),
  /** The pack's own version (e.g. `2026.11.1`); it goes into every history entry with the pack's hash. */
  version: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
  documentTypes: z.array(documentTypeSchema).min(1).max(100),
  typeRecognition: typeRecognitionSchema,
  /**
   * Extra case-number patterns (regular-expression source, matched case-insensitively) beside the built-in KLE
   * form. Whether each compiles and is safe to run is checked in core (`policyPackProblems`), which owns the matcher.
   * 200 is core's MAX_PATTERN_LENGTH, repeated here because shared may not import core.
   */
  caseNumberPatterns: z.array(z.string().min(1).max(200)).max(20),
  /** Roll-out mode: relaxes only the content findings of domain.md. Any load that changes it is recorded. */
  auditOnly: z.boolean(),
  eligibility: eligibilitySchema,
  findingSeverities: findingSeveritiesSchema,
  /** A case file whose `asOf` is more than this many days before today gives CASE_DATA_STALE. */
  staleDataDays: z.number().int().min(1).max(3650),
  /**
   * Let a PDF that needs a user password to open be sent as it is (the recipient must get the password another
   * way). Absent or false: such a PDF is refused for sending with an explanation.
   */
  allowPasswordProtectedPdf: z.boolean().optional(),
});

export type DocumentMatter = (typeof documentMatters)[number];
export type DocumentAudience = (typeof documentAudiences)[number];
export type DocumentSensitivity = (typeof documentSensitivities)[number];
export type DocumentTypeDetection = z.output<typeof documentTypeDetectionSchema>;
export type DocumentTypePolicy = z.output<typeof documentTypeSchema>;
export type PolicyPack = z.output<typeof policyPackSchema>;
export type EligibilityPolicy = z.output<typeof eligibilitySchema>;
export type EligibilityRule = z.output<typeof eligibilityRuleSchema>;

/**
 * Rules the schema cannot say on its own. The case-number patterns are checked in core (`policyPackProblems`),
 * since compiling and probing them needs core's matcher.
 */
export function policyProblems(pack: PolicyPack): string[] {
  const problems: string[] = [];
  if (pack.documentTypes.length === 0)
    problems.push('documentTypes: pakken skal have mindst én dokumenttype');
  const keys = new Set<string>();
  const titleOwner = new Map<string, string>();
  pack.documentTypes.forEach((t, i) => {
    const where = `documentTypes[${i}] (${t.key})`;
    if (keys.has(t.key)) problems.push(`${where}.key: nøglen "${t.key}" findes flere gange`);
    keys.add(t.key);
    if (new Set(t.audience).size !== t.audience.length)
      problems.push(`${where}.audience: en modtagergruppe står flere gange`);
    // Compared case-insensitively only: the full æ/ae folding lives in core, and this is a guard against copy-paste.
    for (const title of t.detection.titlePhrases) {
      const k = title.trim().toLowerCase();
      const owner = titleOwner.get(k);
      if (owner !== undefined && owner !== t.key)
        problems.push(
          `${where}.detection.titlePhrases: "${title}" er også titel for "${owner}" og kan ikke skelne`,
        );
      titleOwner.set(k, t.key);
    }
    const positives = new Set(
      [...t.detection.titlePhrases, ...t.detection.keywords].map((p) => p.trim().toLowerCase()),
    );
    for (const negative of t.detection.negativePhrases ?? [])
      if (positives.has(negative.trim().toLowerCase()))
        problems.push(`${where}.detection.negativePhrases: "${negative}" tæller både for og imod typen`);
  });
  if (!keys.has(FALLBACK_DOCUMENT_TYPE))
    problems.push(
      `documentTypes: typen "${FALLBACK_DOCUMENT_TYPE}" (generelt brev) mangler; den bruges, når typen ikke kan genkendes`,
    );
  problems.push(...eligibilityProblems(pack));
  // The backend refuses these whatever the pack says; a lower severity would promise something it cannot keep.
  for (const code of ['RECIPIENT_NOT_ELIGIBLE', 'PROTECTED_ADDRESS_LEAK'] as const)
    if (pack.findingSeverities[code] !== 'block')
      problems.push(`findingSeverities.${code}: skal være "block"; den kan ikke sænkes`);
  return problems;
}

function eligibilityProblems(pack: PolicyPack): string[] {
  const problems: string[] = [];
  const { ages, nonCustodialParent, ownRight, rules } = pack.eligibility;
  if (!(ages.childPartyFrom <= ages.ownMailboxFrom && ages.ownMailboxFrom <= ages.adultFrom))
    problems.push('eligibility.ages: skal opfylde childPartyFrom ≤ ownMailboxFrom ≤ adultFrom');
  const types = new Map(pack.documentTypes.map((t) => [t.key, t]));
  const lists = {
    'nonCustodialParent.onRequestTypes': nonCustodialParent.onRequestTypes,
    'nonCustodialParent.asPartyTypes': nonCustodialParent.asPartyTypes,
    'ownRight.types': ownRight.types,
  };
  for (const [field, keys] of Object.entries(lists))
    for (const key of keys)
      if (!types.has(key)) problems.push(`eligibility.${field}: dokumenttypen "${key}" findes ikke i pakken`);
  const nonCustodial = new Set([...nonCustodialParent.onRequestTypes, ...nonCustodialParent.asPartyTypes]);
  for (const key of nonCustodialParent.onRequestTypes)
    if (nonCustodialParent.asPartyTypes.includes(key))
      problems.push(`eligibility.nonCustodialParent: "${key}" står både som orientering og som partstype`);
  // The audience and the rule must agree, or a type would be addressed to nobody or to someone the rule excludes.
  for (const t of pack.documentTypes) {
    const audience = t.audience.includes('non-custodial-parent');
    if (audience && !nonCustodial.has(t.key))
      problems.push(
        `eligibility.nonCustodialParent: "${t.key}" er rettet til forældre uden forældremyndighed, men står ikke i en af listerne`,
      );
    if (!audience && nonCustodial.has(t.key))
      problems.push(
        `eligibility.nonCustodialParent: "${t.key}" står i en liste, men dens audience har ikke "non-custodial-parent"`,
      );
  }
  const ids = new Map<string, string>();
  const known = new Set<string>(REASON_PLACEHOLDERS);
  for (const slot of eligibilityRuleSlots) {
    const rule = rules[slot];
    const owner = ids.get(rule.id);
    if (owner !== undefined)
      problems.push(`eligibility.rules.${slot}.id: "${rule.id}" bruges også af ${owner}`);
    ids.set(rule.id, slot);
    for (const m of rule.text.matchAll(/\{([^{}]*)\}/g))
      if (!known.has(m[1] ?? ''))
        problems.push(`eligibility.rules.${slot}.text: ukendt pladsholder "{${m[1] ?? ''}}"`);
  }
  return problems;
}
