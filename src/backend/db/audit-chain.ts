import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { Db } from './sqlite';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  case_number: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The hash of a row covers every column but its own hash, and the previous row's hash. */
export function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson([
    row.seq,
    row.at,
    row.actor,
    row.kind,
    row.case_number,
    row.details,
    row.prev_hash,
  ]);
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

export interface VerifyResult {
  intact: boolean;
  rowsChecked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Walks the chain from the first row. Reports the first row whose numbering, link or content does not match.
 * (What a local chain can and cannot show is written down in docs/audit-log.md.)
 */
export function verifyChain(db: Db): VerifyResult {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let rows = 0;
  const it = db
    .prepare('SELECT seq, at, actor, kind, case_number, details, prev_hash, hash FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<AuditRow>;
  for (const row of it) {
    rows++;
    const broken = (reason: string): VerifyResult => ({
      intact: false,
      rowsChecked: rows,
      firstBrokenSeq: row.seq,
      reason,
    });
    if (row.seq !== expectedSeq) {
      return broken(`række ${expectedSeq} mangler: rækkefølgen springer til ${row.seq}`);
    }
    if (row.prev_hash !== prev) return broken('rækken peger ikke på den forrige rækkes hash');
    if (rowHash(row) !== row.hash)
      return broken('rækkens indhold passer ikke med dens hash (ændret efter den blev skrevet)');
    prev = row.hash;
    expectedSeq++;
  }
  return { intact: true, rowsChecked: rows, firstBrokenSeq: null, reason: null };
}
