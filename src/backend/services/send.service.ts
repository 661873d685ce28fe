import { randomUUID } from 'node:crypto';
import type { FindingCode } from '../../shared/domain/findings';
import type { Party } from '../../shared/domain/case-file';
import { AppError } from '../../shared/result';
import type { PostalAddress } from '../connectors/connector';
import type { Db } from '../db/sqlite';
import { buildMemo, MemoBuildError } from '../memo/build-memo';
import { validateMemo } from '../memo/validate-memo';
import type { Clock, Logger } from '../ports';
import type { AuditEntry, AuditService } from './audit.service';
import type { CasesService } from './cases.service';
import type { CheckService } from './check.service';
import type { AcceptInput, OutboxItem, OutboxService } from './outbox.service';
import type { LoadedPolicy } from './policy.service';
import type { SettingsService } from './settings.service';

/**
 * Submit (docs/outbox.md, "Submit"): from a checked draft to outbox rows. The backend checks again whatever the
 * window or the CLI says, builds one MeMo message per recipient, validates each against the MeMo 1.1 XSDs, and only
 * then accepts them all in one transaction. Refusals carry their code and change nothing.
 */

export interface SubmitInput {
  draftId: string;
  caseNumber?: string;
  documentType?: string;
  /** Party ids of the case. */
  recipients: string[];
  acknowledged?: { code: FindingCode; reason: string }[];
  /** Overrides the send delay of the settings (the CLI's `--delay`). */
  delaySeconds?: number;
  /**
   * What to do when approval is required: `queue` it for a supervisor (`awaiting_approval`, the window), or `refuse`
   * with APPROVAL_REQUIRED (the CLI, which has no one to approve).
   */
  whenApprovalRequired: 'queue' | 'refuse';
}

export interface SubmitResult {
  items: OutboxItem[];
  /** False when every (draft, recipient) already had a row: a second click or a second process. */
  created: boolean;
  approvalRequired: boolean;
  approvalReasons: string[];
}

interface DraftRow {
  id: string;
  file_name: string;
  document_sha256: string;
  submitted_at: string | null;
  case_number: string | null;
  password_required: number;
  discarded_at: string | null;
}

/** `DDMMÅÅ-LLLL` as the case has it → the 10 digits MeMo wants. */
const cprDigits = (cpr: string): string => cpr.replace('-', '');

function memoRecipient(party: Party): { idType: 'CPR' | 'CVR'; id: string } {
  if (party.kind === 'person' && party.cpr) return { idType: 'CPR', id: cprDigits(party.cpr) };
  if (party.kind !== 'person' && party.cvr) return { idType: 'CVR', id: party.cvr };
  throw new AppError('RECIPIENT_NOT_ELIGIBLE', 'recipient has no CPR or CVR number');
}

function postalAddressOf(party: Party): PostalAddress {
  if (!party.address) throw new AppError('RECIPIENT_ADDRESS_MISSING', 'physical send without address');
  return {
    name: party.name,
    street: party.address.street,
    postalCode: party.address.postalCode,
    city: party.address.city,
  };
}

export function createSendService(deps: {
  db: Db;
  cases: CasesService;
  checks: CheckService;
  outbox: OutboxService;
  settings: SettingsService;
  policy: LoadedPolicy;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  /** The MeMo 1.1 XSD folder (resources/xsd/memo-1.1). */
  xsdDir: string;
  /** Told after rows were accepted, so the worker looks at the queue at once. */
  onAccepted?: () => void;
  /**
   * Asks the connector whether a recipient can receive Digital Post (SF1601 PostForespoerg, when IT turned it on);
   * null when it could not be asked, and then the case's status stands.
   */
  digitalPostStatus?: (idType: 'CPR' | 'CVR', id: string) => Promise<boolean | null>;
}) {
  const { db, audit, clock } = deps;
  const loadDraft = db.prepare(
    'SELECT id, file_name, document_sha256, password_required, discarded_at, submitted_at, case_number FROM drafts WHERE id = ?',
  );
  const loadBytes = db.prepare('SELECT bytes FROM documents WHERE sha256 = ?');
  const markSubmitted = db.prepare(
    'UPDATE drafts SET submitted_at = coalesce(submitted_at, @now), acknowledged = @acknowledged, updated_at = @now WHERE id = @id',
  );
  // The case and type the draft is sent under, as its first submit had them: the outbox rows' view and their history
  // entries read them from the draft (a draft submitted without a check first, as the CLI does, had neither).
  const recordSentAs = db.prepare(
    `UPDATE drafts SET case_number = @caseNumber, document_type = @documentType
     WHERE id = @id AND submitted_at IS NULL`,
  );

  /**
   * Accepts every row, and when any is new, records the draft as submitted with its history entry, all in one
   * transaction: a crash leaves either nothing or the rows with their history. Another process's submit of the same
   * draft and recipients waits for the lock, then finds the rows and creates nothing.
   */
  const acceptAll = db.transaction(
    (
      inputs: AcceptInput[],
      sentAs: { draftId: string; caseNumber: string; documentType: string },
      entry: () => AuditEntry,
    ) => {
      recordSentAs.run({
        id: sentAs.draftId,
        caseNumber: sentAs.caseNumber,
        documentType: sentAs.documentType,
      });
      const accepted = inputs.map((input) => deps.outbox.acceptInTransaction(input));
      const created = accepted.some((a) => a.created);
      if (!created) return { accepted, created, submitted: null };
      return { accepted, created, submitted: entry() };
    },
  );

  return {
    async submit(input: SubmitInput): Promise<SubmitResult> {
      const draft = loadDraft.get(input.draftId) as DraftRow | undefined;
      if (!draft || draft.discarded_at !== null) throw new AppError('NOT_FOUND', 'no such draft');
      // A submitted draft went out under its case: a second submit may repeat it (a second click), not move it.
      if (
        draft.submitted_at !== null &&
        input.caseNumber !== undefined &&
        draft.case_number !== null &&
        input.caseNumber !== draft.case_number
      ) {
        throw new AppError('DRAFT_SUBMITTED', 'the draft was submitted under another case');
      }
      if (draft.password_required === 1 && deps.policy.pack.allowPasswordProtectedPdf !== true) {
        throw new AppError('DOCUMENT_PASSWORD_PROTECTED', 'the PDF needs a user password');
      }
      const { settings } = deps.settings.get();
      if (!settings.sender || !settings.caseSystem) {
        throw new AppError('SETTINGS_INCOMPLETE', 'sender or caseSystem not set');
      }

      // The backend's own check, whatever the window showed: blocks and ineligible recipients are refused here.
      const result = deps.checks.recheckForSend({
        draftId: input.draftId,
        caseNumber: input.caseNumber,
        documentType: input.documentType,
        recipients: input.recipients,
        acknowledged: input.acknowledged,
      });
      const acknowledged = new Set((input.acknowledged ?? []).map((a) => a.code));
      const unacknowledged = result.check.findings.filter(
        (f) => f.severity === 'warn' && !acknowledged.has(f.code),
      );
      if (unacknowledged.length > 0) {
        throw new AppError(
          'WARNING_NOT_ACKNOWLEDGED',
          `not acknowledged: ${[...new Set(unacknowledged.map((f) => f.code))].join(',')}`,
        );
      }
      const approvalRequired = result.check.approvalRequired;
      if (approvalRequired && input.whenApprovalRequired === 'refuse') {
        throw new AppError('APPROVAL_REQUIRED', 'approval required');
      }

      const caseNumber = input.caseNumber ?? deps.checks.caseOf(input.draftId);
      const theCase = deps.cases.get(caseNumber);
      const bytesRow = loadBytes.get(draft.document_sha256) as { bytes: Buffer } | undefined;
      if (!bytesRow) throw new AppError('NOT_FOUND', 'the draft has no document');
      const document = { fileName: draft.file_name, bytes: new Uint8Array(bytesRow.bytes) };
      const delaySeconds = input.delaySeconds ?? settings.sendDelaySeconds;

      const inputs: AcceptInput[] = [];
      const statusChecks: { partyId: string; canReceiveDigitalPost: boolean | null }[] = [];
      for (const recipient of result.recipients) {
        const party = theCase.parties.find((p) => p.id === recipient.partyId);
        if (!party || recipient.channel === 'none') {
          throw new AppError('RECIPIENT_NOT_ELIGIBLE', 'recipient not a party or has no channel');
        }
        const memoId = memoRecipient(party);
        let channel: AcceptInput['channel'] = recipient.channel;
        if (deps.digitalPostStatus && channel !== 'physical') {
          // Digital Post's own answer beats the case's: not enrolled means paper, enrolled means digital.
          const enrolled = await deps.digitalPostStatus(memoId.idType, memoId.id);
          statusChecks.push({ partyId: party.id, canReceiveDigitalPost: enrolled });
          if (enrolled === false) channel = 'physical';
          else if (enrolled === true) channel = 'digital';
        }
        // Paper may be chosen (physical, or the connector's automatic choice): the postal address must be known.
        const postalAddress = channel === 'digital' ? null : postalAddressOf(party);
        const messageUUID = randomUUID();
        let memoXml: string;
        try {
          memoXml = buildMemo({
            memoVersion: settings.memoVersion,
            messageUUID,
            createdAt: clock.now(),
            sender: { cvr: settings.sender.cvr, label: settings.sender.name },
            recipient: { ...memoId, label: party.name },
            label: result.documentType.label,
            caseId: caseNumber,
            caseSystem: settings.caseSystem,
            document,
          });
        } catch (error) {
          if (error instanceof MemoBuildError) {
            deps.logger.error('memo build refused', { code: error.code, field: error.field ?? null });
            throw new AppError('MEMO_INVALID', `build: ${error.code} ${error.field ?? ''}`);
          }
          throw error;
        }
        const validation = await validateMemo(memoXml, deps.xsdDir);
        if (!validation.valid) {
          // The validator's lines name elements and line numbers; the values could be personal, so count only.
          deps.logger.error('memo failed schema validation', { errors: validation.errors.length });
          throw new AppError('MEMO_INVALID', 'schema validation failed');
        }
        inputs.push({
          draftId: input.draftId,
          recipientPartyId: party.id,
          channel,
          postalAddress,
          memoXml,
          messageUUID,
          approvalRequired,
          delayMs: delaySeconds * 1000,
        });
      }

      const { accepted, created, submitted } = acceptAll.immediate(
        inputs,
        { draftId: input.draftId, caseNumber, documentType: result.documentType.key },
        () => {
          markSubmitted.run({
            id: input.draftId,
            now: clock.now().toISOString(),
            acknowledged: JSON.stringify(input.acknowledged ?? []),
          });
          return audit.append('draft.submitted', caseNumber, {
            draftId: input.draftId,
            documentSha256: draft.document_sha256,
            documentType: result.documentType.key,
            recipients: inputs.map((i) => ({ partyId: i.recipientPartyId, channel: i.channel })),
            ...(statusChecks.length > 0 ? { digitalPostStatus: statusChecks } : {}),
            verdict: result.check.verdict,
            acknowledged: (input.acknowledged ?? []).map((a) => ({ code: a.code, reason: a.reason })),
            approvalRequired,
            delaySeconds,
          });
        },
      );
      // Appended inside the transaction, so announced once here, after the commit (append alone would not).
      const items = deps.outbox.publishAccepted(accepted);
      if (submitted) audit.announce([submitted]);
      if (created) deps.onAccepted?.();
      return {
        items,
        created,
        approvalRequired,
        approvalReasons: result.check.approvalReasons,
      };
    },
  };
}

export type SendService = ReturnType<typeof createSendService>;
