import { randomUUID } from 'node:crypto';
import {
  expiryOf,
  isExpired,
  normaliseSubject,
  subjectDifferences,
  type ApprovalSubject,
  type SubjectAspect,
} from '../../core/approval/subject';
import type { FindingCode } from '../../shared/domain/findings';
import type { UserRole } from '../../shared/domain/users';
import { AppError } from '../../shared/result';
import { writeTransaction, type Db } from '../db/sqlite';
import type { Clock } from '../ports';
import type { AuditEntry, AuditService } from '../services/audit.service';
import type { CasesService } from '../services/cases.service';
import type { CheckService } from '../services/check.service';
import type { AcceptedRow, OutboxService } from '../services/outbox.service';
import type { LoadedPolicy } from '../services/policy.service';
import type { SignedIn } from '../users/users.service';
import {
  requestHashOf,
  signPayload,
  verifyDecision,
  type ApprovalDecision,
  type ApprovalRequest,
  type DecisionProblem,
  type KeyDirectory,
  type ReviewPacket,
  type RosterKey,
  type RosterUser,
  type Signed,
} from './signed';

/**
 * Second-person approval on one installation (docs/approval.md): a request made when a send that needs approval is
 * accepted, signed by the caseworker; a supervisor's decision, signed by them; and the release of an approved send
 * into the queue, which verifies the decision again and re-runs the checks against the case data as it is then. A
 * send whose approval no longer fits goes back to waiting for approval; a rejected one is cancelled.
 */

export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'voided' | 'withdrawn';

interface RequestRow {
  id: string;
  draft_id: string;
  requester_id: string;
  state: ApprovalState;
  request: string;
  request_hash: string;
  expires_at: string;
  decision: string | null;
  created_at: string;
  updated_at: string;
  review_packet: string | null;
}

export interface ApprovalView {
  id: string;
  draftId: string;
  state: ApprovalState;
  request: ApprovalRequest;
  decision: ApprovalDecision | null;
  createdAt: string;
}

interface DraftRow {
  id: string;
  document_sha256: string;
  case_number: string | null;
  document_type: string | null;
  acknowledged: string | null;
}

/** A stored request (this installation's, or another's read from the shared folder) as the services give it. */
export function viewOfRow(
  row: { id: string; draft_id: string; state: ApprovalState; request: string; decision: string | null },
  createdAt: string,
): ApprovalView {
  return {
    id: row.id,
    draftId: row.draft_id,
    state: row.state,
    request: (JSON.parse(row.request) as Signed<ApprovalRequest>).payload,
    decision: row.decision ? (JSON.parse(row.decision) as Signed<ApprovalDecision>).payload : null,
    createdAt,
  };
}

/** The installation's own users as a key directory: each key with its validity, each user while not disabled. */
export function localDirectory(db: Db): KeyDirectory {
  const keyRow = db.prepare(
    `SELECT k.key_id, k.public_key, k.valid_from, k.valid_to, u.id AS user_id, u.username, u.display_name, u.role
     FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.key_id = ?`,
  );
  const active = db.prepare(
    'SELECT id, username, display_name, role FROM users WHERE id = ? AND disabled_at IS NULL',
  );
  const keysOf = db.prepare(
    'SELECT key_id, public_key, valid_from, valid_to FROM user_keys WHERE user_id = ? ORDER BY valid_from',
  );
  return {
    signerAt(keyId) {
      const row = keyRow.get(keyId) as
        | {
            key_id: string;
            public_key: string;
            valid_from: string;
            valid_to: string | null;
            user_id: string;
            username: string;
            display_name: string;
            role: UserRole;
          }
        | undefined;
      if (!row) return null;
      const key: RosterKey = {
        keyId: row.key_id,
        publicKey: row.public_key,
        validFrom: row.valid_from,
        validTo: row.valid_to,
      };
      const user: RosterUser = {
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        keys: [key],
      };
      return { user, key };
    },
    now(userId) {
      const row = active.get(userId) as
        { id: string; username: string; display_name: string; role: UserRole } | undefined;
      if (!row) return null;
      const keys = (
        keysOf.all(userId) as {
          key_id: string;
          public_key: string;
          valid_from: string;
          valid_to: string | null;
        }[]
      ).map((k) => ({
        keyId: k.key_id,
        publicKey: k.public_key,
        validFrom: k.valid_from,
        validTo: k.valid_to,
      }));
      return { userId: row.id, username: row.username, displayName: row.display_name, role: row.role, keys };
    },
  };
}

const WHY_VOID: Record<SubjectAspect | DecisionProblem, string> = {
  draft: 'kladden',
  case: 'sagen',
  document: 'dokumentet',
  type: 'dokumenttypen',
  recipients: 'modtagerne',
  channels: 'forsendelsesmåden',
  findings: 'kontrollens fund',
  acknowledged: 'de bekræftede advarsler',
  not_a_decision: 'afgørelsen kan ikke læses',
  wrong_request: 'afgørelsen hører til en anden anmodning',
  bad_signature: 'signaturen holder ikke',
  unknown_key: 'nøglen er ukendt',
  key_not_valid_then: 'nøglen var ikke gyldig',
  revoked: 'godkenderen er fjernet',
  not_supervisor: 'godkenderen er ikke leder',
  self_approval: 'godkenderen er den samme som anmoderen',
  expired: 'godkendelsen er udløbet',
  from_the_future: 'afgørelsen er dateret i fremtiden',
};

/**
 * A supervisor's decision on a request, signed with their key and verified as anyone would verify it (a supervisor,
 * not the requester, the key valid, the request not expired), whatever the window sent: FORBIDDEN for
 * self-approval or a signer who is not a supervisor, APPROVAL_INVALID for anything else that does not hold.
 */
export function signDecision(
  request: ApprovalRequest,
  requestHash: string,
  approver: SignedIn,
  outcome: 'approved' | 'rejected',
  comment: string,
  keys: KeyDirectory,
  now: Date,
): Signed<ApprovalDecision> {
  const payload: ApprovalDecision = {
    v: 1,
    kind: 'approval_decision',
    requestId: request.requestId,
    requestHash,
    outcome,
    comment,
    approver: { userId: approver.user.id, username: approver.user.username },
    decidedAt: now.toISOString(),
  };
  const signed = signPayload(payload, approver.signingKey, approver.keyId);
  const problem = verifyDecision(signed, request, keys, now);
  if (problem === 'self_approval' || problem === 'not_supervisor') throw new AppError('FORBIDDEN', problem);
  if (problem) throw new AppError('APPROVAL_INVALID', problem);
  return signed;
}

export function createApprovalsService(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  cases: CasesService;
  checks: CheckService;
  outbox: OutboxService;
  policy: LoadedPolicy;
  /** The send delay (the undo window) an approved send waits in the queue. */
  delayMs: () => number;
  expiryDays?: number;
  /**
   * Who signed with which key: the rosters accepted from the admin once there are any (across desks), else this
   * installation's own users. Asked each time, so a roster imported since counts at once.
   */
  directory?: () => KeyDirectory;
}) {
  const { db, audit, clock } = deps;
  const local = localDirectory(db);
  const directoryNow = deps.directory ?? (() => local);
  // What a transaction changed, announced to the window and the history's listeners only once it has committed: a
  // refusal half-way undoes the transaction, and nobody must hear of a change that did not happen.
  let changedRows: AcceptedRow[] = [];
  let appended: AuditEntry[] = [];
  const applyRow = (id: string, event: Parameters<OutboxService['applyApprovalInTransaction']>[1]) => {
    changedRows.push(deps.outbox.applyApprovalInTransaction(id, event));
  };
  const append = (...args: Parameters<AuditService['append']>) => {
    appended.push(audit.append(...args));
  };
  /** Runs `work` in one write transaction and announces its changes after the commit. */
  function committed<A extends unknown[], R>(work: (...args: A) => R): (...args: A) => R {
    const tx = writeTransaction(db, work);
    return (...args: A): R => {
      changedRows = [];
      appended = [];
      try {
        const result = tx(...args);
        audit.announce(appended);
        deps.outbox.publishAccepted(changedRows);
        return result;
      } finally {
        changedRows = [];
        appended = [];
      }
    };
  }
  const byId = db.prepare('SELECT * FROM approval_requests WHERE id = ?');
  const pendingForDraft = db.prepare(
    "SELECT * FROM approval_requests WHERE draft_id = ? AND state = 'pending'",
  );
  const loadDraft = db.prepare(
    'SELECT id, document_sha256, case_number, document_type, acknowledged FROM drafts WHERE id = ?',
  );
  const setState = db.prepare(
    'UPDATE approval_requests SET state = @state, decision = coalesce(@decision, decision), updated_at = @now WHERE id = @id',
  );

  const toView = (row: RequestRow): ApprovalView => viewOfRow(row, row.created_at);

  /** The send as it stands now: the rows waiting for approval, the case data and the checks run again. */
  function currentSubject(
    draftId: string,
    which: (state: string) => boolean = (state) => state === 'awaiting_approval' || state === 'approved',
  ): ApprovalSubject {
    const draft = loadDraft.get(draftId) as DraftRow | undefined;
    if (!draft || !draft.case_number || !draft.document_type)
      throw new AppError('NOT_FOUND', 'draft not sent');
    const rows = deps.outbox.byDraft(draftId).filter((r) => which(r.entry.state));
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'nothing waits for approval');
    const acknowledged = JSON.parse(draft.acknowledged ?? '[]') as { code: FindingCode; reason: string }[];
    const theCase = deps.cases.get(draft.case_number);
    const result = deps.checks.recheckForSend({
      draftId,
      caseNumber: draft.case_number,
      documentType: draft.document_type,
      recipients: rows.map((r) => r.recipientPartyId),
      acknowledged,
    });
    return normaliseSubject({
      v: 1,
      draftId,
      caseNumber: draft.case_number,
      documentSha256: draft.document_sha256,
      documentType: result.documentType.key,
      recipients: rows.map((r) => {
        const party = theCase.parties.find((p) => p.id === r.recipientPartyId);
        const identity = party?.cpr ? `cpr:${party.cpr}` : party?.cvr ? `cvr:${party.cvr}` : null;
        const channel = result.recipients.find((x) => x.partyId === r.recipientPartyId)?.channel ?? 'none';
        return { partyId: r.recipientPartyId, identity, channel, messageUUID: r.entry.messageUUID };
      }),
      findings: result.check.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        partyId: f.partyId,
      })),
      acknowledged,
      policySha256: deps.policy.sha256,
    });
  }

  /** Lazily ends pending requests past their expiry, with a history entry each. */
  const expire = committed((): void => {
    const now = clock.now().toISOString();
    const due = db
      .prepare("SELECT * FROM approval_requests WHERE state = 'pending' AND expires_at <= ?")
      .all(now) as RequestRow[];
    for (const row of due) {
      setState.run({ id: row.id, state: 'expired', decision: null, now });
      append('approval.expired', toView(row).request.subject.caseNumber, { requestId: row.id });
    }
  });

  const release = (row: RequestRow, now: Date): { released: boolean; differences: string[] } => {
    const request = JSON.parse(row.request) as Signed<ApprovalRequest>;
    const decision = JSON.parse(row.decision!) as Signed<ApprovalDecision>;
    const problem = verifyDecision(decision, request.payload, directoryNow(), now);
    let differences: string[] = problem ? [problem] : [];
    if (!problem) {
      try {
        differences = subjectDifferences(request.payload.subject, currentSubject(row.draft_id));
      } catch (err) {
        // A check that now blocks (the case changed) is a difference too: the send must not go on this approval.
        if (!(err instanceof AppError)) throw err;
        differences = ['findings'];
      }
    }
    const rows = deps.outbox.byDraft(row.draft_id).filter((r) => r.entry.state === 'approved');
    const caseNumber = request.payload.subject.caseNumber;
    if (differences.length > 0) {
      for (const r of rows) {
        applyRow(r.id, {
          type: 'void_approval',
          reason: `Godkendelsen passer ikke længere: ${differences.map((d) => WHY_VOID[d as SubjectAspect] ?? d).join(', ')}.`,
        });
      }
      setState.run({ id: row.id, state: 'voided', decision: null, now: now.toISOString() });
      append('approval.voided', caseNumber, { requestId: row.id, draftId: row.draft_id, differences });
      return { released: false, differences };
    }
    for (const r of rows) applyRow(r.id, { type: 'enqueue', delayMs: deps.delayMs() });
    append('approval.released', caseNumber, { requestId: row.id, draftId: row.draft_id });
    return { released: true, differences: [] };
  };

  /** The checks run again now, read-only, for the reviewer: findings with evidence, the proposal, the document. */
  function reviewOf(requestId: string) {
    const row = byId.get(requestId) as RequestRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'no such approval request');
    const { subject } = toView(row).request;
    const doc = db.prepare('SELECT file_name, analysis FROM drafts WHERE id = ?').get(row.draft_id) as
      { file_name: string; analysis: string } | undefined;
    const pages = doc ? ((JSON.parse(doc.analysis) as { pages?: number }).pages ?? 0) : 0;
    let parties: { partyId: string; name: string }[] = [];
    try {
      parties = deps.cases.get(subject.caseNumber).parties.map((p) => ({ partyId: p.id, name: p.name }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
    const base = { fileName: doc?.file_name ?? '', pages, parties };
    try {
      const result = deps.checks.recheckForSend({
        draftId: row.draft_id,
        caseNumber: subject.caseNumber,
        documentType: subject.documentType,
        recipients: subject.recipients.map((r) => r.partyId),
        acknowledged: subject.acknowledged,
      });
      return {
        ...base,
        documentTypeLabel: result.documentType.label,
        findings: result.check.findings,
        proposal: result.proposal,
        problem: null,
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const problem =
        err.code === 'CHECK_BLOCKED' || err.code === 'RECIPIENT_NOT_ELIGIBLE'
          ? err.code
          : ('NOT_FOUND' as const);
      return { ...base, documentTypeLabel: subject.documentType, findings: [], proposal: [], problem };
    }
  }

  /**
   * Records a verified decision on a pending request and acts on it: a rejection cancels the send's rows, an approval
   * moves them to `approved` and releases them (checked again against the case data). In the caller's transaction.
   */
  const applyDecision = (
    row: RequestRow,
    signed: Signed<ApprovalDecision>,
    now: Date,
    by: string,
    remote: boolean,
  ): { view: ApprovalView; released: boolean; differences: string[] } => {
    const { payload } = signed;
    const request = (JSON.parse(row.request) as Signed<ApprovalRequest>).payload;
    const caseNumber = request.subject.caseNumber;
    setState.run({
      id: row.id,
      state: payload.outcome,
      decision: JSON.stringify(signed),
      now: now.toISOString(),
    });
    const details = {
      requestId: row.id,
      draftId: row.draft_id,
      comment: payload.comment,
      approver: payload.approver.username,
      ...(remote ? { via: 'shared_folder' } : {}),
    };
    const rows = deps.outbox.byDraft(row.draft_id).filter((r) => r.entry.state === 'awaiting_approval');
    if (payload.outcome === 'rejected') {
      for (const r of rows) applyRow(r.id, { type: 'reject', by, reason: payload.comment });
      append('approval.rejected', caseNumber, details);
      return { view: toView(byId.get(row.id) as RequestRow), released: false, differences: [] };
    }
    for (const r of rows) applyRow(r.id, { type: 'approve', by, requestId: row.id });
    append('approval.approved', caseNumber, details);
    const outcomeOfRelease = release(byId.get(row.id) as RequestRow, now);
    return { view: toView(byId.get(row.id) as RequestRow), ...outcomeOfRelease };
  };

  const decideTx = committed(
    (
      requestId: string,
      approver: SignedIn,
      outcome: 'approved' | 'rejected',
      comment: string,
    ): { view: ApprovalView; released: boolean; differences: string[] } => {
      const row = byId.get(requestId) as RequestRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'no such approval request');
      if (row.state !== 'pending') throw new AppError('APPROVAL_INVALID', `request is ${row.state}`);
      const request = (JSON.parse(row.request) as Signed<ApprovalRequest>).payload;
      const now = clock.now();
      const signed = signDecision(request, row.request_hash, approver, outcome, comment, directoryNow(), now);
      return applyDecision(row, signed, now, approver.user.displayName, false);
    },
  );

  /**
   * A decision that came as a file (across desks): verified against the rosters like any other; acted on only when
   * it verifies and its request is still pending here. Returns the problem instead when it does not.
   */
  const applySignedTx = committed(
    (
      requestId: string,
      signed: Signed<ApprovalDecision>,
    ):
      | { applied: true; view: ApprovalView; released: boolean; differences: string[] }
      | { applied: false; problem: DecisionProblem | 'not_pending' | 'unknown_request' } => {
      // The request the file is for (its name); a decision about any other request is `wrong_request` below.
      const row = byId.get(requestId) as RequestRow | undefined;
      if (!row) return { applied: false, problem: 'unknown_request' };
      if (row.state !== 'pending') return { applied: false, problem: 'not_pending' };
      const request = (JSON.parse(row.request) as Signed<ApprovalRequest>).payload;
      const now = clock.now();
      const problem = verifyDecision(signed, request, directoryNow(), now);
      if (problem) return { applied: false, problem };
      const signer = directoryNow().signerAt(signed.keyId, signed.payload.decidedAt);
      return {
        applied: true,
        ...applyDecision(
          row,
          signed,
          now,
          signer?.user.displayName ?? signed.payload.approver.username,
          true,
        ),
      };
    },
  );

  const firstRequester = db.prepare(
    'SELECT requester_id FROM approval_requests WHERE draft_id = ? ORDER BY created_at LIMIT 1',
  );
  const requestTx = committed((draftId: string, requester: SignedIn): ApprovalView => {
    // The send's own caseworker asks (the first request is made at their submit): nobody else, so a supervisor's
    // own send cannot come back to them through a colleague's click.
    const first = firstRequester.get(draftId) as { requester_id: string } | undefined;
    if (first && first.requester_id !== requester.user.id) throw new AppError('FORBIDDEN', 'not the sender');
    const existing = pendingForDraft.get(draftId) as RequestRow | undefined;
    if (existing) return toView(existing);
    const subject = currentSubject(draftId);
    const now = clock.now();
    const payload: ApprovalRequest = {
      v: 1,
      kind: 'approval_request',
      requestId: randomUUID(),
      subject,
      requester: { userId: requester.user.id, username: requester.user.username },
      requestedAt: now.toISOString(),
      expiresAt: expiryOf(now, deps.expiryDays),
    };
    const signed = signPayload(payload, requester.signingKey, requester.keyId);
    db.prepare(
      `INSERT INTO approval_requests (id, draft_id, requester_id, state, request, request_hash, expires_at, created_at, updated_at)
       VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
    ).run(
      payload.requestId,
      draftId,
      requester.user.id,
      JSON.stringify(signed),
      requestHashOf(payload),
      payload.expiresAt,
      payload.requestedAt,
      payload.requestedAt,
    );
    // What the checks found, signed with the request, for a reviewer on another installation (across desks).
    const packet: ReviewPacket = {
      v: 1,
      kind: 'approval_review',
      requestId: payload.requestId,
      requestHash: requestHashOf(payload),
      review: reviewOf(payload.requestId),
    };
    db.prepare('UPDATE approval_requests SET review_packet = ? WHERE id = ?').run(
      JSON.stringify(signPayload(packet, requester.signingKey, requester.keyId)),
      payload.requestId,
    );
    append('approval.requested', subject.caseNumber, {
      requestId: payload.requestId,
      draftId,
      documentSha256: subject.documentSha256,
      documentType: subject.documentType,
      recipients: subject.recipients.map((r) => ({ partyId: r.partyId, channel: r.channel })),
      findings: subject.findings.map((f) => f.code),
      acknowledged: subject.acknowledged.map((a) => ({ code: a.code, reason: a.reason })),
      expiresAt: payload.expiresAt,
    });
    return toView(byId.get(payload.requestId) as RequestRow);
  });

  const latestApproved = db.prepare(
    "SELECT * FROM approval_requests WHERE draft_id = ? AND state = 'approved' ORDER BY updated_at DESC LIMIT 1",
  );

  /**
   * Just before a message of an approved send goes (the outbox worker's claim): the decision is verified once more
   * (a supervisor removed from the roster since, an expiry) and the checks are run against the case data as it is
   * now. What is left of the approved send may go; anything new or changed voids the approval, and the draft's
   * queued messages go back to wait for a new one. A send that needed no approval passes.
   */
  const checkBeforeSendTx = committed((draftId: string): { ok: boolean; differences: string[] } => {
    const row = latestApproved.get(draftId) as RequestRow | undefined;
    if (!row) return { ok: true, differences: [] };
    const request = JSON.parse(row.request) as Signed<ApprovalRequest>;
    const decision = JSON.parse(row.decision!) as Signed<ApprovalDecision>;
    const now = clock.now();
    const problem = verifyDecision(decision, request.payload, directoryNow(), now);
    let differences: string[] = problem ? [problem] : [];
    if (!problem) {
      try {
        const current = currentSubject(
          draftId,
          (state) => state !== 'cancelled' && state !== 'awaiting_approval',
        );
        differences = subjectDifferences(request.payload.subject, current, { remainder: true });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        differences = ['findings'];
      }
    }
    if (differences.length === 0) return { ok: true, differences };
    for (const r of deps.outbox.byDraft(draftId).filter((x) => x.entry.state === 'queued')) {
      applyRow(r.id, {
        type: 'void_approval',
        reason: `Godkendelsen passer ikke længere: ${differences.map((d) => WHY_VOID[d as SubjectAspect] ?? d).join(', ')}.`,
      });
    }
    setState.run({ id: row.id, state: 'voided', decision: null, now: now.toISOString() });
    append('approval.voided', request.payload.subject.caseNumber, {
      requestId: row.id,
      draftId,
      differences,
      at: 'send',
    });
    return { ok: false, differences };
  });

  return {
    checkBeforeSend: checkBeforeSendTx,

    /**
     * A caseworker's request for the send of this draft, signed with their key. The rows must be waiting for approval;
     * a pending request of the same draft is returned as it is (a second click).
     */
    request(draftId: string, requester: SignedIn): ApprovalView {
      // A request past its expiry is ended first, so asking again makes a new one.
      expire();
      return requestTx(draftId, requester);
    },

    /** Pending requests a supervisor may decide: everybody's but their own. Expired ones are ended first. */
    inbox(supervisor: SignedIn): ApprovalView[] {
      expire();
      return (
        db
          .prepare("SELECT * FROM approval_requests WHERE state = 'pending' ORDER BY created_at")
          .all() as RequestRow[]
      )
        .filter((r) => r.requester_id !== supervisor.user.id)
        .map(toView);
    },

    get(requestId: string): ApprovalView {
      expire();
      const row = byId.get(requestId) as RequestRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'no such approval request');
      return toView(row);
    },

    /** The checks run again now, read-only, for the reviewer: findings with evidence, the proposal, the document. */
    review: reviewOf,

    forDraft(draftId: string): ApprovalView[] {
      return (
        db
          .prepare('SELECT * FROM approval_requests WHERE draft_id = ? ORDER BY created_at')
          .all(draftId) as RequestRow[]
      ).map(toView);
    },

    /**
     * A supervisor approves or rejects, signing the decision. The backend verifies the signed decision as anyone
     * would (a supervisor, not the requester, the key valid, the request not expired) before it counts. An approval
     * releases the send into the queue at once, after checking it again against the case data as it is now.
     */
    decide(
      requestId: string,
      approver: SignedIn,
      outcome: 'approved' | 'rejected',
      comment: string,
    ): { view: ApprovalView; released: boolean; differences: string[] } {
      // Ended first, in its own transaction: a refusal of the decision must not undo the record of the expiry.
      expire();
      return decideTx(requestId, approver, outcome, comment);
    },

    /** Releases an approved request's send again (e.g. after a restart), verifying as at decision time. */
    release: committed((requestId: string) => {
      const row = byId.get(requestId) as RequestRow | undefined;
      if (!row || row.state !== 'approved') throw new AppError('APPROVAL_INVALID', 'not approved');
      return release(row, clock.now());
    }),

    expire,

    /** A decision read from the shared folder (docs/approval.md, "Across desks"). */
    applySigned(requestId: string, signed: Signed<ApprovalDecision>) {
      expire();
      return applySignedTx(requestId, signed);
    },

    /** Pending requests not yet put in the shared folder, with their signed files. */
    unpublished(): {
      id: string;
      draftId: string;
      signed: Signed<ApprovalRequest>;
      review: Signed<ReviewPacket> | null;
    }[] {
      return (
        db
          .prepare(
            "SELECT * FROM approval_requests WHERE state = 'pending' AND published_at IS NULL ORDER BY created_at",
          )
          .all() as RequestRow[]
      ).map((r) => ({
        id: r.id,
        draftId: r.draft_id,
        signed: JSON.parse(r.request) as Signed<ApprovalRequest>,
        review: r.review_packet ? (JSON.parse(r.review_packet) as Signed<ReviewPacket>) : null,
      }));
    },

    markPublished(requestId: string): void {
      db.prepare('UPDATE approval_requests SET published_at = ? WHERE id = ?').run(
        clock.now().toISOString(),
        requestId,
      );
    },

    /** This installation's requests in the shared folder that are no longer pending, whose files are still there. */
    finishedInFolder(): string[] {
      return (
        db
          .prepare(
            "SELECT id FROM approval_requests WHERE state != 'pending' AND published_at IS NOT NULL AND cleared_at IS NULL",
          )
          .all() as { id: string }[]
      ).map((r) => r.id);
    },

    markCleared(requestId: string): void {
      db.prepare('UPDATE approval_requests SET cleared_at = ? WHERE id = ?').run(
        clock.now().toISOString(),
        requestId,
      );
    },

    /** Ids of this installation's requests still waiting for a decision (the ones whose decision files to look for). */
    pendingIds(): string[] {
      return (
        db.prepare("SELECT id FROM approval_requests WHERE state = 'pending'").all() as { id: string }[]
      ).map((r) => r.id);
    },

    /** Whether a request id is this installation's own. */
    isLocal(requestId: string): boolean {
      return byId.get(requestId) !== undefined;
    },

    /** The document of a draft, for the review packet that travels with a request. */
    documentOf(draftId: string): Buffer | null {
      const row = db
        .prepare(
          'SELECT d.bytes FROM drafts r JOIN documents d ON d.sha256 = r.document_sha256 WHERE r.id = ?',
        )
        .get(draftId) as { bytes: Buffer } | undefined;
      return row?.bytes ?? null;
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;

export { isExpired };
