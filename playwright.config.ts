import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium';

/**
 * The Electron binary cannot be downloaded on our build machines, so e2e tests drive Debian's Chromium against the
 * harness (test/harness/serve.ts): the production renderer build and the real backend, one harness per test.
 * Never `playwright install`: the browser is the system's.
 */

export default defineConfig({
  outputDir: 'test-results',
  reporter: 'list',
  retries: 0,
  // Each test runs its own backend with an encrypted store; two at a time fits the 2-core CI machine.
  workers: 2,
  forbidOnly: !!process.env.CI,
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    // A common municipal laptop screen.
    viewport: { width: 1366, height: 768 },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'e2e', testDir: 'test/e2e' },
    { name: 'electron-smoke', testDir: 'test/electron-smoke' },
  ],
});
