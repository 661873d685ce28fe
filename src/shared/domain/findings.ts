import { z } from 'zod';

/**
 * The checks' vocabulary (domain.md, "What the checks say"): finding codes, severities, a finding with its
 * evidence, and the verdict of a whole check. The rules that produce them live in src/core/findings/; the
 * severities a municipality applies live in its policy pack.
 */

export const findingCodes = [
  'CASE_NUMBER_MISMATCH',
  'SUBJECT_MISMATCH',
  'UNKNOWN_CPR',
  'THIRD_PARTY_CPR',
  'ADDRESSEE_MISMATCH',
  'PROTECTED_ADDRESS_LEAK',
  'RECIPIENT_NOT_ELIGIBLE',
  'REPRESENTATION_EXPIRED',
  'NO_TEXT_LAYER',
  'UNCHECKED_CONTENT',
  'TYPE_UNCERTAIN',
  'CASE_DATA_STALE',
] as const;
export type FindingCode = (typeof findingCodes)[number];

export const severities = ['block', 'warn', 'info'] as const;
export type Severity = (typeof severities)[number];

/** domain.md's defaults; a policy pack may set others (a municipality's lawyer decides). */
export const DEFAULT_FINDING_SEVERITIES: Record<FindingCode, Severity> = {
  CASE_NUMBER_MISMATCH: 'block',
  SUBJECT_MISMATCH: 'block',
  UNKNOWN_CPR: 'warn',
  THIRD_PARTY_CPR: 'warn',
  ADDRESSEE_MISMATCH: 'warn',
  PROTECTED_ADDRESS_LEAK: 'block',
  RECIPIENT_NOT_ELIGIBLE: 'block',
  REPRESENTATION_EXPIRED: 'warn',
  NO_TEXT_LAYER: 'warn',
  UNCHECKED_CONTENT: 'warn',
  TYPE_UNCERTAIN: 'warn',
  CASE_DATA_STALE: 'warn',
};

/** The content findings audit-only mode relaxes; never eligibility, PROTECTED_ADDRESS_LEAK or approval. */
export const CONTENT_FINDINGS: readonly FindingCode[] = [
  'CASE_NUMBER_MISMATCH',
  'SUBJECT_MISMATCH',
  'UNKNOWN_CPR',
  'THIRD_PARTY_CPR',
  'ADDRESSEE_MISMATCH',
  'TYPE_UNCERTAIN',
];

/** Findings that make approval required whatever their severity: content that could not be checked. */
export const APPROVAL_FINDINGS: readonly FindingCode[] = ['NO_TEXT_LAYER', 'UNCHECKED_CONTENT'];

export const evidenceSchema = z.strictObject({
  /** The text that triggered the finding, as it stands in the document (shown, never logged). */
  text: z.string().max(500),
  /** 1-based page; null when the evidence is not in the document (case data, the chosen recipients). */
  page: z.number().int().positive().nullable(),
  source: z.enum(['page', 'form', 'annotation', 'case', 'recipients']),
});

export const findingSchema = z.strictObject({
  code: z.enum(findingCodes),
  severity: z.enum(severities),
  /** Plain Danish: what was found and what to do. */
  message: z.string().max(1000),
  /** The party it concerns, when it concerns one (a recipient, the owner of a CPR number). */
  partyId: z.string().max(64).nullable(),
  evidence: z.array(evidenceSchema).max(50),
  /** True when audit-only mode lowered its severity to `info`. */
  relaxed: z.boolean(),
});

export const verdicts = ['ok', 'warn', 'block'] as const;

export const checkResultSchema = z.strictObject({
  /** The worst severity; `info` counts as `ok`. */
  verdict: z.enum(verdicts),
  approvalRequired: z.boolean(),
  /** Danish sentences, one per reason; empty when no approval is required. */
  approvalReasons: z.array(z.string().max(500)).max(20),
  findings: z.array(findingSchema).max(1000),
});

export type Evidence = z.output<typeof evidenceSchema>;
export type Finding = z.output<typeof findingSchema>;
export type CheckResult = z.output<typeof checkResultSchema>;
export type Verdict = (typeof verdicts)[number];
