import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Refuses a data folder on a network share. The store runs SQLite in WAL mode, whose shared-memory index (`-shm`)
 * needs memory-mapped files and byte-range locks that network file systems do not provide reliably
 * (https://www.sqlite.org/wal.html): two PCs on one share can corrupt the history, or a "sent" that was committed
 * can be lost, and a lost "sent" can lead to a second send.
 *
 * - Windows: UNC paths (`\\server\share\…`, `\\?\UNC\server\share\…`, `//server/share`) are refused. Whether a drive
 *   letter is a mapped network drive needs a Win32 call (GetDriveTypeW), which this Node code cannot make; the
 *   caller passes `driveType(letter)` (main can ask Windows, e.g. through
 *   `Get-CimInstance Win32_LogicalDisk`, DriveType 4 = network). Without it, or when it answers `unknown`, a drive
 *   letter is allowed.
 * - Linux: the mount holding the folder is looked up in /proc/self/mountinfo (or /proc/mounts) and refused when its
 *   file system type is a network one (NETWORK_FS_TYPES, plus any `fuse.*` network client listed there).
 * - macOS: allowed without a check (not a target platform for municipal desktops; documented in docs/settings.md).
 */

export type DriveType = 'network' | 'local' | 'removable' | 'unknown';

export interface MountEntry {
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
}

/** File system types whose locking and shared memory SQLite's WAL cannot rely on. */
export const NETWORK_FS_TYPES: readonly string[] = [
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smb2',
  'smb3',
  'smbfs',
  'ncpfs',
  '9p',
  'afs',
  'openafs',
  'coda',
  'glusterfs',
  'ceph',
  'cephfs',
  'lustre',
  'gpfs',
  'ocfs2',
  'gfs2',
  'davfs',
  'virtiofs',
  'fuse.sshfs',
  'fuse.glusterfs',
  'fuse.ceph',
  'fuse.cephfs',
  'fuse.davfs',
  'fuse.rclone',
  'fuse.s3fs',
  'fuse.gcsfuse',
  'fuse.smbnetfs',
  'fuse.curlftpfs',
];

export function isNetworkFsType(fsType: string): boolean {
  const t = fsType.toLowerCase();
  return NETWORK_FS_TYPES.includes(t) || t.startsWith('nfs');
}

/** Decodes the octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash) of mountinfo fields. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * Parses /proc/self/mountinfo: `id parent major:minor root mountpoint options [optional…] - fstype source superopts`.
 * Lines that do not have that shape are skipped.
 */
export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const sep = fields.indexOf('-', 6);
    if (sep < 0 || sep + 1 >= fields.length) continue;
    const mountPoint = fields[4];
    const fsType = fields[sep + 1];
    if (!mountPoint || !fsType) continue;
    out.push({
      mountPoint: unescapeMountField(mountPoint),
      fsType,
      source: unescapeMountField(fields[sep + 2] ?? ''),
    });
  }
  return out;
}

/** Parses /proc/mounts (fstab format: `source mountpoint fstype options dump pass`). */
export function parseProcMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [source, mountPoint, fsType] = line.trim().split(/\s+/);
    if (!source || !mountPoint || !fsType) continue;
    out.push({ mountPoint: unescapeMountField(mountPoint), fsType, source: unescapeMountField(source) });
  }
  return out;
}

/** The mount that holds `absPath`: the longest mount point containing it; of equal ones the last (it shadows). */
export function mountFor(entries: readonly MountEntry[], absPath: string): MountEntry | undefined {
  const p = path.posix.normalize(absPath);
  let best: MountEntry | undefined;
  for (const e of entries) {
    const mp = e.mountPoint;
    const inside = mp === '/' || p === mp || p.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = e;
  }
  return best;
}

/**
 * A Windows path on a network share by its shape alone: `\\server\share`, `//server/share`, `\\?\UNC\…`,
 * `\\.\UNC\…`. `\\?\C:\…` (a long local path) and `\\?\Volume{…}\…` are local and return false.
 */
export function isUncPath(p: string): boolean {
  const s = p.replace(/\//g, '\\');
  if (/^\\\\[?.]\\UNC\\/i.test(s)) return true;
  if (/^\\\\[?.]\\/.test(s)) return false;
  return /^\\\\[^\\]+\\[^\\]+/.test(s);
}

/** The drive letter of `C:\…` or `\\?\C:\…`, upper case; null for any other shape. */
export function driveLetterOf(p: string): string | null {
  const m = /^(?:\\\\[?.]\\)?([A-Za-z]):/.exec(p.replace(/\//g, '\\'));
  return m ? m[1]!.toUpperCase() : null;
}

export const NETWORK_SHARE_EXPLANATION =
  'Datamappen må ikke ligge på et netværksdrev. Sendeassistents database bruger SQLite med WAL-journal, og den ' +
  'kræver fil-låse og delt hukommelse, som netværksdrev ikke giver pålideligt: historikken kan blive beskadiget, ' +
  'og en afsendelse, der er registreret, kan gå tabt, så et brev risikerer at blive sendt to gange. ' +
  'Vælg en mappe på computerens egen disk, fx standardmappen under AppData\\Local.';

export interface NetworkShareCheck {
  readonly platform: string;
  /** win32: the type of a drive letter (GetDriveTypeW, supplied by main); default: always `unknown` (allowed). */
  readonly driveType?: (letter: string) => DriveType;
  /** linux: the text of /proc/self/mountinfo (tests give a sample); default: read it (or /proc/mounts). */
  readonly mountInfo?: () => string | null;
}

/** Why `dir` is on a network share (one Danish text naming the folder's kind of share), or null if it is not. */
export function networkShareProblem(dir: string, check: NetworkShareCheck): string | null {
  switch (check.platform) {
    case 'win32': {
      if (isUncPath(dir)) return `${NETWORK_SHARE_EXPLANATION} (Stien er en netværkssti, \\\\server\\share.)`;
      const letter = driveLetterOf(dir);
      if (letter && (check.driveType?.(letter) ?? 'unknown') === 'network') {
        return `${NETWORK_SHARE_EXPLANATION} (Drev ${letter}: er et tilknyttet netværksdrev.)`;
      }
      return null;
    }
    case 'linux': {
      const text = (check.mountInfo ?? readLinuxMounts)();
      if (text === null) return null;
      const entries = text.includes(' - ') ? parseMountInfo(text) : parseProcMounts(text);
      const mount = mountFor(entries, resolveExisting(dir, check.platform));
      if (mount && isNetworkFsType(mount.fsType)) {
        return `${NETWORK_SHARE_EXPLANATION} (Mappen ligger på et ${mount.fsType}-drev monteret på ${mount.mountPoint}.)`;
      }
      return null;
    }
    default:
      return null;
  }
}

function readLinuxMounts(): string | null {
  for (const f of ['/proc/self/mountinfo', '/proc/mounts']) {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      // Try the next; without either there is nothing to check against.
    }
  }
  return null;
}

/**
 * The real path of the deepest existing ancestor, with the rest appended: a symlink into an NFS mount is judged by
 * where it leads, and a folder that does not exist yet by the mount it would be created on. Only on the platform
 * this process runs on (a win32 check from a Linux test is about the string alone).
 */
function resolveExisting(dir: string, platform: string): string {
  if (platform !== process.platform) return dir;
  let head = path.resolve(dir);
  const rest: string[] = [];
  while (!existsSync(head)) {
    const parent = path.dirname(head);
    if (parent === head) return path.resolve(dir);
    rest.unshift(path.basename(head));
    head = parent;
  }
  try {
    return path.join(realpathSync(head), ...rest);
  } catch {
    return path.resolve(dir);
  }
}
