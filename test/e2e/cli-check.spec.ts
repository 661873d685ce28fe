import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createBackend } from '../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../src/backend/dispatch';
import { emilDecisionLetter } from '../fixtures/documents/case-letters';
import { FakeClock, FakeKeyStore, fakeUser } from '../support/fakes';

/**
 * `sendeassistent check` from the build, against the window's own channel (drafts:check) on the same document,
 * case and recipients: one backend, so the same verdict and the same findings.
 */
const repo = join(__dirname, '..', '..');
const CASE = '27.24.00-G01-117-25';
const TODAY = '2026-11-28';

interface Verdict {
  verdict: string;
  approvalRequired: boolean;
  findings: { code: string; severity: string; partyId: string | null }[];
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'sendeassistent.cjs'), 'check', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the CLI and the window reach the same verdicts for the same inputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-check-'));
  const backend = createBackend({
    dataDir: join(dir, 'data'),
    resourcesDir: join(repo, 'resources'),
    keyStore: new FakeKeyStore(),
    clock: new FakeClock(new Date(`${TODAY}T10:00:00Z`)),
    currentUser: fakeUser(),
    seedDemoData: true,
    appVersion: 'test',
  });
  try {
    const pdf = await emilDecisionLetter();
    const file = join(dir, 'afgørelse.pdf');
    writeFileSync(file, pdf);
    const made = await backend.dispatcher.binary(
      'documents:analyze',
      pdf,
      { fileName: 'a.pdf', caseNumber: CASE },
      BINARY_CONTENT_TYPE,
    );
    expect(made.ok).toBe(true);
    const draftId = made.ok ? (made.value as { draftId: string }).draftId : '';

    for (const recipients of [[], ['p2'], ['p3'], ['p1'], ['p2', 'p3'], ['p99']]) {
      const args = [
        '--cases',
        join(repo, 'resources', 'demo', 'cases.json'),
        '--case',
        CASE,
        '--document',
        file,
      ];
      const r = cli([...args, ...recipients.flatMap((p) => ['--recipient', p]), '--today', TODAY, '--json']);
      expect(r.code, r.err).toBe(0);
      const fromCli = JSON.parse(r.out) as Verdict;
      const res = await backend.dispatcher.json('drafts:check', {
        draftId,
        caseNumber: CASE,
        ...(recipients.length > 0 ? { recipients } : {}),
      });
      expect(res.ok).toBe(true);
      const fromWindow = (res.ok ? res.value : null) as { check: Verdict };
      const codes = (v: Verdict) => v.findings.map((f) => `${f.code}/${f.severity}/${f.partyId}`);
      expect(fromCli.verdict, `recipients ${recipients.join(',')}`).toBe(fromWindow.check.verdict);
      expect(codes(fromCli)).toEqual(codes(fromWindow.check));
      expect(fromCli.approvalRequired).toBe(fromWindow.check.approvalRequired);
    }
  } finally {
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('answers usage and input errors with exit code 2 and the reason', () => {
  const missing = cli([
    '--cases',
    join(repo, 'resources', 'demo', 'cases.json'),
    '--case',
    'nej',
    '--document',
    'x.pdf',
  ]);
  expect(missing.code).toBe(2);
  expect(missing.err).toContain('findes ikke i sagsfilen');
  expect(cli(['--case', CASE]).code).toBe(2);
  const badType = cli([
    '--cases',
    join(repo, 'resources', 'demo', 'cases.json'),
    '--case',
    CASE,
    '--document',
    join(repo, 'package.json'),
    '--type',
    'ukendt',
  ]);
  expect(badType.code).toBe(2);
  expect(badType.err).toContain('dokumenttypen "ukendt"');
});
