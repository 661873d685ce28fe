import type { Case } from '../../shared/domain/case-file';
import type { DocumentAnalysis } from '../../shared/domain/analysis';
import type { CheckResult, FindingCode } from '../../shared/domain/findings';
import type { PolicyPack } from '../../shared/domain/policy';
import type { PartyProposal, RecipientChannel } from '../../shared/domain/proposal';
import type { SourceText } from '../entities';
import { extractEntities } from '../entities';
import { checkDocument } from '../findings';
import { proposeRecipients } from '../recipients/propose';

export interface RunCheckInput {
  case: Case;
  /** What the checks read: page text, form-field values, annotations. */
  texts: readonly SourceText[];
  analysis: Pick<
    DocumentAnalysis,
    'outcome' | 'pagesWithoutText' | 'pages' | 'attachments' | 'hasJavaScript'
  > & {
    documentType: Pick<
      NonNullable<DocumentAnalysis['documentType']>,
      'key' | 'confidence' | 'uncertain'
    > | null;
  };
  pack: PolicyPack;
  /** `YYYY-MM-DD`. */
  today: string;
  /** The type the caseworker chose; when absent, the recognised one (and its uncertainty counts). */
  chosenType?: string;
  /** Chosen recipients by party id; when absent, the proposed ones. */
  recipients?: readonly string[];
  acknowledged?: readonly FindingCode[];
}

export interface RunCheckResult {
  documentType: { key: string; label: string; confidence: number; chosen: boolean };
  proposal: PartyProposal[];
  recipients: { partyId: string; channel: RecipientChannel }[];
  check: CheckResult;
}

/**
 * One check of a document against a case: the document type (chosen or recognised), the proposal for every party,
 * and the findings for the chosen (or proposed) recipients. Pure, so the window's backend, the CLI and the tests
 * reach the same verdict for the same inputs.
 */
export function runCheck(input: RunCheckInput): RunCheckResult {
  const { pack } = input;
  const recognised = input.analysis.documentType;
  const key = input.chosenType ?? recognised?.key ?? 'brev';
  const type = pack.documentTypes.find((t) => t.key === key);
  if (!type) throw new RangeError(`the policy pack has no document type "${key}"`);
  const chosen = input.chosenType !== undefined;
  const uncertain = !chosen && (recognised === null || recognised.uncertain);

  const proposal = proposeRecipients({ case: input.case, documentTypeKey: key, pack, today: input.today });
  const channelOf = (partyId: string): RecipientChannel =>
    proposal.find((p) => p.partyId === partyId)?.channel ?? 'none';
  const ids = input.recipients ?? proposal.filter((p) => p.proposed).map((p) => p.partyId);
  const recipients = [...new Set(ids)].map((partyId) => ({ partyId, channel: channelOf(partyId) }));

  const entities = extractEntities(input.texts, {
    parties: input.case.parties,
    extraCaseNumberPatterns: pack.caseNumberPatterns,
  });
  const check = checkDocument({
    case: input.case,
    texts: input.texts,
    entities,
    analysis: input.analysis,
    documentType: { key, uncertain, label: type.label, matter: type.matter },
    recipients,
    proposals: proposal,
    severities: pack.findingSeverities,
    staleDataDays: pack.staleDataDays,
    auditOnly: pack.auditOnly,
    today: input.today,
    extraCaseNumberPatterns: pack.caseNumberPatterns,
    acknowledged: input.acknowledged,
    typeRequiresApproval: type.approvalRequired,
    orientationTypes: pack.eligibility.nonCustodialParent.onRequestTypes,
  });
  return {
    documentType: {
      key,
      label: type.label,
      confidence: chosen ? 1 : (recognised?.confidence ?? 0),
      chosen,
    },
    proposal,
    recipients,
    check,
  };
}
