import { canonicalJson, type JsonValue } from '../../shared/canonical-json';
import type { Clock, CurrentUser } from '../ports';
import type { Emit } from '../events';
import { writeTransaction, type Db } from '../db/sqlite';
import { GENESIS_HASH, rowHash, verifyChain, type AuditRow, type VerifyResult } from '../db/audit-chain';
import {
  createAuditSearch,
  filtersUsed,
  partiesNamed,
  PERSON_FILTERS,
  type AuditQuery,
  type PartyName,
} from './audit-search';

export type { AuditQuery, PartyName } from './audit-search';

export type AuditDetails = Record<string, JsonValue>;

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  caseNumber: string | null;
  details: AuditDetails;
  hash: string;
}

export interface AuditService {
  /** Appends one entry. Call inside the caller's transaction when the entry records that transaction's change. */
  append(kind: string, caseNumber: string | null, details: AuditDetails): AuditEntry;
  /** Tells listeners about entries appended inside a transaction, once that transaction has committed. */
  announce(entries: readonly AuditEntry[]): void;
  /**
   * Searches the history, newest first. A search that looks a person up (by CPR number or name) is itself recorded
   * as `history.searched`, after the search, so its own entry is not among the results.
   */
  list(query: AuditQuery): AuditEntry[];
  /** The current names of the parties these entries name (recipients, findings' parties), for the window. */
  partyNames(entries: readonly AuditEntry[]): PartyName[];
  /** `list` and the names of the parties its entries name: what the window's history shows (audit:list). */
  search(query: AuditQuery): { entries: AuditEntry[]; parties: PartyName[] };
  verify(): VerifyResult;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    caseNumber: row.case_number,
    details: JSON.parse(row.details) as AuditDetails,
    hash: row.hash,
  };
}

/** A name fragment can match many parties; the record of the search names this many of them, and counts all. */
const MAX_MATCHED_RECORDED = 50;

/** The policy pack in force: its version and hash go into every history entry (the recipients issue). */
export interface PolicyStamp {
  version: string;
  sha256: string;
}

export function createAuditService(
  db: Db,
  clock: Clock,
  user: CurrentUser,
  emit: Emit,
  policy?: PolicyStamp,
): AuditService {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, kind, case_number, details, prev_hash, hash)
     VALUES (@seq, @at, @actor, @kind, @case_number, @details, @prev_hash, @hash)`,
  );
  const appendTx = writeTransaction(db, (kind: string, caseNumber: string | null, details: AuditDetails) => {
    const tail = last.get() as { seq: number; hash: string } | undefined;
    const row = {
      seq: (tail?.seq ?? 0) + 1,
      at: clock.now().toISOString(),
      actor: user.name(),
      kind,
      case_number: caseNumber,
      details: canonicalJson(
        policy ? { ...details, policy: { version: policy.version, sha256: policy.sha256 } } : details,
      ),
      prev_hash: tail?.hash ?? GENESIS_HASH,
    };
    const full: AuditRow = { ...row, hash: rowHash(row) };
    insert.run(full);
    return full;
  });

  const search = createAuditSearch(db);

  /**
   * Who looked whom up, and when: which filters were used and whose parties they found, never the CPR number or the
   * name typed. The other filters' values are not personal and are kept as they were given.
   */
  function recordSearch(query: AuditQuery, used: readonly string[], results: number): void {
    const matched = search.matchedParties(query);
    appendEntry('history.searched', query.caseNumber ?? null, {
      filters: [...used],
      ...(query.documentType !== undefined ? { documentType: query.documentType } : {}),
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.kinds && query.kinds.length > 0 ? { kinds: [...query.kinds] } : {}),
      more: query.beforeSeq !== undefined,
      results,
      matchedPartyCount: matched.length,
      matchedParties: matched.slice(0, MAX_MATCHED_RECORDED).map((m) => ({ ...m })),
    });
  }

  function appendEntry(kind: string, caseNumber: string | null, details: AuditDetails): AuditEntry {
    const row = appendTx(kind, caseNumber, details);
    // Listeners hear about it only once it is committed (or, nested, once the caller's transaction is).
    if (!db.inTransaction) emit('audit:appended', { seq: row.seq, kind: row.kind });
    return toEntry(row);
  }

  function list(query: AuditQuery): AuditEntry[] {
    const entries = search.rows(query).map(toEntry);
    const used = filtersUsed(query);
    if (used.some((f) => (PERSON_FILTERS as readonly string[]).includes(f))) {
      recordSearch(query, used, entries.length);
    }
    return entries;
  }

  function partyNames(entries: readonly AuditEntry[]): PartyName[] {
    const refs = entries.flatMap((e) =>
      e.caseNumber === null
        ? []
        : partiesNamed(e.details).map((partyId) => ({ caseNumber: e.caseNumber!, partyId })),
    );
    const unique = [...new Map(refs.map((r) => [JSON.stringify([r.caseNumber, r.partyId]), r])).values()];
    return search.names(unique);
  }

  return {
    append: appendEntry,
    announce(entries) {
      for (const e of entries) emit('audit:appended', { seq: e.seq, kind: e.kind });
    },
    list,
    partyNames,
    search(query) {
      const entries = list(query);
      return { entries, parties: partyNames(entries) };
    },
    verify: () => verifyChain(db),
  };
}
