import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHarness, type Harness, type HarnessOptions } from '../harness/serve';
import { DEMO_USERS } from '../../src/shared/demo-users';
import { FakeKeyStore } from '../support/fakes';

/** A demo user's password (docs/demo-data.md), by username. */
export function demoPassword(username: string): string {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user.password;
}

/** Signs a demo user in on the backend, as if they had signed in in the window before the test looks. */
async function signInOnBackend(harness: Harness, username: string): Promise<void> {
  const result = await harness.backend.dispatcher.json('auth:signIn', {
    username,
    password: demoPassword(username),
  });
  if (!result.ok || !(result.value as { signedIn: boolean }).signedIn) {
    throw new Error(`demo user ${username} could not sign in: ${JSON.stringify(result)}`);
  }
}

/** A test's harness, which can also be restarted: the app closed and opened again on the same data. */
export interface TestHarness extends Harness {
  /**
   * Shuts the backend down (a send under way finishes, the worker gives its lease back, the sandbox stops) and starts
   * a new one on the same data dir, key store and port, so `baseURL` still points at it. The page keeps the old
   * window: reload it, as a caseworker would reopen the app.
   */
  restart(): Promise<void>;
}

/**
 * Every test gets its own harness: its own temp data dir with a fresh encrypted store (fake key store), the demo
 * cases, and its own port. `baseURL` points at it, so `page.goto('/')` and `request` reach that test's backend.
 *
 * `harnessOptions` is a Playwright option: a spec that needs sending to happen says
 * `test.use({ harnessOptions: { runOutbox: true } })`, which runs the outbox worker and the sandbox connector.
 */
export const test = base.extend<{
  harness: TestHarness;
  harnessOptions: HarnessOptions;
  signedInAs: string | null;
}>({
  harnessOptions: [{}, { option: true }],
  /**
   * The demo user signed in when the test starts (and again after a restart, which ends the session), so a test
   * about sending starts where a caseworker would. `null`: nobody; the test signs in through the window.
   */
  signedInAs: ['sagsbehandler', { option: true }],
  harness: async ({ harnessOptions, signedInAs }, use) => {
    // The fixture owns the data dir and the key store (unless the test gives them), so a restart can reopen both.
    const ownsDataDir = harnessOptions.dataDir === undefined;
    const dataDir = harnessOptions.dataDir ?? (await mkdtemp(join(tmpdir(), 'sendeassistent-e2e-')));
    const keyStore =
      harnessOptions.keyStore ?? (harnessOptions.passphrase === undefined ? new FakeKeyStore() : undefined);
    const options: HarnessOptions = { ...harnessOptions, dataDir, ...(keyStore ? { keyStore } : {}) };
    let current = await startHarness(options);
    const fixed = harnessOptions.currentUser !== undefined;
    if (signedInAs !== null && !fixed) await signInOnBackend(current, signedInAs);
    const port = Number(new URL(current.url).port);
    const harness: TestHarness = {
      get url() {
        return current.url;
      },
      get dataDir() {
        return current.dataDir;
      },
      get backend() {
        return current.backend;
      },
      eventStreamCount: () => current.eventStreamCount(),
      close: () => current.close(),
      async restart() {
        await current.close();
        current = await startHarness({ ...options, port });
        if (signedInAs !== null && !fixed) await signInOnBackend(current, signedInAs);
      },
    };
    try {
      await use(harness);
    } finally {
      await current.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ harness }, use) => {
    await use(harness.url);
  },
  // An uncaught exception in the app fails the test even if every assertion passed; the console goes into the
  // report when a test fails, to explain it.
  page: async ({ page }, use, testInfo) => {
    const uncaught: string[] = [];
    const consoleLines: string[] = [];
    page.on('pageerror', (err) => uncaught.push(err.message));
    page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus && consoleLines.length > 0) {
      await testInfo.attach('browser-console.txt', {
        body: consoleLines.join('\n'),
        contentType: 'text/plain',
      });
    }
    expect(uncaught, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
