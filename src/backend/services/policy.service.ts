import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyPack } from '../../core/policy/check-policy';
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
