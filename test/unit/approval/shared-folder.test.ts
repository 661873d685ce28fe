import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isExchangeFileName, SharedFolder } from '../../../src/backend/approval/shared-folder';
import { tempDir } from '../../support/temp-dir';

/** The shared folder's file handling (docs/approval.md, "Across desks"): atomic writes, capped reads, safe names. */
describe('the shared folder', () => {
  let dir: ReturnType<typeof tempDir>;
  let folder: SharedFolder;
  beforeEach(async () => {
    dir = tempDir();
    folder = new SharedFolder(dir.path);
    await folder.prepare();
  });
  afterEach(() => dir.cleanup());

  it('makes its four subfolders, and fails when the folder itself is not there', async () => {
    expect(readdirSync(dir.path).sort()).toEqual(['decisions', 'keys', 'requests', 'roster']);
    await expect(new SharedFolder(join(dir.path, 'findes-ikke')).prepare()).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('writes a file whole under its name, leaving no temporary file, and replaces it whole', async () => {
    await folder.write('decisions', 'abc.json', '{"a":1}');
    await folder.write('decisions', 'abc.json', '{"a":2}');
    expect(readdirSync(folder.path('decisions'))).toEqual(['abc.json']);
    const read = await folder.read('decisions', 'abc.json', 100);
    expect(read).toMatchObject({ ok: true, text: '{"a":2}', size: 7 });
  });

  it('refuses names it would not write: hidden, temporary, with folders in them, or not .json', async () => {
    for (const name of ['.x.json', 'a/b.json', '..json', 'a.json.tmp', 'a.txt', `${'a'.repeat(201)}.json`]) {
      expect(isExchangeFileName(name), name).toBe(false);
      await expect(folder.write('keys', name, '{}')).rejects.toThrow(/not an exchange file name/);
    }
    expect(isExchangeFileName('roster-000001.json')).toBe(true);
  });

  it('lists only the names it would read, sorted', async () => {
    writeFileSync(join(folder.path('requests'), 'b.json'), '{}');
    writeFileSync(join(folder.path('requests'), 'a.json'), '{}');
    writeFileSync(join(folder.path('requests'), '.a.json.123.tmp'), '{');
    writeFileSync(join(folder.path('requests'), 'notes.txt'), 'x');
    mkdirSync(join(folder.path('requests'), 'sub'));
    expect(await folder.list('requests')).toEqual(['a.json', 'b.json']);
  });

  it('reads only regular files: not a link to a file elsewhere, not a pipe that would wait for a writer', async () => {
    const outside = join(dir.path, 'udenfor.txt');
    writeFileSync(outside, '{"hemmelig":true}');
    symlinkSync(outside, join(folder.path('decisions'), 'link.json'));
    expect(await folder.read('decisions', 'link.json', 100)).toEqual({ ok: false, problem: 'unreadable' });
    execFileSync('mkfifo', [join(folder.path('decisions'), 'pipe.json')]);
    expect(await folder.read('decisions', 'pipe.json', 100)).toEqual({ ok: false, problem: 'unreadable' });
  });

  it('does not read a file over the cap, and tells a missing file from an unreadable one', async () => {
    writeFileSync(join(folder.path('roster'), 'big.json'), 'x'.repeat(101));
    expect(await folder.read('roster', 'big.json', 100)).toMatchObject({
      ok: false,
      problem: 'too_large',
      size: 101,
    });
    expect(await folder.read('roster', 'none.json', 100)).toEqual({ ok: false, problem: 'missing' });
    mkdirSync(join(folder.path('roster'), 'dir.json'));
    expect(await folder.read('roster', 'dir.json', 100)).toMatchObject({ ok: false, problem: 'unreadable' });
    writeFileSync(join(folder.path('roster'), 'exact.json'), 'x'.repeat(100));
    expect(await folder.read('roster', 'exact.json', 100)).toMatchObject({ ok: true, size: 100 });
  });
});
