import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The shared folder's files (docs/approval.md, "Across desks"): each kind in its own subfolder, each file written
 * under a temporary name and renamed into place (a reader never sees half a file), and read with a size cap (a huge
 * file is refused, not read). Nothing here trusts what it reads: the callers verify every file before acting on it.
 */

export const SUBFOLDERS = ['keys', 'roster', 'requests', 'decisions'] as const;
export type Subfolder = (typeof SUBFOLDERS)[number];

/** Names this code writes and reads: letters, digits, dash and dot, ending in `.json`, never hidden. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,199}\.json$/;

export function isExchangeFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

export class SharedFolder {
  constructor(readonly root: string) {}

  path(sub: Subfolder, name?: string): string {
    return name === undefined ? join(this.root, sub) : join(this.root, sub, name);
  }

  /** Creates the subfolders that are missing; throws when the folder cannot be reached. */
  async prepare(): Promise<void> {
    await stat(this.root);
    for (const sub of SUBFOLDERS) await mkdir(this.path(sub), { recursive: true });
  }

  /** Writes `text` as `sub/name`, atomically (a temporary name in the same folder, then a rename). */
  async write(sub: Subfolder, name: string, text: string): Promise<void> {
    if (!isExchangeFileName(name)) throw new Error(`not an exchange file name: ${name}`);
    const tmp = this.path(sub, `.${name}.${randomUUID()}.tmp`);
    try {
      await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
      await rename(tmp, this.path(sub, name));
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  /** Size and time of `sub/name` (without reading it), or null when it is not there. */
  async info(sub: Subfolder, name: string): Promise<{ size: number; mtimeMs: number } | null> {
    try {
      const i = await lstat(this.path(sub, name));
      return { size: i.size, mtimeMs: i.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Whether `sub/name` is there. */
  async exists(sub: Subfolder, name: string): Promise<boolean> {
    try {
      await stat(this.path(sub, name));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** Removes `sub/name` if it is there. */
  async remove(sub: Subfolder, name: string): Promise<void> {
    if (!isExchangeFileName(name)) throw new Error(`not an exchange file name: ${name}`);
    await rm(this.path(sub, name), { force: true });
  }

  /** The file names of a subfolder this code would read (temporary and foreign names left out), sorted. */
  async list(sub: Subfolder): Promise<string[]> {
    const names = await readdir(this.path(sub));
    return names.filter(isExchangeFileName).sort();
  }

  /**
   * Reads `sub/name` as UTF-8 with its SHA-256, or says why not. A file larger than `maxBytes` is not read (and a
   * file that grows while being read is cut at the cap and refused).
   */
  async read(
    sub: Subfolder,
    name: string,
    maxBytes: number,
  ): Promise<
    | { ok: true; text: string; sha256: string; size: number; mtimeMs: number }
    | { ok: false; problem: 'missing' | 'too_large' | 'unreadable'; size?: number; mtimeMs?: number }
  > {
    let handle;
    try {
      // Only a regular file is read: not a link to somewhere else, not a pipe that would wait for a writer.
      const info = await lstat(this.path(sub, name));
      if (!info.isFile()) return { ok: false, problem: 'unreadable' };
      handle = await open(
        this.path(sub, name),
        constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
      );
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? { ok: false, problem: 'missing' }
        : { ok: false, problem: 'unreadable' };
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, problem: 'unreadable' };
      if (info.size > maxBytes)
        return { ok: false, problem: 'too_large', size: info.size, mtimeMs: info.mtimeMs };
      const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled === buffer.length) break;
      }
      if (filled > maxBytes) return { ok: false, problem: 'too_large', size: filled, mtimeMs: info.mtimeMs };
      const bytes = buffer.subarray(0, filled);
      return {
        ok: true,
        text: bytes.toString('utf8'),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: filled,
        mtimeMs: info.mtimeMs,
      };
    } catch {
      return { ok: false, problem: 'unreadable' };
    } finally {
      await handle.close();
    }
  }
}
