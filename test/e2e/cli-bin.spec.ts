import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openStore, DB_FILE, KEY_FILE } from '../../src/backend/db/store';
import { openEncrypted } from '../../src/backend/db/sqlite';
import { readKeyFile, unwrapKey } from '../../src/backend/keys/key-file';
import { createAuditService } from '../../src/backend/services/audit.service';
import { silentLogger, systemClock } from '../../src/backend/ports';

/**
 * The `sendeassistent` bin as an administrator runs it: Node loading the CLI built into out/ (this runs after
 * `npm run build`). The in-process tests in test/integration cover the commands in depth.
 */
const repo = join(__dirname, '..', '..');
const bin = join(repo, 'bin', 'sendeassistent.cjs');
const PASSPHRASE = 'administratorens frase æøå';

function run(args: string[], env: Record<string, string> = {}, binPath = bin) {
  const r = spawnSync(process.execPath, [binPath, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('prints its version and help from the build', () => {
  const v = run(['--version']);
  expect(v.code).toBe(0);
  expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const h = run(['--help']);
  expect(h.code).toBe(0);
  expect(h.out).toContain('audit verify --data-dir');
});

test('says clearly, with exit code 2, when the build is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-bin-'));
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(bin, join(dir, 'bin', 'sendeassistent.cjs'));
    writeFileSync(join(dir, 'package.json'), '{"version":"0.0.0"}');
    const r = run(['--version'], {}, join(dir, 'bin', 'sendeassistent.cjs'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('npm run build');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('audit verify names the row altered behind the triggers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-bin-'));
  try {
    const store = openStore({ dataDir: dir, passphrase: PASSPHRASE, logger: silentLogger });
    const audit = createAuditService(store.db, systemClock, { name: () => 'Test' }, () => {});
    for (let i = 0; i < 4; i++) audit.append('case.viewed', null, { i });
    store.close();
    expect(run(['audit', 'verify', '--data-dir', dir], { SENDEASSISTENT_PASSPHRASE: PASSPHRASE }).code).toBe(
      0,
    );

    const key = unwrapKey(readKeyFile(join(dir, KEY_FILE)), { passphrase: PASSPHRASE });
    const raw = openEncrypted(join(dir, DB_FILE), key, { create: false });
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.exec(`UPDATE audit_log SET actor = 'Nogen Andre' WHERE seq = 2`);
    raw.close();

    const r = run(['audit', 'verify', '--data-dir', dir], { SENDEASSISTENT_PASSPHRASE: PASSPHRASE });
    expect(r.code).toBe(1);
    expect(r.out).toContain('brudt ved række 2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
