import { test as base, expect } from '@playwright/test';
import { startHarness, type Harness, type HarnessOptions } from '../harness/serve';

/**
 * Every test gets its own harness: its own temp data dir with a fresh encrypted store (fake key store), the demo
 * cases, and its own port. `baseURL` points at it, so `page.goto('/')` and `request` reach that test's backend.
 *
 * `harnessOptions` is a Playwright option: a spec that needs sending to happen says
 * `test.use({ harnessOptions: { runOutbox: true } })`, which runs the outbox worker and the sandbox connector.
 */
export const test = base.extend<{ harness: Harness; harnessOptions: HarnessOptions }>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    const harness = await startHarness(harnessOptions);
    try {
      await use(harness);
    } finally {
      await harness.close();
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
