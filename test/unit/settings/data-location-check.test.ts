import { describe, expect, it } from 'vitest';
import {
  driveLetterOf,
  isNetworkFsType,
  isUncPath,
  mountFor,
  networkShareProblem,
  parseMountInfo,
  parseProcMounts,
} from '../../../src/backend/settings/data-location-check';

const MOUNTINFO = [
  '22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw',
  '23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw',
  '40 22 0:35 / /home rw,relatime shared:20 - ext4 /dev/nvme0n1p3 rw',
  '41 40 0:36 / /home/sagsbeh/netdrev rw,relatime shared:21 - cifs //filserver/afdeling rw,vers=3.1.1',
  '42 22 0:37 / /mnt/nfs rw,relatime shared:22 master:3 - nfs4 filserver:/export rw,vers=4.2',
  '43 22 0:38 / /mnt/my\\040share rw,relatime - fuse.sshfs sagsbeh@host:/data rw,user_id=1000',
  '44 22 0:39 / /mnt/c rw,noatime - 9p drvfs rw,aname=drvfs',
  '45 42 0:40 / /mnt/nfs/lokal rw,relatime - tmpfs tmpfs rw',
  '',
].join('\n');

describe('parseMountInfo', () => {
  it('reads mount point, type and source, past optional fields, decoding octal escapes', () => {
    const entries = parseMountInfo(MOUNTINFO);
    expect(entries).toHaveLength(8);
    expect(entries[3]).toEqual({
      mountPoint: '/home/sagsbeh/netdrev',
      fsType: 'cifs',
      source: '//filserver/afdeling',
    });
    expect(entries[4]).toMatchObject({ mountPoint: '/mnt/nfs', fsType: 'nfs4' });
    expect(entries[5]).toMatchObject({ mountPoint: '/mnt/my share', fsType: 'fuse.sshfs' });
  });

  it('skips lines of another shape', () => {
    expect(parseMountInfo('garbage\n\n1 2 3')).toEqual([]);
  });

  it('parses /proc/mounts too', () => {
    expect(parseProcMounts('//srv/del /mnt/del smb3 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n')).toEqual([
      { source: '//srv/del', mountPoint: '/mnt/del', fsType: 'smb3' },
      { source: '/dev/sda1', mountPoint: '/', fsType: 'ext4' },
    ]);
  });
});

describe('mountFor and network types', () => {
  const entries = parseMountInfo(MOUNTINFO);
  it.each([
    ['/home/sagsbeh/.local/share/sendeassistent', 'ext4'],
    ['/home/sagsbeh/netdrev/Sendeassistent', 'cifs'],
    ['/home/sagsbeh/netdrevet', 'ext4'],
    ['/mnt/nfs', 'nfs4'],
    ['/mnt/nfs/data/x', 'nfs4'],
    ['/mnt/nfs/lokal/x', 'tmpfs'],
    ['/mnt/my share/a', 'fuse.sshfs'],
    ['/var/lib/x', 'ext4'],
  ])('%s is on %s', (p, type) => {
    expect(mountFor(entries, p)?.fsType).toBe(type);
  });

  it.each(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'fuse.sshfs', '9p', 'afs', 'glusterfs', 'ceph', 'NFS4'])(
    '%s is a network file system',
    (t) => expect(isNetworkFsType(t)).toBe(true),
  );
  it.each(['ext4', 'xfs', 'btrfs', 'tmpfs', 'overlay', 'fuse.portal', 'zfs'])('%s is local', (t) =>
    expect(isNetworkFsType(t)).toBe(false),
  );
});

describe('Windows paths', () => {
  it.each([
    ['\\\\filserver\\afdeling\\Sendeassistent', true],
    ['\\\\filserver\\afdeling', true],
    ['//filserver/afdeling/x', true],
    ['\\\\?\\UNC\\filserver\\afdeling\\x', true],
    ['\\\\.\\UNC\\filserver\\afdeling', true],
    ['\\\\wsl$\\Debian\\home', true],
    ['\\\\?\\C:\\Data', false],
    ['\\\\?\\Volume{0b1c2d3e-0000-0000-0000-100000000000}\\Data', false],
    ['C:\\Users\\sagsbeh\\AppData\\Local\\Sendeassistent', false],
    ['D:/Data', false],
  ])('%s → UNC %s', (p, unc) => expect(isUncPath(p)).toBe(unc));

  it('finds the drive letter', () => {
    expect(driveLetterOf('h:\\Data')).toBe('H');
    expect(driveLetterOf('\\\\?\\D:\\Data')).toBe('D');
    expect(driveLetterOf('\\\\server\\share')).toBeNull();
  });
});

describe('networkShareProblem', () => {
  const mapped = (letter: string) => (letter === 'H' ? ('network' as const) : ('local' as const));

  it('refuses UNC paths on Windows with the WAL explanation', () => {
    const why = networkShareProblem('\\\\filserver\\afdeling\\Sendeassistent', { platform: 'win32' });
    expect(why).toMatch(/^Datamappen må ikke ligge på et netværksdrev\./);
    expect(why).toContain('WAL');
  });

  it('refuses a mapped drive when driveType says network, and allows unknown drives', () => {
    expect(networkShareProblem('H:\\Sendeassistent', { platform: 'win32', driveType: mapped })).toContain(
      'Drev H: er et tilknyttet netværksdrev',
    );
    expect(networkShareProblem('C:\\Data', { platform: 'win32', driveType: mapped })).toBeNull();
    expect(networkShareProblem('H:\\Sendeassistent', { platform: 'win32' })).toBeNull();
  });

  it('refuses folders on network mounts on Linux, also ones not created yet', () => {
    const linux = { platform: 'linux', mountInfo: () => MOUNTINFO };
    expect(networkShareProblem('/mnt/nfs/sendeassistent/ny', linux)).toContain(
      'nfs4-drev monteret på /mnt/nfs',
    );
    expect(networkShareProblem('/home/sagsbeh/netdrev/x', linux)).toContain('cifs');
    expect(networkShareProblem('/mnt/c/Users/x', linux)).toContain('9p');
    expect(networkShareProblem('/home/sagsbeh/.local/share/sendeassistent', linux)).toBeNull();
  });

  it('allows everything on macOS, and on Linux when no mount table can be read', () => {
    expect(networkShareProblem('/Volumes/Netdrev/x', { platform: 'darwin' })).toBeNull();
    expect(networkShareProblem('/mnt/nfs/x', { platform: 'linux', mountInfo: () => null })).toBeNull();
  });
});
