import type { Party } from '../../shared/domain/case-file';
import {
  APPROVAL_FINDINGS,
  CONTENT_FINDINGS,
  DEFAULT_FINDING_SEVERITIES,
  findingCodes,
  type CheckResult,
  type Finding,
  type FindingCode,
  type Severity,
  type Verdict,
} from '../../shared/domain/findings';
import { extractEntities } from '../entities';
import {
  eligibilityFindings,
  representationFindings,
  staleFindings,
  textLayerFindings,
  typeFindings,
  uncheckedContentFindings,
} from './case-rules';
import {
  addresseeFindings,
  caseNumberFindings,
  subjectFindings,
  thirdPartyCprFindings,
  unknownCprFindings,
} from './content-rules';
import { protectedAddressFindings } from './protected-address';
import type { CaseView, CheckInput, RawFinding } from './types';

const CODE_RANK = new Map<FindingCode, number>(findingCodes.map((c, i) => [c, i]));

/** Danish names of the codes, for approval reasons. */
const CODE_LABEL: Record<FindingCode, string> = {
  CASE_NUMBER_MISMATCH: 'fremmed sagsnummer',
  SUBJECT_MISMATCH: 'dokumentet handler om en anden person',
  UNKNOWN_CPR: 'ukendt CPR-nummer',
  THIRD_PARTY_CPR: 'en anden parts CPR-nummer',
  ADDRESSEE_MISMATCH: 'brevet er stilet til en anden',
  PROTECTED_ADDRESS_LEAK: 'beskyttet navn eller adresse',
  RECIPIENT_NOT_ELIGIBLE: 'modtager uden ret til dokumentet',
  REPRESENTATION_EXPIRED: 'udløbet partsrepræsentation',
  NO_TEXT_LAYER: 'sider uden tekst',
  UNCHECKED_CONTENT: 'indhold, der ikke kunne kontrolleres',
  TYPE_UNCERTAIN: 'usikker dokumenttype',
  CASE_DATA_STALE: 'forældede sagsoplysninger',
};

const APPROVAL_REASON: Partial<Record<FindingCode, string>> = {
  NO_TEXT_LAYER: 'Dokumentet har sider uden tekst, som kontrollen ikke har kunnet læse.',
  UNCHECKED_CONTENT: 'Dokumentet har indhold, som kontrollen ikke har kunnet gennemgå.',
};

function caseView(input: CheckInput): CaseView {
  const byId = new Map<string, Party>();
  const byCpr = new Map<string, Party[]>();
  for (const p of input.case.parties) {
    byId.set(p.id, p);
    if (p.cpr) byCpr.set(p.cpr, [...(byCpr.get(p.cpr) ?? []), p]);
  }
  return {
    case: input.case,
    byId,
    byCpr,
    today: input.today,
    documentType: input.documentType,
    proposals: input.proposals,
  };
}

/**
 * Checks a document against its case and the chosen recipients (domain.md, "What the checks say"). Pure: the same
 * input gives the same findings in the same order (code order, then page, then party), so the window, the backend
 * re-check and the CLI agree.
 */
export function checkDocument(input: CheckInput): CheckResult {
  const view = caseView(input);
  const entities =
    input.entities ??
    extractEntities(input.texts, {
      parties: input.case.parties,
      extraCaseNumberPatterns: input.extraCaseNumberPatterns ?? [],
    });
  // Each recipient once, in a stable order.
  const recipientIds = [...new Set(input.recipients.map((r) => r.partyId))].sort();
  const recipientParties = recipientIds.flatMap((id) => view.byId.get(id) ?? []);
  const orientation = input.orientationTypes?.includes(input.documentType.key) ?? false;
  const severityOf = (code: FindingCode): Severity =>
    input.severities[code] ?? DEFAULT_FINDING_SEVERITIES[code];

  const raw: RawFinding[] = [
    ...caseNumberFindings(entities, view),
    ...subjectFindings(entities, view),
    ...unknownCprFindings(entities, view),
    ...thirdPartyCprFindings(entities, view, recipientParties, orientation),
    ...addresseeFindings(entities, recipientParties),
    ...protectedAddressFindings(
      entities,
      view,
      recipientIds,
      severityOf('PROTECTED_ADDRESS_LEAK'),
      orientation,
    ),
    ...eligibilityFindings(view, recipientIds),
    ...representationFindings(view),
    ...textLayerFindings(input.analysis),
    ...uncheckedContentFindings(input.analysis),
    ...typeFindings(input.documentType),
    ...staleFindings(view, input.staleDataDays),
  ];

  const findings = raw.map((f) => applyPolicy(f, severityOf(f.code), input.auditOnly)).sort(byOrder);
  const approvalReasons = approvalReasonsFor(findings, input);
  return {
    verdict: verdictOf(findings),
    approvalRequired: approvalReasons.length > 0,
    approvalReasons,
    findings,
  };
}

function applyPolicy(f: RawFinding, policySeverity: Severity, auditOnly: boolean): Finding {
  const relaxed = auditOnly && CONTENT_FINDINGS.includes(f.code);
  return {
    code: f.code,
    severity: relaxed ? 'info' : (f.severity ?? policySeverity),
    message: f.message,
    partyId: f.partyId,
    evidence: f.evidence,
    relaxed,
  };
}

function firstPage(f: Finding): number {
  return f.evidence.reduce((min, e) => Math.min(min, e.page ?? Infinity), Infinity);
}

function byOrder(a: Finding, b: Finding): number {
  return (
    (CODE_RANK.get(a.code) ?? 0) - (CODE_RANK.get(b.code) ?? 0) ||
    compareNumbers(firstPage(a), firstPage(b)) ||
    (a.partyId ?? '').localeCompare(b.partyId ?? '') ||
    compareStrings(a.evidence[0]?.text ?? '', b.evidence[0]?.text ?? '') ||
    compareStrings(a.severity, b.severity)
  );
}

const compareNumbers = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);
// Code-unit order, not locale order: the result must not depend on the machine's locale.
const compareStrings = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

/** The worst severity; `info` counts as `ok`. */
export function verdictOf(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  if (findings.some((f) => f.severity === 'block')) return 'block';
  if (findings.some((f) => f.severity === 'warn')) return 'warn';
  return 'ok';
}

/**
 * Why a second person must approve: content the checks could not read (never relaxed, whatever its severity), each
 * warning the caseworker acknowledged, and a document type the policy always sends for approval.
 */
function approvalReasonsFor(findings: readonly Finding[], input: CheckInput): string[] {
  const reasons: string[] = [];
  const present = new Set(findings.map((f) => f.code));
  for (const code of APPROVAL_FINDINGS) {
    const reason = APPROVAL_REASON[code];
    if (present.has(code) && reason) reasons.push(reason);
  }
  const warned = new Set(findings.filter((f) => f.severity === 'warn').map((f) => f.code));
  for (const code of findingCodes) {
    if (!input.acknowledged?.includes(code) || !warned.has(code) || APPROVAL_FINDINGS.includes(code))
      continue;
    reasons.push(`En advarsel er tilsidesat med begrundelse (${CODE_LABEL[code]}).`);
  }
  if (input.typeRequiresApproval === true) {
    const type = input.documentType.label ?? input.documentType.key;
    reasons.push(`Dokumenttypen "${type}" skal altid godkendes af en kollega.`);
  }
  return reasons;
}
