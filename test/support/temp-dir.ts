import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder per test; `cleanup` removes it. */
export function tempDir(prefix = 'sendeassistent-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export const REPO_ROOT = join(__dirname, '..', '..');
export const RESOURCES_DIR = join(REPO_ROOT, 'resources');
