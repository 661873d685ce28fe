import { canonicalJson, type JsonValue } from '../../shared/canonical-json';
import type { Clock, CurrentUser } from '../ports';
import type { Emit } from '../events';
import { writeTransaction, type Db } from '../db/sqlite';
import { GENESIS_HASH, rowHash, verifyChain, type AuditRow, type VerifyResult } from '../db/audit-chain';

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
  list(query: { limit?: number; beforeSeq?: number; caseNumber?: string }): AuditEntry[];
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

  return {
    append(kind, caseNumber, details) {
      const row = appendTx(kind, caseNumber, details);
      // Listeners hear about it only once it is committed (or, nested, once the caller's transaction is).
      if (!db.inTransaction) emit('audit:appended', { seq: row.seq, kind: row.kind });
      return toEntry(row);
    },
    announce(entries) {
      for (const e of entries) emit('audit:appended', { seq: e.seq, kind: e.kind });
    },
    list({ limit = 100, beforeSeq, caseNumber }) {
      const rows = db
        .prepare(
          `SELECT * FROM audit_log
           WHERE (@before IS NULL OR seq < @before) AND (@case IS NULL OR case_number = @case)
           ORDER BY seq DESC LIMIT @limit`,
        )
        .all({ before: beforeSeq ?? null, case: caseNumber ?? null, limit }) as AuditRow[];
      return rows.map(toEntry);
    },
    verify: () => verifyChain(db),
  };
}
