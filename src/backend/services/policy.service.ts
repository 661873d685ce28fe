import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyPack } from '../../core/policy/check-policy';
import { writeTransaction, type Db } from '../db/sqlite';
import type { AuditService } from './audit.service';
import type { PolicyPack } from '../../shared/domain/policy';

export const DEFAULT_POLICY_FILE = join('policy', 'default.json');

export interface LoadedPolicy {
  pack: PolicyPack;
  /** SHA-256 of the file's bytes: with the pack's version it goes into history entries. */
  sha256: string;
}

/** Reads and checks a policy pack; a bad file is an error naming each problem, never a silently partial pack. */
export function loadPolicyFile(path: string): LoadedPolicy {
  const bytes = readFileSync(path);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`policy file ${path} is not JSON: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = parsePolicyPack(json);
  if (!parsed.ok) throw new Error(`policy file ${path} is not valid:\n${parsed.problems.join('\n')}`);
  return { pack: parsed.pack, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function loadDefaultPolicy(resourcesDir: string): LoadedPolicy {
  return loadPolicyFile(join(resourcesDir, DEFAULT_POLICY_FILE));
}

interface RecordedPolicy {
  version: string;
  sha256: string;
  auditOnly: boolean;
}

/**
 * Records in the history when the policy in force changes (a new file, a new version, audit-only switched on or
 * off), so it can always be seen under which rules a decision was made. The approval issue makes changing the
 * audit-only flag an admin-only action; the load itself is recorded here whoever caused it.
 */
export function recordPolicyLoad(db: Db, policy: LoadedPolicy, audit: AuditService): void {
  const current: RecordedPolicy = {
    version: policy.pack.version,
    sha256: policy.sha256,
    auditOnly: policy.pack.auditOnly,
  };
  // Read and write in one write transaction: two processes starting at once record a change once.
  const entry = writeTransaction(db, () => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'policy'").get() as
      { value: string } | undefined;
    const previous = row ? (JSON.parse(row.value) as RecordedPolicy) : null;
    if (previous && previous.sha256 === current.sha256) return null;
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('policy', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(JSON.stringify(current));
    return audit.append('policy.loaded', null, {
      auditOnly: current.auditOnly,
      auditOnlyChanged: previous !== null && previous.auditOnly !== current.auditOnly,
      previous: previous
        ? { version: previous.version, sha256: previous.sha256, auditOnly: previous.auditOnly }
        : null,
    });
  })();
  if (entry) audit.announce([entry]);
}
