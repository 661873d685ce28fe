import { runCheck, type RunCheckResult } from '../../core/check/run-check';
import { proposeRecipients } from '../../core/recipients/propose';
import type { SourceText } from '../../core/entities';
import { AppError } from '../../shared/result';
import type { DocumentAnalysis } from '../../shared/domain/analysis';
import type { FindingCode } from '../../shared/domain/findings';
import type { Clock } from '../ports';
import { writeTransaction, type Db } from '../db/sqlite';
import type { AuditEntry, AuditService } from './audit.service';
import type { CasesService } from './cases.service';
import type { LoadedPolicy } from './policy.service';

export interface CheckDraftInput {
  draftId: string;
  /** The case the caseworker picked; the draft's own when absent. */
  caseNumber?: string;
  /** The type the caseworker chose; the recognised one when absent. */
  documentType?: string;
  /** The chosen recipients (party ids); the proposed ones when absent. */
  recipients?: string[];
  acknowledged?: { code: FindingCode; reason: string }[];
}

interface LastCheck {
  caseNumber: string;
  documentType: string;
  recipients: string[];
  verdict: RunCheckResult['check']['verdict'];
  codes: FindingCode[];
}

interface DraftRow {
  id: string;
  case_number: string | null;
  analysis: string;
  texts: string;
  last_check: string | null;
  replaces: string | null;
}

/** The caseworker's calendar date: ages, representations and stale data are judged in Danish time. */
export function danishDate(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(now);
}

export function createCheckService(deps: {
  db: Db;
  cases: CasesService;
  audit: AuditService;
  policy: LoadedPolicy;
  clock: Clock;
}) {
  const { db, audit, policy } = deps;

  function load(draftId: string): DraftRow {
    const row = db
      .prepare('SELECT id, case_number, analysis, texts, last_check, replaces FROM drafts WHERE id = ?')
      .get(draftId) as DraftRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'no such draft');
    return row;
  }

  function evaluate(row: DraftRow, input: CheckDraftInput): { caseNumber: string; result: RunCheckResult } {
    const caseNumber = input.caseNumber ?? row.case_number;
    if (!caseNumber) throw new AppError('NOT_FOUND', 'no case chosen for the draft');
    const theCase = deps.cases.get(caseNumber);
    const analysis = JSON.parse(row.analysis) as DocumentAnalysis;
    const texts = JSON.parse(row.texts) as SourceText[];
    try {
      const result = runCheck({
        case: theCase,
        texts,
        analysis,
        pack: policy.pack,
        today: danishDate(deps.clock.now()),
        chosenType: input.documentType,
        recipients: input.recipients,
        acknowledged: input.acknowledged?.map((a) => a.code),
      });
      return { caseNumber, result };
    } catch (err) {
      if (err instanceof RangeError) throw new AppError('VALIDATION_FAILED', 'unknown document type');
      throw err;
    }
  }

  const save = writeTransaction(
    db,
    (row: DraftRow, input: CheckDraftInput, caseNumber: string, result: RunCheckResult) => {
      const entries: AuditEntry[] = [];
      const now = deps.clock.now().toISOString();
      const recipients = result.recipients.map((r) => r.partyId);
      const codes = result.check.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
      // The first check of a draft that replaces another is compared with the replaced draft's last check.
      const replacedCheck =
        !row.last_check && row.replaces
          ? ((
              db.prepare('SELECT last_check FROM drafts WHERE id = ?').get(row.replaces) as {
                last_check: string | null;
              }
            )?.last_check ?? null)
          : null;
      const earlier = row.last_check ?? replacedCheck;
      const previous = earlier ? (JSON.parse(earlier) as LastCheck) : null;
      const changed: string[] = replacedCheck ? ['document'] : [];
      if (previous) {
        if (previous.caseNumber !== caseNumber) changed.push('case');
        if ([...previous.recipients].sort().join() !== [...recipients].sort().join())
          changed.push('recipients');
      }
      // A warning or block that went away when the caseworker changed document, case or recipients: the check did
      // its job.
      const resolved =
        previous && changed.length > 0 ? [...new Set(previous.codes.filter((c) => !codes.includes(c)))] : [];
      if (previous && resolved.length > 0) {
        entries.push(
          audit.append('near_miss', caseNumber, {
            draftId: row.id,
            changed,
            resolvedCodes: resolved,
            previousCase: previous.caseNumber,
            ...(replacedCheck ? { replacedDraftId: row.replaces } : {}),
            previousRecipients: previous.recipients,
            recipients,
          }),
        );
      }
      const last: LastCheck = {
        caseNumber,
        documentType: result.documentType.key,
        recipients,
        verdict: result.check.verdict,
        codes,
      };
      db.prepare(
        `UPDATE drafts SET case_number = ?, document_type = ?, recipients = ?, last_check = ?, needs_recheck = 0, updated_at = ?
       WHERE id = ?`,
      ).run(
        caseNumber,
        result.documentType.key,
        JSON.stringify(recipients),
        JSON.stringify(last),
        now,
        row.id,
      );
      entries.push(
        audit.append('draft.checked', caseNumber, {
          draftId: row.id,
          documentType: result.documentType.key,
          documentTypeChosen: result.documentType.chosen,
          recipients,
          verdict: result.check.verdict,
          findings: result.check.findings.map((f) => ({
            code: f.code,
            severity: f.severity,
            partyId: f.partyId,
          })),
          acknowledged: (input.acknowledged ?? []).map((a) => ({ code: a.code, reason: a.reason })),
          approvalRequired: result.check.approvalRequired,
        }),
      );
      return entries;
    },
  );

  return {
    /** The window's check of a draft: kept on the draft and in the history, near-misses noticed. */
    checkDraft(input: CheckDraftInput): RunCheckResult {
      const row = load(input.draftId);
      const { caseNumber, result } = evaluate(row, input);
      audit.announce(save(row, input, caseNumber, result));
      return result;
    },

    /**
     * The backend's own re-check before a send, whatever the window says: an ineligible or foreign recipient is
     * refused with RECIPIENT_NOT_ELIGIBLE, any other block with CHECK_BLOCKED. The sending issue calls it on submit.
     */
    recheckForSend(input: CheckDraftInput & { recipients: string[] }): RunCheckResult {
      const { result } = evaluate(load(input.draftId), input);
      if (input.recipients.length === 0) throw new AppError('RECIPIENT_NOT_ELIGIBLE', 'no recipients chosen');
      const blocks = result.check.findings.filter((f) => f.severity === 'block');
      if (blocks.some((f) => f.code === 'RECIPIENT_NOT_ELIGIBLE')) {
        throw new AppError('RECIPIENT_NOT_ELIGIBLE', 'a chosen recipient may not receive this document');
      }
      if (blocks.length > 0)
        throw new AppError('CHECK_BLOCKED', `blocked by ${blocks.map((f) => f.code).join(',')}`);
      return result;
    },

    /** The case the draft was last checked against (or analysed for); NOT_FOUND when it has none. */
    caseOf(draftId: string): string {
      const caseNumber = load(draftId).case_number;
      if (!caseNumber) throw new AppError('NOT_FOUND', 'no case chosen for the draft');
      return caseNumber;
    },

    propose(caseNumber: string, documentType: string) {
      const theCase = deps.cases.get(caseNumber);
      if (!policy.pack.documentTypes.some((t) => t.key === documentType)) {
        throw new AppError('VALIDATION_FAILED', 'unknown document type');
      }
      return proposeRecipients({
        case: theCase,
        documentTypeKey: documentType,
        pack: policy.pack,
        today: danishDate(deps.clock.now()),
      });
    },
  };
}

export type CheckService = ReturnType<typeof createCheckService>;
