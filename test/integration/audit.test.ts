import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, KEY_FILE, openStore, type Store } from '../../src/backend/db/store';
import { openEncrypted } from '../../src/backend/db/sqlite';
import { readKeyFile, unwrapKey } from '../../src/backend/keys/key-file';
import { createAuditService, type AuditService } from '../../src/backend/services/audit.service';
import { runCli, type CliHost } from '../../src/cli/index';
import { FakeClock, MemoryLogger, fakeUser } from '../support/fakes';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

const PASSPHRASE = 'revisionens adgangsfrase æøå';

function cliHost(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const host: CliHost = {
    version: '0.0.0-test',
    resourcesDir: RESOURCES_DIR,
    env,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
  return { host, out, err };
}

describe('the audit log', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let audit: AuditService;
  const events: { seq: number; kind: string }[] = [];

  beforeEach(() => {
    dir = tempDir();
    store = openStore({ dataDir: dir.path, passphrase: PASSPHRASE, logger: new MemoryLogger() });
    audit = createAuditService(store.db, new FakeClock(), fakeUser('Revisor Test'), (name, payload) => {
      if (name === 'audit:appended') events.push(payload as { seq: number; kind: string });
    });
    for (let i = 1; i <= 5; i++)
      audit.append('case.viewed', `27.24.00-G01-00${i}-25`, { step: i, note: 'Ærø' });
  });
  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('chains every row to the one before and verifies intact', () => {
    const entries = audit.list({ limit: 10 });
    expect(entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(entries[0]!.actor).toBe('Revisor Test');
    expect(audit.verify()).toEqual({ intact: true, rowsChecked: 5, firstBrokenSeq: null, reason: null });
    expect(events.slice(-5).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses UPDATE and DELETE on its rows', () => {
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => store.db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(audit.verify().intact).toBe(true);
  });

  function tamper(sql: string): void {
    store.close();
    const key = unwrapKey(readKeyFile(join(dir.path, KEY_FILE)), { passphrase: PASSPHRASE });
    const raw = openEncrypted(join(dir.path, DB_FILE), key, { create: false });
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    raw.exec(sql);
    raw.close();
  }

  it('names the altered row through `sendeassistent audit verify`', async () => {
    tamper(`UPDATE audit_log SET details = '{"note":"Ærø","step":99}' WHERE seq = 3`);
    const { host, out } = cliHost({ SENDEASSISTENT_PASSPHRASE: PASSPHRASE });
    const code = await runCli(['audit', 'verify', '--data-dir', dir.path], host);
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/brudt ved række 3:/);
    store = openStore({ dataDir: dir.path, passphrase: PASSPHRASE, logger: new MemoryLogger() });
  });

  it('names the first missing row when a row is deleted', async () => {
    tamper('DELETE FROM audit_log WHERE seq = 2');
    const { host, out } = cliHost({ SENDEASSISTENT_PASSPHRASE: PASSPHRASE });
    expect(await runCli(['audit', 'verify', '--data-dir', dir.path], host)).toBe(1);
    expect(out.join('')).toMatch(/brudt ved række 3: række 2 mangler/);
    store = openStore({ dataDir: dir.path, passphrase: PASSPHRASE, logger: new MemoryLogger() });
  });

  it('reports an intact chain with exit code 0', async () => {
    store.close();
    const { host, out } = cliHost({ SENDEASSISTENT_PASSPHRASE: PASSPHRASE });
    expect(await runCli(['audit', 'verify', '--data-dir', dir.path], host)).toBe(0);
    expect(out.join('')).toMatch(/intakt: 5 rækker/);
    store = openStore({ dataDir: dir.path, passphrase: PASSPHRASE, logger: new MemoryLogger() });
  });
});
