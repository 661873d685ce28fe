import { randomUUID } from 'node:crypto';
import {
  createOutboxEntry,
  dueForLookup,
  dueNow,
  nextDueAt,
  recoverAfterCrash,
  transition,
  type OutboxEffect,
  type OutboxRefusal,
} from '../../core/outbox';
import {
  outboxEntrySchema,
  type OutboxEntry,
  type OutboxEvent,
  type OutboxReceipt,
  type OutboxState,
} from '../../shared/domain/outbox';
import { AppError } from '../../shared/result';
import type {
  Connector,
  LookupOutcome,
  OutgoingMessage,
  PostalAddress,
  Receipt,
  SendOutcome,
} from '../connectors/connector';
import type { Db } from '../db/sqlite';
import type { Clock } from '../ports';
import type { AuditEntry, AuditService } from './audit.service';

/**
 * The outbox's backend half (architecture.md, "Sending"; docs/outbox.md): it stores the entries of the pure state
 * machine in src/core/outbox and carries out its effects. Every change is one synchronous transaction that moves
 * the row and appends its history entry, committed before the next request to the connector, so a crash at any
 * point leaves a row the machine can recover from: a row found in `sending` at start-up becomes `unknown` and is
 * looked up by UUID, never sent blind.
 */

export type OutboxChannel = OutgoingMessage['channel'];

/** An outbox row as the rest of the backend sees it. The MeMo XML stays in the store (see `memoXml`). */
export interface OutboxItem {
  id: string;
  draftId: string;
  recipientPartyId: string;
  channel: OutboxChannel;
  entry: OutboxEntry;
  createdAt: string;
  updatedAt: string;
}

export interface AcceptInput {
  draftId: string;
  recipientPartyId: string;
  channel: OutboxChannel;
  /** Where a physical send goes (from the case, at accept); null for digital and auto sends. */
  postalAddress: PostalAddress | null;
  /** The validated MeMo XML; it carries `messageUUID`. */
  memoXml: string;
  /** The v4 UUID the XML was built with. Ignored when the (draft, recipient) pair already has a row. */
  messageUUID: string;
  approvalRequired: boolean;
  delayMs: number;
}

/** One row from `acceptInTransaction`, to be published after the commit. */
export interface AcceptedRow {
  id: string;
  audit: AuditEntry[];
  created: boolean;
}

export type OutboxChange = { ok: true; item: OutboxItem } | { ok: false; refusal: OutboxRefusal };

/** What one `tick` did, for logs and tests: ids only. */
export interface TickReport {
  sent: string[];
  failed: string[];
  unknown: string[];
  lookedUp: string[];
  skipped: string[];
}

interface OutboxRow {
  id: string;
  draft_id: string;
  message_uuid: string;
  recipient_party_id: string;
  channel: OutboxChannel;
  state: OutboxState;
  entry: string;
  memo_xml: string;
  postal_address: string | null;
  created_at: string;
  updated_at: string;
}

interface DraftFacts {
  case_number: string | null;
  document_sha256: string;
  document_type: string | null;
}

const CHANNELS: readonly OutboxChannel[] = ['digital', 'physical', 'auto'];

/**
 * A row's entry. One stored before `requestStarted` existed and still in `sending` may have been sent (the worker then
 * committed only the claim before the request): it reads as started, so recovery looks it up rather than resending.
 */
function storedEntry(json: string): OutboxEntry {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (raw.state === 'sending' && !('requestStarted' in raw)) raw.requestStarted = true;
  return outboxEntrySchema.parse(raw);
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    draftId: row.draft_id,
    recipientPartyId: row.recipient_party_id,
    channel: row.channel,
    entry: storedEntry(row.entry),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toReceipt(r: Receipt): OutboxReceipt {
  return { reference: r.reference, receivedAt: r.receivedAt, text: r.text.slice(0, 500) };
}

const short = (message: string): string => message.slice(0, 500);

/** The machine's event for a connector's answer to a send. */
function sendEvent(outcome: SendOutcome): OutboxEvent {
  switch (outcome.kind) {
    case 'accepted':
      return { type: 'delivered', receipt: toReceipt(outcome.receipt) };
    case 'interrupted':
      return { type: 'interrupted', cause: 'connection_lost' };
    default:
      return { type: 'failed', error: { kind: outcome.kind, message: short(outcome.message) } };
  }
}

/** The machine's event for a look-up's answer; null when the connector could not be asked (ask again later). */
function lookupEvent(outcome: LookupOutcome): OutboxEvent | null {
  switch (outcome.kind) {
    case 'unreachable':
      return null;
    case 'delivered':
      return { type: 'lookup_delivered', receipt: toReceipt(outcome.receipt) };
    case 'not_received':
      return { type: 'lookup_not_received' };
    case 'unavailable':
      return { type: 'lookup_unavailable', message: short(outcome.message) };
  }
}

export function createOutboxService(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  connector: Connector;
  /** Told about every committed change (for the window's push events). */
  onChange?: (item: OutboxItem) => void;
  /**
   * Asked just before a queued message is claimed: false holds it back (an approved send whose approval no longer
   * fits is voided by the approvals service, which moved the row back to wait for approval).
   */
  beforeClaim?: (draftId: string) => boolean;
}) {
  const { db, audit, clock, connector } = deps;

  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const byPair = db.prepare('SELECT * FROM outbox WHERE draft_id = ? AND recipient_party_id = ?');
  const byState = db.prepare('SELECT * FROM outbox WHERE state = ?');
  // Lists never read the MeMo XML (the PDF in base64): a tick and the window's list would otherwise read every
  // waiting message whole. `load` and `memoXml` read it for the one row that is sent or asked for.
  const WITHOUT_XML =
    "id, draft_id, message_uuid, recipient_party_id, channel, state, entry, '' AS memo_xml, postal_address, created_at, updated_at";
  const active = db.prepare(
    `SELECT ${WITHOUT_XML} FROM outbox WHERE state NOT IN ('sent', 'failed_permanent', 'cancelled') ORDER BY created_at, id`,
  );
  const all = db.prepare(`SELECT ${WITHOUT_XML} FROM outbox ORDER BY created_at DESC, id`);
  const draftFacts = db.prepare(
    'SELECT case_number, document_sha256, document_type FROM drafts WHERE id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO outbox (id, draft_id, message_uuid, recipient_party_id, channel, state, entry, memo_xml, postal_address, created_at, updated_at)
     VALUES (@id, @draft_id, @message_uuid, @recipient_party_id, @channel, @state, @entry, @memo_xml, @postal_address, @now, @now)`,
  );
  // Moves a row only from the state it was read in: a row someone else moved in between is never overwritten.
  const update = db.prepare(
    'UPDATE outbox SET state = @state, entry = @entry, updated_at = @now WHERE id = @id AND state = @from',
  );

  /** Appends the history entry for each `audit` effect. Ids, states and the machine's details only: no XML. */
  function record(row: OutboxRow, effects: readonly OutboxEffect[]): AuditEntry[] {
    const draft = draftFacts.get(row.draft_id) as DraftFacts | undefined;
    const out: AuditEntry[] = [];
    for (const effect of effects) {
      if (effect.kind !== 'audit') continue;
      out.push(
        audit.append(`outbox.${effect.event}`, draft?.case_number ?? null, {
          ...effect.details,
          outboxId: row.id,
          messageUUID: row.message_uuid,
          from: effect.from,
          to: effect.to,
          draftId: row.draft_id,
          recipientPartyId: row.recipient_party_id,
          channel: row.channel,
          documentSha256: draft?.document_sha256 ?? null,
          documentType: draft?.document_type ?? null,
        }),
      );
    }
    return out;
  }

  /** Writes a moved entry and its history. Call inside a transaction; throws (rolling back) if the row moved. */
  function save(row: OutboxRow, entry: OutboxEntry, effects: readonly OutboxEffect[]): AuditEntry[] {
    const now = clock.now().toISOString();
    const changed = update.run({
      id: row.id,
      from: row.state,
      state: entry.state,
      entry: JSON.stringify(entry),
      now,
    });
    if (changed.changes !== 1) throw new Error(`outbox row ${row.id} moved under us`);
    return record(row, effects);
  }

  function load(id: string): OutboxRow {
    const row = byId.get(id) as OutboxRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'no such outbox entry');
    return row;
  }

  function published(entries: readonly AuditEntry[], id: string): OutboxItem {
    audit.announce(entries);
    const item = toItem(load(id));
    if (entries.length > 0) deps.onChange?.(item);
    return item;
  }

  /** Applies one event to the row as it is now, in one immediate transaction. A refusal changes nothing. */
  const applyTx = db.transaction(
    (id: string, event: OutboxEvent): { refusal: OutboxRefusal | null; audit: AuditEntry[] } => {
      const row = load(id);
      const result = transition(toItem(row).entry, event, clock.now());
      if (!result.ok) return { refusal: result.refusal, audit: [] };
      return { refusal: null, audit: save(row, result.entry, result.effects) };
    },
  );

  function apply(id: string, event: OutboxEvent): OutboxChange {
    const { refusal, audit: entries } = applyTx.immediate(id, event);
    const item = published(entries, id);
    return refusal ? { ok: false, refusal } : { ok: true, item };
  }

  /** Creates (or finds) the row of one (draft, recipient). Call inside a transaction. */
  function acceptRow(input: AcceptInput): { id: string; audit: AuditEntry[] } {
    if (!CHANNELS.includes(input.channel)) throw new AppError('VALIDATION_FAILED', 'unknown channel');
    const existing = byPair.get(input.draftId, input.recipientPartyId) as OutboxRow | undefined;
    if (existing) return { id: existing.id, audit: [] };
    if (!draftFacts.get(input.draftId)) throw new AppError('NOT_FOUND', 'no such draft');
    if (input.channel === 'physical' && !input.postalAddress)
      throw new AppError('VALIDATION_FAILED', 'a physical send needs a postal address');
    const id = randomUUID();
    const draft = createOutboxEntry(id, input.messageUUID);
    const result = transition(
      draft,
      { type: 'submit', approvalRequired: input.approvalRequired, delayMs: input.delayMs },
      clock.now(),
    );
    if (!result.ok) throw new AppError('VALIDATION_FAILED', result.refusal.reason);
    const row: OutboxRow = {
      id,
      draft_id: input.draftId,
      message_uuid: draft.messageUUID,
      recipient_party_id: input.recipientPartyId,
      channel: input.channel,
      state: result.entry.state,
      entry: JSON.stringify(result.entry),
      memo_xml: input.memoXml,
      postal_address: input.postalAddress ? JSON.stringify(input.postalAddress) : null,
      created_at: '',
      updated_at: '',
    };
    insert.run({ ...row, now: clock.now().toISOString() });
    return { id, audit: record(row, result.effects) };
  }
  const acceptTx = db.transaction(acceptRow);

  let running: Promise<unknown> = Promise.resolve();
  /** Runs `work` after every earlier tick has finished: one tick at a time in this process. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  }

  const stateOf = db.prepare('SELECT draft_id, state FROM outbox WHERE id = ?');

  async function sendOne(id: string, report: TickReport): Promise<void> {
    // 0. An approved send is checked once more against its approval (docs/approval.md).
    const before = stateOf.get(id) as { draft_id: string; state: string } | undefined;
    if (before?.state === 'queued' && deps.beforeClaim && !deps.beforeClaim(before.draft_id)) {
      report.skipped.push(id);
      return;
    }
    // 1. Commit the claim (→ sending) before the request, so a crash mid-request is found in `sending`.
    const claimed = apply(id, { type: 'claim' });
    if (!claimed.ok) {
      report.skipped.push(id);
      return;
    }
    // 2. Commit that the request starts now: a crash before this line is known never to have reached the connector.
    const started = apply(id, { type: 'request_started' });
    if (!started.ok) {
      report.skipped.push(id);
      return;
    }
    const row = load(id);
    // 3. The request, with the UUID fixed at accept.
    let outcome: SendOutcome;
    try {
      outcome = await connector.send({
        messageUUID: row.message_uuid,
        memoXml: row.memo_xml,
        channel: row.channel,
        ...(row.postal_address ? { postalAddress: JSON.parse(row.postal_address) as PostalAddress } : {}),
      });
    } catch (error) {
      // A connector that throws may have sent: treat it as cut off mid-request and look it up.
      outcome = { kind: 'interrupted', message: error instanceof Error ? error.name : 'error' };
    }
    // 4. Commit the outcome before anything else is sent.
    const done = apply(id, sendEvent(outcome));
    if (!done.ok) report.skipped.push(id);
    else if (done.item.entry.state === 'sent') report.sent.push(id);
    else if (done.item.entry.state === 'unknown') report.unknown.push(id);
    else report.failed.push(id);
  }

  async function lookupOne(entry: OutboxEntry, report: TickReport): Promise<void> {
    let outcome: LookupOutcome;
    try {
      outcome = await connector.lookup(entry.messageUUID);
    } catch {
      // Not reachable: not the same as "cannot look up". Ask again on a later tick.
      return;
    }
    const event = lookupEvent(outcome);
    if (event === null) return;
    const done = apply(entry.id, event);
    if (done.ok) report.lookedUp.push(entry.id);
  }

  function activeEntries(): OutboxEntry[] {
    return (active.all() as OutboxRow[]).map((r) => toItem(r).entry);
  }

  return {
    /**
     * Accepts a send: creates the row with its UUID and submits it, in one transaction with its history entry. A
     * second accept of the same (draft, recipient) returns the existing row unchanged, never a second UUID.
     */
    accept(input: AcceptInput): { item: OutboxItem; created: boolean } {
      let result: { id: string; audit: AuditEntry[] };
      try {
        result = acceptTx.immediate(input);
      } catch (error) {
        // Another process won the race for this pair between our read and our insert: theirs is the row.
        const existing = byPair.get(input.draftId, input.recipientPartyId) as OutboxRow | undefined;
        if (existing && !(error instanceof AppError)) return { item: toItem(existing), created: false };
        throw error;
      }
      const item = published(result.audit, result.id);
      return { item, created: result.audit.length > 0 };
    },

    /**
     * `accept` for a caller that accepts several rows in its own (immediate) transaction: nothing is announced until
     * it hands the results to `publishAccepted` after the commit.
     */
    acceptInTransaction(input: AcceptInput): AcceptedRow {
      const result = acceptRow(input);
      return { ...result, created: result.audit.length > 0 };
    },

    /** After the commit of `acceptInTransaction` calls: announces their history entries and returns the rows. */
    publishAccepted(accepted: readonly AcceptedRow[]): OutboxItem[] {
      return accepted.map((a) => published(a.audit, a.id));
    },

    /** A person cancels: allowed until the row enters `sending` (and from failed_retryable). */
    cancel(id: string, by: string, reason: string): OutboxChange {
      return apply(id, { type: 'cancel', by, reason });
    },

    /** A person gives a send whose automatic attempts are used up a new round of them. */
    retry(id: string, by: string, reason: string): OutboxChange {
      return apply(id, { type: 'retry', by, reason });
    },

    /**
     * A person settles a send whose status is unknown and cannot be looked up: they have checked with Digital Post
     * (or the recipient) that it arrived, or that it did not and it should go again with the same UUID.
     */
    resolve(id: string, resolution: 'delivered' | 'resend', by: string, reason: string): OutboxChange {
      return apply(id, {
        type: resolution === 'delivered' ? 'resolve_delivered' : 'resolve_resend',
        by,
        reason,
      });
    },

    get(id: string): OutboxItem {
      return toItem(load(id));
    },

    /** The rows of one draft (one a recipient). */
    byDraft(draftId: string): OutboxItem[] {
      return (
        db
          .prepare(`SELECT ${WITHOUT_XML} FROM outbox WHERE draft_id = ? ORDER BY created_at, id`)
          .all(draftId) as OutboxRow[]
      ).map(toItem);
    },

    /**
     * The approval flow's events (docs/approval.md): approve, reject, void an approval, release into the queue.
     * Call inside the caller's transaction; a refusal throws (the caller's transaction is undone). Announce the rows
     * with `publishAccepted` once that transaction has committed, so no window hears of a change that was undone.
     */
    applyApprovalInTransaction(
      id: string,
      event: Extract<OutboxEvent, { type: 'approve' | 'reject' | 'void_approval' | 'enqueue' }>,
    ): AcceptedRow {
      const { refusal, audit: entries } = applyTx(id, event);
      if (refusal) throw new AppError('APPROVAL_INVALID', `outbox ${event.type}: ${refusal.reason}`);
      return { id, audit: entries, created: false };
    },

    list(): OutboxItem[] {
      return (all.all() as OutboxRow[]).map(toItem);
    },

    /** When the next queued send or retry falls due (ISO), or null: for the host's timer. */
    nextDueAt(): string | null {
      return nextDueAt(activeEntries());
    },

    /**
     * Recovery, run by the worker whenever it takes the lease (and after a failed cycle): every row found in `sending`
     * was cut off. Without `requestStarted` it goes back to the queue; with it, it becomes `unknown` and is looked up.
     * One transaction. Returns the ids moved.
     */
    start(): string[] {
      const moved = db
        .transaction(() => {
          const ids: string[] = [];
          const entries: AuditEntry[] = [];
          for (const row of byState.all('sending') as OutboxRow[]) {
            const recovered = recoverAfterCrash(toItem(row).entry, clock.now());
            entries.push(...save(row, recovered.entry, recovered.effects));
            ids.push(row.id);
          }
          return { ids, entries };
        })
        .immediate();
      audit.announce(moved.entries);
      for (const id of moved.ids) deps.onChange?.(toItem(load(id)));
      return moved.ids;
    },

    /**
     * One pass of the worker: look up `unknown` rows by UUID, then send what is due, one row at a time. Ticks run
     * one after another, never side by side.
     */
    tick(): Promise<TickReport> {
      return serial(async () => {
        const report: TickReport = { sent: [], failed: [], unknown: [], lookedUp: [], skipped: [] };
        for (const entry of dueForLookup(activeEntries())) await lookupOne(entry, report);
        for (const entry of dueNow(activeEntries(), clock.now())) await sendOne(entry.id, report);
        return report;
      });
    },

    /** The stored MeMo XML of a row (for a receipt view or a hand-off); never logged or put in history. */
    memoXml(id: string): string {
      return load(id).memo_xml;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
