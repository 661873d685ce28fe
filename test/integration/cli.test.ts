import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/backend/db/store';
import { runCli, type CliHost } from '../../src/cli/index';
import { FakeKeyStore, MemoryLogger } from '../support/fakes';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

function host(env: Record<string, string> = {}, keyStore?: FakeKeyStore) {
  const out: string[] = [];
  const err: string[] = [];
  const h: CliHost = {
    version: '1.2.3',
    resourcesDir: RESOURCES_DIR,
    env,
    keyStore,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
  return { h, out, err };
}

describe('the sendeassistent command', () => {
  it('prints help and version', async () => {
    const a = host();
    expect(await runCli(['--help'], a.h)).toBe(0);
    expect(a.out.join('')).toContain('audit verify --data-dir');
    const b = host();
    expect(await runCli(['--version'], b.h)).toBe(0);
    expect(b.out.join('')).toBe('1.2.3\n');
  });

  it('answers usage errors with exit code 2 and the reason', async () => {
    const a = host();
    expect(await runCli(['audit', 'verify'], a.h)).toBe(2);
    expect(a.err.join('')).toContain('--data-dir');
    const b = host();
    expect(await runCli(['frobnicate'], b.h)).toBe(2);
    expect(b.err.join('')).toContain('ukendt kommando');
    const c = host();
    expect(await runCli(['audit', 'verify', '--data-dir', '/tmp/x', '--passphrase', 'hemmelig'], c.h)).toBe(
      2,
    );
    const empty = tempDir();
    try {
      const d = host({ SENDEASSISTENT_PASSPHRASE: 'en lang nok adgangsfrase' });
      expect(await runCli(['audit', 'verify', '--data-dir', empty.path], d.h)).toBe(2);
      expect(d.err.join('')).toContain('ingen Sendeassistent-database');
      expect(readdirSync(empty.path)).toEqual([]);
      openStore({
        dataDir: empty.path,
        passphrase: 'en lang nok adgangsfrase',
        logger: new MemoryLogger(),
      }).close();
      const e = host();
      expect(await runCli(['audit', 'verify', '--data-dir', empty.path], e.h)).toBe(2);
      expect(e.err.join('')).toContain('SENDEASSISTENT_PASSPHRASE');
    } finally {
      empty.cleanup();
    }
  });

  it('says DB_KEY_INVALID for a wrong passphrase, without echoing it', async () => {
    const dir = tempDir();
    try {
      openStore({ dataDir: dir.path, passphrase: 'den rigtige frase', logger: new MemoryLogger() }).close();
      const a = host({ SENDEASSISTENT_PASSPHRASE: 'den forkerte frase' });
      expect(await runCli(['audit', 'verify', '--data-dir', dir.path], a.h)).toBe(2);
      expect(a.err.join('')).toContain('DB_KEY_INVALID');
      expect(a.err.join('') + a.out.join('')).not.toContain('den forkerte frase');
    } finally {
      dir.cleanup();
    }
  });

  it('adds a passphrase wrap to a store opened by the OS key store, which then opens by passphrase alone', async () => {
    const dir = tempDir();
    const keyStore = new FakeKeyStore();
    try {
      openStore({ dataDir: dir.path, keyStore, logger: new MemoryLogger() }).close();
      const noMeans = host({ SENDEASSISTENT_NEW_PASSPHRASE: 'ny frase til gendannelse' });
      expect(await runCli(['key', 'add-passphrase', '--data-dir', dir.path], noMeans.h)).toBe(2);

      const short = host({ SENDEASSISTENT_NEW_PASSPHRASE: 'kort' }, keyStore);
      expect(await runCli(['key', 'add-passphrase', '--data-dir', dir.path], short.h)).toBe(2);
      expect(short.err.join('')).toContain('mindst 12 tegn');

      const inApp = host({ SENDEASSISTENT_NEW_PASSPHRASE: 'ny frase til gendannelse' }, keyStore);
      expect(await runCli(['key', 'add-passphrase', '--data-dir', dir.path], inApp.h)).toBe(0);

      const verify = host({ SENDEASSISTENT_PASSPHRASE: 'ny frase til gendannelse' });
      expect(await runCli(['audit', 'verify', '--data-dir', dir.path], verify.h)).toBe(0);
    } finally {
      dir.cleanup();
    }
  });
});
