import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHarness, type Harness, type HarnessOptions } from '../harness/serve';
import { FakeKeyStore } from '../support/fakes';

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
export const test = base.extend<{ harness: TestHarness; harnessOptions: HarnessOptions }>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    // The fixture owns the data dir and the key store (unless the test gives them), so a restart can reopen both.
    const ownsDataDir = harnessOptions.dataDir === undefined;
    const dataDir = harnessOptions.dataDir ?? (await mkdtemp(join(tmpdir(), 'sendeassistent-e2e-')));
    const keyStore =
      harnessOptions.keyStore ?? (harnessOptions.passphrase === undefined ? new FakeKeyStore() : undefined);
    const options: HarnessOptions = { ...harnessOptions, dataDir, ...(keyStore ? { keyStore } : {}) };
    let current = await startHarness(options);
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
