import { z } from 'zod';
import { createHash, randomUUID } from 'node:crypto';
import {
  approvalReviewSchema,
  approvalViewSchema,
  type SharedFolderProblem,
  type SharedFolderRefusal,
} from '../../shared/domain/approval';
import { userRoles } from '../../shared/domain/users';
import { AppError } from '../../shared/result';
import { writeTransaction, type Db } from '../db/sqlite';
import type { Clock, Logger } from '../ports';
import type { AuditEntry, AuditService } from '../services/audit.service';
import type { SignedIn, UsersService } from '../users/users.service';
import { keyIdOf } from '../users/credentials';
import { canonicalJson } from '../../shared/canonical-json';
import {
  localDirectory,
  signDecision,
  viewOfRow,
  type ApprovalsService,
  type ApprovalView,
} from './approvals.service';
import { SharedFolder, type Subfolder } from './shared-folder';
import {
  requestHashOf,
  rosterDirectory,
  signPayload,
  verifyDecision,
  verifyRequest,
  verifyReviewPacket,
  verifyRoster,
  type ApprovalDecision,
  type ApprovalRequest,
  type KeyDirectory,
  type ReviewPacket,
  type Roster,
  type RosterUser,
  type Signed,
} from './signed';

/**
 * Approval across desks (docs/approval.md, "Across desks"): the admin's roster, requests and decisions travel as
 * signed files through a shared folder set in the settings. The folder is not trusted: a roster counts only under
 * the admin key this installation pinned, a request only when its requester's key on the roster signed it (with the
 * document's SHA-256 in it), a decision only when `verifyDecision` accepts it against the roster in force when it was
 * signed. Anything that does not parse or verify is reported (once, in the history) and never acted on.
 */

/** The biggest file read from the folder: a request carries the document (≤ 100 MB) as base64 beside its review. */
export const MAX_EXCHANGE_FILE_BYTES = 150 * 1024 * 1024;
const MAX_SMALL_FILE_BYTES = 4 * 1024 * 1024;

const PIN_KEY = 'admin_key_pin';
const INSTALLATION_KEY = 'installation_id';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.string().max(40);
const rosterKeySchema = z
  .strictObject({
    keyId: hex64,
    publicKey: z.string().max(200),
    validFrom: isoTime,
    validTo: isoTime.nullable(),
  })
  .refine((k) => keyIdOf(k.publicKey) === k.keyId, 'keyId is not the public key’s');
const rosterUserSchema = z.strictObject({
  userId: z.uuid(),
  username: z.string().min(1).max(64),
  displayName: z.string().min(1).max(200),
  role: z.enum(userRoles),
  keys: z.array(rosterKeySchema).min(1).max(50),
});
const keyFileSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('user_keys'),
  installationId: z.uuid(),
  users: z.array(rosterUserSchema).max(10_000),
});
const signedSchema = z.strictObject({
  payload: z.unknown(),
  keyId: hex64,
  signature: z.string().max(200),
});
const requestFileSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('approval_request_file'),
  request: signedSchema,
  review: signedSchema,
  documentBase64: z.string().max(MAX_EXCHANGE_FILE_BYTES),
});

export interface SyncReport {
  /** The shared folder in the settings, or null (approval on this installation only). */
  folder: string | null;
  reachable: boolean;
  /** Why the folder could not be used, when it could not: the system's error code. */
  unreachableCode: string | null;
  /** Requests from other installations taken into the inbox. */
  received: number;
  /** Decisions on this installation's requests acted on. */
  decided: number;
  /** Each file refused in this round (each is put in the history once). */
  refused: SharedFolderRefusal[];
}

interface RemoteRow {
  id: string;
  draft_id: string;
  requester_id: string;
  state: 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn';
  request: string;
  request_hash: string;
  review: string;
  expires_at: string;
  decision: string | null;
  received_at: string;
  published_at: string | null;
}

export interface RosterCandidate extends RosterUser {
  /** Where the keys came from: this installation's own users, or a key file of the folder. */
  source: 'local' | 'key_file';
  installationId: string | null;
}

export function createExchange(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  users: UsersService;
  approvals: ApprovalsService;
  /** The shared folder in force (the settings), or null. */
  folder: () => string | null;
  /** IT's pin from the machine file (the setting `adminKeyFingerprint`), or null. */
  machinePin: () => string | null;
  /** A decision was acted on: the worker may have sends to do. */
  onDecided?: () => void;
}) {
  const { db, audit, clock, users, approvals } = deps;
  const local = localDirectory(db);
  const meta = (key: string) =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null;
  const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  const nowIso = () => clock.now().toISOString();

  // --- Trust: the pinned admin key and the rosters it signed --------------------------------------------------------

  const pinned = (): string | null => deps.machinePin() ?? meta(PIN_KEY);

  /** Pins the first admin's key at set-up, unless IT's machine file names the admin key (or a pin exists). */
  function pinAtSetUp(keyId: string, source: 'set_up' | 'existing_admin'): void {
    if (deps.machinePin() !== null || meta(PIN_KEY) !== null) return;
    const entry = writeTransaction(db, (): AuditEntry => {
      setMeta.run(PIN_KEY, keyId);
      return audit.append('approval.admin_key_pinned', null, { keyId, source });
    })();
    audit.announce([entry]);
  }

  /**
   * A store whose users exist but which has no pin (set up by the demo seed, or before approval across desks came)
   * pins its first admin's key now, as set-up would have.
   */
  function pinExistingAdmin(): void {
    if (deps.machinePin() !== null || meta(PIN_KEY) !== null) return;
    const row = db
      .prepare(
        `SELECT k.key_id FROM users u JOIN user_keys k ON k.user_id = u.id AND k.valid_to IS NULL
         WHERE u.role = 'admin' AND u.disabled_at IS NULL ORDER BY u.created_at, u.id LIMIT 1`,
      )
      .get() as { key_id: string } | undefined;
    if (row) pinAtSetUp(row.key_id, 'existing_admin');
  }

  const rosterRows = db.prepare('SELECT serial, signed FROM rosters WHERE admin_key_id = ? ORDER BY serial');
  /** The rosters accepted under the admin key pinned now (a roster of another key does not count). */
  function acceptedRosters(): Roster[] {
    const pin = pinned();
    if (!pin) return [];
    return (rosterRows.all(pin) as { signed: string }[]).map(
      (r) => (JSON.parse(r.signed) as Signed<Roster>).payload,
    );
  }

  /** The rosters once there are any; this installation's own users before (approval on one installation). */
  function directory(): KeyDirectory {
    const rosters = acceptedRosters();
    return rosters.length > 0 ? rosterDirectory(rosters) : local;
  }

  function installationId(): string {
    const existing = meta(INSTALLATION_KEY);
    if (existing) return existing;
    const id = randomUUID();
    setMeta.run(INSTALLATION_KEY, id);
    return id;
  }

  function localCandidates(): RosterCandidate[] {
    return users
      .list()
      .filter((u) => !u.disabled)
      .map((u) => ({
        userId: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        keys: users.publicKeys(u.id),
        source: 'local' as const,
        installationId: null,
      }));
  }

  // --- Reporting refused files once --------------------------------------------------------------------------------

  const remember = db.prepare(
    'INSERT INTO shared_folder_refusals (file, sha256, problem, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  /** Files already handled, by name: size and time, and the newest roster when it was judged. */
  const seen = new Map<string, string>();
  const stamp = (size: number, mtimeMs: number) => `${size}:${mtimeMs}:${acceptedRosters().length}`;

  function refuse(report: SyncReport, file: string, sha256: string, problem: SharedFolderProblem): void {
    report.refused.push({ file, problem });
    const entry = writeTransaction(db, (): AuditEntry | null =>
      remember.run(file, sha256, problem, nowIso()).changes > 0
        ? audit.append('approval.file_refused', null, { file, problem })
        : null,
    )();
    if (entry) audit.announce([entry]);
    deps.logger.warn('shared folder file refused', { file, problem });
  }

  async function readJson(
    folder: SharedFolder,
    report: SyncReport,
    sub: Subfolder,
    name: string,
    maxBytes: number,
  ): Promise<{ value: unknown; sha256: string; stamp: string } | null> {
    const file = `${sub}/${name}`;
    // A file judged before and unchanged since is not read again (a refused request may be 150 MB).
    const before = await folder.info(sub, name);
    if (!before) return null;
    if (seen.get(file) === stamp(before.size, before.mtimeMs)) return null;
    const read = await folder.read(sub, name, maxBytes);
    if (!read.ok) {
      if (read.problem === 'missing') return null;
      const s = stamp(read.size ?? 0, read.mtimeMs ?? 0);
      if (seen.get(file) !== s) refuse(report, file, `size:${read.size ?? 0}`, read.problem);
      seen.set(file, s);
      return null;
    }
    const s = stamp(read.size, read.mtimeMs);
    if (seen.get(file) === s) return null;
    try {
      return { value: JSON.parse(read.text) as unknown, sha256: read.sha256, stamp: s };
    } catch {
      refuse(report, file, read.sha256, 'not_json');
      seen.set(file, s);
      return null;
    }
  }

  // --- Sync: keys out, rosters in, requests and decisions both ways ------------------------------------------------

  async function exportKeys(folder: SharedFolder): Promise<void> {
    const own = localCandidates().map(({ source: _s, installationId: _i, ...user }) => user);
    if (own.length === 0) return;
    const id = installationId();
    const text = `${JSON.stringify({ v: 1, kind: 'user_keys', installationId: id, users: own }, null, 2)}\n`;
    const current = await folder.read('keys', `${id}.json`, MAX_SMALL_FILE_BYTES);
    if (current.ok && current.text === text) return;
    await folder.write('keys', `${id}.json`, text);
  }

  const insertRoster = db.prepare(
    'INSERT INTO rosters (serial, issued_at, admin_key_id, signed, imported_at) VALUES (?, ?, ?, ?, ?)',
  );
  const rosterBySerial = db.prepare('SELECT signed FROM rosters WHERE serial = ?');

  /** Takes in a verified roster (in the caller's transaction); false when another with its serial is already here. */
  function acceptRoster(signed: Signed<Roster>, how: 'imported' | 'issued'): boolean | AuditEntry {
    const existing = rosterBySerial.get(signed.payload.serial) as { signed: string } | undefined;
    if (existing) return JSON.parse(existing.signed).signature === signed.signature;
    insertRoster.run(
      signed.payload.serial,
      signed.payload.issuedAt,
      signed.keyId,
      JSON.stringify(signed),
      nowIso(),
    );
    return audit.append(`approval.roster_${how}`, null, {
      serial: signed.payload.serial,
      issuedAt: signed.payload.issuedAt,
      users: signed.payload.users.map((u) => ({ username: u.username, role: u.role })),
    });
  }

  const rosterFileName = (serial: number) => `roster-${String(serial).padStart(6, '0')}.json`;

  async function importRosters(folder: SharedFolder, report: SyncReport): Promise<void> {
    const pin = pinned();
    const names = await folder.list('roster');
    // Every roster accepted here goes back into the folder if it went missing or was replaced: a removal (a newer
    // roster) cannot be kept from the other installations by deleting or spoiling its file.
    const present = new Set(names);
    for (const row of db.prepare('SELECT serial, signed FROM rosters ORDER BY serial').all() as {
      serial: number;
      signed: string;
    }[]) {
      const name = rosterFileName(row.serial);
      const signature = (JSON.parse(row.signed) as Signed<Roster>).signature;
      if (present.has(name)) {
        const there = await folder.read('roster', name, MAX_SMALL_FILE_BYTES);
        if (there.ok && signatureOf(there.text) === signature) continue;
      }
      await folder.write('roster', name, `${JSON.stringify(JSON.parse(row.signed), null, 2)}\n`);
    }
    for (const name of names) {
      const file = `roster/${name}`;
      const got = await readJson(folder, report, 'roster', name, MAX_SMALL_FILE_BYTES);
      if (!got) continue;
      seen.set(file, got.stamp);
      const parsed = signedSchema.safeParse(got.value);
      if (!parsed.success || !pin) {
        refuse(report, file, got.sha256, parsed.success ? 'wrong_admin' : 'not_a_roster');
        continue;
      }
      const signed = parsed.data as Signed<Roster>;
      const problem = verifyRoster(signed, pin);
      const shape = z
        .strictObject({
          v: z.literal(1),
          kind: z.literal('roster'),
          serial: z.number().int().positive(),
          issuedAt: isoTime,
          adminPublicKey: z.string().max(200),
          users: z.array(rosterUserSchema).max(10_000),
        })
        .safeParse(signed.payload);
      if (problem || !shape.success) {
        refuse(report, file, got.sha256, problem ?? 'not_a_roster');
        continue;
      }
      const outcome = writeTransaction(db, () => acceptRoster(signed, 'imported'))();
      if (outcome === false) refuse(report, file, got.sha256, 'conflict');
      else if (typeof outcome === 'object') audit.announce([outcome]);
      // A new roster may make files refused before (an unknown key) good: judge them again.
      if (typeof outcome === 'object') seen.clear();
    }
  }

  async function publishRequests(folder: SharedFolder): Promise<void> {
    for (const r of approvals.unpublished()) {
      const document = approvals.documentOf(r.draftId);
      if (!r.review || !document) continue;
      const file = {
        v: 1,
        kind: 'approval_request_file',
        request: r.signed,
        review: r.review,
        documentBase64: document.toString('base64'),
      };
      await folder.write('requests', `${r.id}.json`, JSON.stringify(file));
      approvals.markPublished(r.id);
    }
  }

  const remoteById = db.prepare('SELECT * FROM remote_requests WHERE id = ?');
  const insertRemote = db.prepare(
    `INSERT INTO remote_requests (id, draft_id, requester_id, state, request, request_hash, review, document, expires_at, received_at, updated_at)
     VALUES (@id, @draftId, @requesterId, 'pending', @request, @requestHash, @review, @document, @expiresAt, @now, @now)`,
  );

  const withdrawnRemote = db.prepare(
    "UPDATE remote_requests SET state = 'withdrawn', updated_at = ? WHERE id = ? AND state = 'pending'",
  );
  const reinstateRemote = db.prepare(
    "UPDATE remote_requests SET state = 'pending', updated_at = ? WHERE id = ? AND state = 'withdrawn'",
  );

  /**
   * A pending request whose file has left the folder was ended by its requester's installation (decided by another
   * supervisor, expired, or voided): it leaves the inbox here as withdrawn. Should the file come back (a share that
   * showed too little for a moment), the request is pending again.
   */
  async function followRequestFiles(folder: SharedFolder, names: readonly string[]): Promise<void> {
    const present = new Set(names.map((n) => n.slice(0, -'.json'.length)));
    const rows = db
      .prepare("SELECT id, request, state FROM remote_requests WHERE state IN ('pending', 'withdrawn')")
      .all() as { id: string; request: string; state: string }[];
    for (const row of rows) {
      if (row.state === 'withdrawn' && present.has(row.id)) {
        // Back only when it is the same signed request, not any file that took its name.
        const read = await folder.read('requests', `${row.id}.json`, MAX_EXCHANGE_FILE_BYTES);
        let same = false;
        if (read.ok) {
          try {
            const parsed = requestFileSchema.safeParse(JSON.parse(read.text));
            same =
              parsed.success &&
              parsed.data.request.signature ===
                (JSON.parse(row.request) as Signed<ApprovalRequest>).signature;
          } catch {
            same = false;
          }
        }
        if (same) {
          reinstateRemote.run(nowIso(), row.id);
          deps.logger.info('shared folder request back in the folder', { requestId: row.id });
        }
      } else if (row.state === 'pending' && !present.has(row.id)) {
        withdraw(row, 'request_file_gone');
      }
    }
  }

  function withdraw(
    row: { id: string; request: string },
    why: 'request_file_gone' | 'decided_elsewhere',
  ): void {
    const caseNumber = (JSON.parse(row.request) as Signed<ApprovalRequest>).payload.subject.caseNumber;
    const entry = writeTransaction(db, () => {
      withdrawnRemote.run(nowIso(), row.id);
      return audit.append('approval.withdrawn', caseNumber, { requestId: row.id, via: 'shared_folder', why });
    })();
    audit.announce([entry]);
  }

  async function importRequests(folder: SharedFolder, report: SyncReport): Promise<void> {
    const names = await folder.list('requests');
    await followRequestFiles(folder, names);
    for (const name of names) {
      const id = name.slice(0, -'.json'.length);
      const file = `requests/${name}`;
      if (approvals.isLocal(id) || remoteById.get(id)) continue;
      const got = await readJson(folder, report, 'requests', name, MAX_EXCHANGE_FILE_BYTES);
      if (!got) continue;
      seen.set(file, got.stamp);
      const parsed = requestFileSchema.safeParse(got.value);
      if (!parsed.success) {
        refuse(report, file, got.sha256, 'not_a_request');
        continue;
      }
      const request = parsed.data.request as Signed<ApprovalRequest>;
      const review = parsed.data.review as Signed<ReviewPacket>;
      const keys = directory();
      const problem =
        verifyRequest(request, keys) ??
        (request.payload.requestId !== id ? 'wrong_name' : null) ??
        verifyReviewPacket(review, request, keys);
      if (problem) {
        refuse(report, file, got.sha256, problem);
        continue;
      }
      const document = Buffer.from(parsed.data.documentBase64, 'base64');
      if (createHash('sha256').update(document).digest('hex') !== request.payload.subject.documentSha256) {
        refuse(report, file, got.sha256, 'wrong_document');
        continue;
      }
      const reviewData = approvalReviewSchema.safeParse(review.payload.review);
      const view = approvalViewSchema.safeParse(
        flatten({
          id,
          draftId: request.payload.subject.draftId,
          state: 'pending',
          request: request.payload,
          decision: null,
          createdAt: nowIso(),
        }),
      );
      if (!reviewData.success || !view.success) {
        refuse(report, file, got.sha256, reviewData.success ? 'not_a_request' : 'not_a_review');
        continue;
      }
      if (request.payload.expiresAt <= nowIso()) continue;
      const entry = writeTransaction(db, (): AuditEntry | null => {
        if (remoteById.get(id)) return null;
        insertRemote.run({
          id,
          draftId: request.payload.subject.draftId,
          requesterId: request.payload.requester.userId,
          request: JSON.stringify(request),
          requestHash: requestHashOf(request.payload),
          review: JSON.stringify(reviewData.data),
          document,
          expiresAt: request.payload.expiresAt,
          now: nowIso(),
        });
        return audit.append('approval.received', request.payload.subject.caseNumber, {
          requestId: id,
          draftId: request.payload.subject.draftId,
          requester: request.payload.requester.username,
          documentSha256: request.payload.subject.documentSha256,
          expiresAt: request.payload.expiresAt,
        });
      })();
      if (entry) {
        audit.announce([entry]);
        report.received += 1;
      }
    }
  }

  const markDecisionPublished = db.prepare('UPDATE remote_requests SET published_at = ? WHERE id = ?');

  async function publishDecisions(folder: SharedFolder): Promise<void> {
    const due = db
      .prepare('SELECT id, decision FROM remote_requests WHERE decision IS NOT NULL AND published_at IS NULL')
      .all() as { id: string; decision: string }[];
    for (const row of due) {
      await folder.write('decisions', `${row.id}.json`, `${row.decision}\n`);
      markDecisionPublished.run(nowIso(), row.id);
    }
  }

  async function readDecisions(folder: SharedFolder, report: SyncReport): Promise<void> {
    const pending = new Set(approvals.pendingIds());
    if (pending.size === 0) return;
    for (const name of await folder.list('decisions')) {
      const id = name.slice(0, -'.json'.length);
      if (!pending.has(id)) continue;
      const file = `decisions/${name}`;
      const got = await readJson(folder, report, 'decisions', name, MAX_SMALL_FILE_BYTES);
      if (!got) continue;
      seen.set(file, got.stamp);
      const parsed = signedSchema.safeParse(got.value);
      if (!parsed.success) {
        refuse(report, file, got.sha256, 'not_a_decision');
        continue;
      }
      const outcome = approvals.applySigned(id, parsed.data as Signed<ApprovalDecision>);
      if (outcome.applied) {
        report.decided += 1;
        deps.onDecided?.();
      } else if (outcome.problem === 'from_the_future') {
        // The other computer's clock is ahead of this one's: judged again at the next round, not refused.
        seen.delete(file);
        deps.logger.warn('shared folder decision dated ahead of this clock', { file });
      } else if (outcome.problem !== 'not_pending' && outcome.problem !== 'unknown_request') {
        refuse(report, file, got.sha256, outcome.problem);
      }
    }
  }

  /**
   * This installation's requests that are no longer pending (decided, expired, voided) leave the folder, with their
   * decision files: the other installations then take them out of their inboxes, and the folder does not grow.
   */
  async function clearFinished(folder: SharedFolder): Promise<void> {
    for (const id of approvals.finishedInFolder()) {
      await folder.remove('requests', `${id}.json`);
      await folder.remove('decisions', `${id}.json`);
      approvals.markCleared(id);
    }
  }

  let running: Promise<SyncReport> | null = null;

  async function syncOnce(): Promise<SyncReport> {
    const root = deps.folder();
    const report: SyncReport = {
      folder: root,
      reachable: false,
      unreachableCode: null,
      received: 0,
      decided: 0,
      refused: [],
    };
    if (!root) return report;
    const folder = new SharedFolder(root);
    try {
      // Requests past their expiry end first: their files leave the folder this round, and asking again works.
      approvals.expire();
      await folder.prepare();
      report.reachable = true;
      await exportKeys(folder);
      await importRosters(folder, report);
      await publishRequests(folder);
      await publishDecisions(folder);
      await importRequests(folder, report);
      await readDecisions(folder, report);
      await clearFinished(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Only the file system's own errors (ENOENT, EACCES, ETIMEDOUT, …) mean the folder is away; anything else is a
      // fault here and is not dressed up as one.
      if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) throw err;
      // Offline, a share that went away, no rights: what is not done now is done at the next round.
      report.unreachableCode = code;
      deps.logger.warn('shared folder not usable', { code });
    }
    return report;
  }

  /** One round; a round under way is joined, never run twice at once. */
  function sync(): Promise<SyncReport> {
    running ??= syncOnce().finally(() => {
      running = null;
    });
    return running;
  }

  // --- Requests from other installations, for the supervisors here -------------------------------------------------

  const setRemoteState = db.prepare(
    // Only a pending request moves on (two decisions at once, or a round that withdrew it meanwhile: the first wins);
    // a request that leaves pending gives its document up: nobody reviews it any more.
    `UPDATE remote_requests SET state = @state, decision = coalesce(@decision, decision), updated_at = @now,
       document = x'' WHERE id = @id AND state = 'pending'`,
  );

  const remoteView = (row: RemoteRow): ApprovalView => viewOfRow(row, row.received_at);

  function expireRemote(): void {
    const now = nowIso();
    const due = db
      .prepare("SELECT * FROM remote_requests WHERE state = 'pending' AND expires_at <= ?")
      .all(now) as RemoteRow[];
    if (due.length === 0) return;
    const entries = writeTransaction(db, () =>
      due.map((row) => {
        setRemoteState.run({ id: row.id, state: 'expired', decision: null, now });
        return audit.append('approval.expired', remoteView(row).request.subject.caseNumber, {
          requestId: row.id,
          via: 'shared_folder',
        });
      }),
    )();
    audit.announce(entries);
  }

  function requireRemote(requestId: string): RemoteRow {
    const row = remoteById.get(requestId) as RemoteRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'no such approval request');
    return row;
  }

  return {
    pinned,
    pinAtSetUp,
    pinExistingAdmin,
    directory,
    sync,

    /**
     * Whether this supervisor may see other installations' requests: a supervisor on the newest roster (the rosters
     * decide who is a supervisor across desks; a local supervisor not on it could not decide them anyway).
     */
    mayReview(supervisor: SignedIn): boolean {
      return directory().now(supervisor.user.id)?.role === 'supervisor';
    },

    /** Pending requests from other installations a supervisor here may decide (their requesters still listed). */
    inbox(supervisor: SignedIn): ApprovalView[] {
      expireRemote();
      if (!this.mayReview(supervisor)) return [];
      const keys = directory();
      return (
        db
          .prepare("SELECT * FROM remote_requests WHERE state = 'pending' ORDER BY received_at")
          .all() as RemoteRow[]
      )
        .filter((r) => r.requester_id !== supervisor.user.id)
        .filter((r) => verifyRequest(JSON.parse(r.request) as Signed<ApprovalRequest>, keys) === null)
        .map(remoteView);
    },

    isRemote(requestId: string): boolean {
      return remoteById.get(requestId) !== undefined;
    },

    get(requestId: string): ApprovalView {
      expireRemote();
      return remoteView(requireRemote(requestId));
    },

    /** What the requester's checks found (signed by them), for the review here. */
    review(requestId: string): z.output<typeof approvalReviewSchema> {
      return approvalReviewSchema.parse(JSON.parse(requireRemote(requestId).review));
    },

    /** The parties' names as the requester's case data had them. */
    partyNames(requestId: string): Map<string, string> {
      const row = remoteById.get(requestId) as RemoteRow | undefined;
      const review = row ? approvalReviewSchema.safeParse(JSON.parse(row.review)) : null;
      return new Map(review?.success ? review.data.parties.map((p) => [p.partyId, p.name]) : []);
    },

    /** The document of another installation's request, for the review's page images (a supervisor's only). */
    document(draftId: string): Buffer | null {
      const row = db
        .prepare(
          "SELECT document FROM remote_requests WHERE draft_id = ? AND state = 'pending' ORDER BY received_at DESC LIMIT 1",
        )
        .get(draftId) as { document: Buffer } | undefined;
      return row?.document ?? null;
    },

    /**
     * A supervisor here decides another installation's request: the decision is signed and verified as the
     * requester's installation will verify it, recorded, and written to the folder (now, or at the next round when
     * the folder cannot be reached). The requester's installation acts on it.
     */
    async decide(
      requestId: string,
      approver: SignedIn,
      outcome: 'approved' | 'rejected',
      comment: string,
    ): Promise<{ view: ApprovalView; published: boolean }> {
      expireRemote();
      const row = requireRemote(requestId);
      if (row.state !== 'pending') throw new AppError('APPROVAL_INVALID', `request is ${row.state}`);
      // Another supervisor (on another computer) may have decided it already: the first decision is the one.
      const root = deps.folder();
      if (root) {
        const folder = new SharedFolder(root);
        let decidedElsewhere = false;
        let gone = false;
        try {
          // Only a decision that verifies counts as made elsewhere: a file anybody could put there does not.
          const there = await folder.read('decisions', `${requestId}.json`, MAX_SMALL_FILE_BYTES);
          if (there.ok) {
            try {
              const parsed = signedSchema.safeParse(JSON.parse(there.text));
              decidedElsewhere =
                parsed.success &&
                verifyDecision(
                  parsed.data as Signed<ApprovalDecision>,
                  (JSON.parse(row.request) as Signed<ApprovalRequest>).payload,
                  directory(),
                  clock.now(),
                ) === null;
            } catch {
              decidedElsewhere = false;
            }
          }
          gone = !(await folder.exists('requests', `${requestId}.json`));
        } catch (err) {
          // The folder cannot be reached: the decision is made here and goes into the folder at a later round.
          const code = (err as NodeJS.ErrnoException).code;
          if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) throw err;
        }
        if (decidedElsewhere || gone) {
          withdraw(row, decidedElsewhere ? 'decided_elsewhere' : 'request_file_gone');
          throw new AppError('APPROVAL_INVALID', 'decided elsewhere or withdrawn');
        }
      }
      const request = JSON.parse(row.request) as Signed<ApprovalRequest>;
      const now = clock.now();
      const signed = signDecision(
        request.payload,
        row.request_hash,
        approver,
        outcome,
        comment,
        directory(),
        now,
      );
      const entry = writeTransaction(db, () => {
        const moved = setRemoteState.run({
          id: requestId,
          state: outcome,
          decision: JSON.stringify(signed),
          now: nowIso(),
        });
        if (moved.changes === 0) throw new AppError('APPROVAL_INVALID', 'no longer pending');
        return audit.append(
          outcome === 'approved' ? 'approval.approved' : 'approval.rejected',
          request.payload.subject.caseNumber,
          {
            requestId,
            draftId: row.draft_id,
            comment,
            approver: approver.user.username,
            via: 'shared_folder',
          },
        );
      })();
      audit.announce([entry]);
      const report = await sync();
      const published =
        report.reachable && (remoteById.get(requestId) as RemoteRow | undefined)?.published_at !== null;
      return { view: remoteView(requireRemote(requestId)), published };
    },

    /** For the admin: the pinned key, the newest roster, and who could be put on the next one. */
    async rosterStatus(admin: SignedIn) {
      const report = await sync();
      const candidates = new Map<string, RosterCandidate>();
      for (const c of localCandidates()) candidates.set(c.userId, c);
      const problems = [...report.refused];
      const fromFiles = new Map<string, { file: string; user: RosterUser; installationId: string }[]>();
      if (report.reachable && report.folder) {
        const folder = new SharedFolder(report.folder);
        const own = installationId();
        for (const name of await folder.list('keys')) {
          if (name === `${own}.json`) continue;
          const read = await folder.read('keys', name, MAX_SMALL_FILE_BYTES);
          let parsed: ReturnType<typeof keyFileSchema.safeParse> | null = null;
          if (read.ok) {
            try {
              parsed = keyFileSchema.safeParse(JSON.parse(read.text));
            } catch {
              parsed = null;
            }
          }
          if (!parsed?.success) {
            problems.push({ file: `keys/${name}`, problem: 'not_a_key_file' });
            continue;
          }
          for (const u of parsed.data.users) {
            const claims = fromFiles.get(u.userId) ?? [];
            claims.push({ file: `keys/${name}`, user: u, installationId: parsed.data.installationId });
            fromFiles.set(u.userId, claims);
          }
        }
      }
      const rosters = acceptedRosters();
      const newest = rosters[rosters.length - 1] ?? null;
      // Nothing in a key file is trusted: a user claimed differently by two files, or with other keys than this
      // installation's own user of that id, is offered by neither (one of the files is not what it says). A user
      // already on the roster keeps the roster's role, names and keys; a file may only retire a key (which narrows).
      // A new key for a rostered user (a reset elsewhere) needs the admin to take them off and on again.
      const record = (u: RosterUser) =>
        canonicalJson({
          userId: u.userId,
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          keys: [...u.keys].sort((x, y) => (x.keyId < y.keyId ? -1 : 1)),
        });
      const keySet = (u: RosterUser) =>
        u.keys
          .map((k) => k.keyId)
          .sort()
          .join(',');
      for (const [userId, claims] of fromFiles) {
        const own = candidates.get(userId);
        const differ = new Set(claims.map((c) => record(c.user))).size > 1;
        if (differ || (own && claims.some((c) => keySet(c.user) !== keySet(own)))) {
          for (const c of claims) problems.push({ file: c.file, problem: 'duplicate_user' });
          continue;
        }
        if (own) continue;
        const claimed = claims[0]!;
        const listed = newest?.users.find((u) => u.userId === userId);
        const user = listed ? narrowed(listed, claimed.user) : claimed.user;
        candidates.set(userId, { ...user, source: 'key_file', installationId: claimed.installationId });
      }
      const current = newest;
      // Users on the newest roster whose key file is gone stay candidates: the admin removes them on purpose.
      for (const u of current?.users ?? []) {
        if (!candidates.has(u.userId))
          candidates.set(u.userId, { ...u, source: 'key_file', installationId: null });
      }
      return {
        folder: report.folder,
        reachable: report.reachable,
        unreachableCode: report.unreachableCode,
        pinnedAdminKeyId: pinned(),
        pinSource: deps.machinePin() !== null ? ('machine_file' as const) : ('set_up' as const),
        ownKeyId: admin.keyId,
        current,
        candidates: [...candidates.values()],
        problems,
      };
    },

    /**
     * The admin signs a new roster of exactly these users (a rising serial), writes it to the folder and takes it in
     * here. Only with the pinned admin key: any other key's roster would be refused everywhere.
     */
    async issueRoster(admin: SignedIn, userIds: string[]) {
      const status = await this.rosterStatus(admin);
      if (!status.folder || !status.reachable) throw new AppError('SHARED_FOLDER_UNAVAILABLE');
      const pin = pinned();
      if (pin !== admin.keyId) throw new AppError('FORBIDDEN', 'not the pinned admin key');
      const byId = new Map(status.candidates.map((c) => [c.userId, c]));
      const selected: RosterUser[] = [];
      const keyOwners = new Map<string, string>();
      for (const id of new Set(userIds)) {
        const c = byId.get(id);
        if (!c) throw new AppError('VALIDATION_FAILED', `unknown user ${id}`);
        for (const k of c.keys) {
          if (keyOwners.has(k.keyId) && keyOwners.get(k.keyId) !== id)
            throw new AppError('VALIDATION_FAILED', 'one key on two users');
          keyOwners.set(k.keyId, id);
        }
        selected.push({
          userId: c.userId,
          username: c.username,
          displayName: c.displayName,
          role: c.role,
          keys: c.keys,
        });
      }
      const adminKey = users.publicKeys(admin.user.id).find((k) => k.keyId === admin.keyId);
      if (!adminKey) throw new AppError('FORBIDDEN', 'admin key not found');
      const top = db.prepare('SELECT max(serial) AS n FROM rosters').get() as { n: number | null };
      const roster: Roster = {
        v: 1,
        kind: 'roster',
        serial: (top.n ?? 0) + 1,
        issuedAt: nowIso(),
        adminPublicKey: adminKey.publicKey,
        users: selected,
      };
      const signed = signPayload(roster, admin.signingKey, admin.keyId);
      if (verifyRoster(signed, pin) !== null) throw new AppError('INTERNAL', 'roster does not verify');
      const folder = new SharedFolder(status.folder);
      const name = rosterFileName(roster.serial);
      // A file already at this name did not verify (a verified one would have raised the serial): it is replaced.
      await folder.write('roster', name, `${JSON.stringify(signed, null, 2)}\n`);
      const entry = writeTransaction(db, () => acceptRoster(signed, 'issued'))();
      if (typeof entry === 'object') audit.announce([entry]);
      return roster;
    },

    /** A user's name as the newest roster has it (a requester from another installation), or null. */
    displayNameOf(userId: string): string | null {
      const rosters = acceptedRosters();
      return rosters[rosters.length - 1]?.users.find((u) => u.userId === userId)?.displayName ?? null;
    },
  };
}

export type Exchange = ReturnType<typeof createExchange>;

/** The `signature` of a signed file's text, or null when it is not one. */
function signatureOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { signature?: unknown } | null)?.signature ?? null;
  } catch {
    return null;
  }
}

/** A rostered user as a key file may change them: only a key the roster has as current may be retired. */
function narrowed(listed: RosterUser, claimed: RosterUser): RosterUser {
  return {
    ...listed,
    keys: listed.keys.map((k) => {
      const retired = claimed.keys.find((c) => c.keyId === k.keyId)?.validTo;
      return k.validTo === null && retired ? { ...k, validTo: retired } : k;
    }),
  };
}

/** The contract's view of a request (also used to check a request file's shape before it is taken in). */
export function flatten(
  v: ApprovalView,
  nameOf: (userId: string) => string | null = () => null,
  remote = false,
  partyNames: ReadonlyMap<string, string> = new Map(),
) {
  const { subject } = v.request;
  return {
    id: v.id,
    draftId: v.draftId,
    state: v.state,
    remote,
    caseNumber: subject.caseNumber,
    documentSha256: subject.documentSha256,
    documentType: subject.documentType,
    recipients: subject.recipients.map((r) => ({ ...r, name: partyNames.get(r.partyId) ?? null })),
    findings: subject.findings,
    acknowledged: subject.acknowledged,
    requester: {
      ...v.request.requester,
      displayName: nameOf(v.request.requester.userId) ?? v.request.requester.username,
    },
    requestedAt: v.request.requestedAt,
    expiresAt: v.request.expiresAt,
    decision: v.decision
      ? {
          outcome: v.decision.outcome,
          comment: v.decision.comment,
          approver: v.decision.approver,
          decidedAt: v.decision.decidedAt,
        }
      : null,
  };
}
