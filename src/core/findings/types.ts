import type { Case, Party } from '../../shared/domain/case-file';
import type { DocumentOutcome } from '../../shared/domain/analysis';
import type { Evidence, FindingCode, Severity } from '../../shared/domain/findings';
import type { PartyProposal, RecipientChannel } from '../../shared/domain/proposal';
import type { ExtractedEntities, SourceText } from '../entities';

/** What one check of a document against a case and its chosen recipients needs; everything is plain data. */
export interface CheckInput {
  case: Case;
  /** Page text, form-field values and annotation text, each with its 1-based page. */
  texts: readonly SourceText[];
  /** Precomputed entities of `texts` for this case's parties; computed here when absent. */
  entities?: ExtractedEntities;
  analysis: {
    outcome: DocumentOutcome;
    /** 1-based pages with no text layer worth checking. */
    pagesWithoutText: readonly number[];
    pages: number;
    /** Embedded files. */
    attachments: number;
    hasJavaScript?: boolean;
    hasXfa?: boolean;
  };
  documentType: {
    key: string;
    uncertain: boolean;
    /** The Danish label, for the approval reason of a type that needs approval. */
    label?: string;
    /** The type's matter; guardians are entitled to their ward's data when their scope covers it. */
    matter?: 'personal' | 'financial' | 'both';
  };
  /** The chosen recipients: party ids of the case (anything else is refused). */
  recipients: readonly { partyId: string; channel: RecipientChannel }[];
  /** The proposal engine's answer for this case and type; eligibility is read from it. */
  proposals: readonly PartyProposal[];
  /** The policy's severities. */
  severities: Record<FindingCode, Severity>;
  /** The policy's limit for CASE_DATA_STALE, in days. */
  staleDataDays: number;
  /** Audit-only mode: content findings become `info`, marked `relaxed`. */
  auditOnly: boolean;
  /** `YYYY-MM-DD`, the caller's today (kept out of here so the check stays pure). */
  today: string;
  extraCaseNumberPatterns?: readonly string[];
  /** Warnings the caseworker has acknowledged with a reason: each makes approval required. */
  acknowledged?: readonly FindingCode[];
  /**
   * The policy's orientation types (orientering to a parent without custody): in them the custodial parent's CPR
   * and address block for such a recipient.
   */
  orientationTypes?: readonly string[];
  /** The policy says this document type always needs a second person. */
  typeRequiresApproval?: boolean;
}

/** A finding before policy: its code's severity and audit-only mode are applied afterwards. */
export interface RawFinding {
  code: FindingCode;
  message: string;
  partyId: string | null;
  evidence: Evidence[];
  /** Set only where a rule fixes a severity other than the policy's (a protected name without an address). */
  severity?: Severity;
}

/** The case seen by the rules: parties by id and by CPR, and the check's date. */
export interface CaseView {
  case: Case;
  byId: ReadonlyMap<string, Party>;
  byCpr: ReadonlyMap<string, Party[]>;
  today: string;
  documentType: CheckInput['documentType'];
  proposals: readonly PartyProposal[];
}
