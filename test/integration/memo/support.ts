import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { memoXsdDir } from '../../../src/backend/memo/validate-memo';
import { REPO_ROOT, RESOURCES_DIR } from '../../support/temp-dir';

/** The shipped copies (what the app validates against). */
export const XSD_DIR = memoXsdDir(RESOURCES_DIR);

/** ../shared/specs/digital-post next to the repository: the originals of the XSDs and the official examples. */
export const SHARED_SPECS = join(REPO_ROOT, '..', 'shared', 'specs', 'digital-post');

/** A path under SHARED_SPECS; a missing one fails the test with the reason instead of skipping it. */
export function sharedSpec(...parts: string[]): string {
  const path = join(SHARED_SPECS, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing. These tests compare with and validate the originals in ../shared/specs/digital-post/ ` +
        '(next to the repository); check out the shared folder beside the repo. They are never skipped.',
    );
  }
  return path;
}
