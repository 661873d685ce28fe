import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Harness } from '../harness/serve';
import { expect, type TestHarness } from './fixtures';
import type { PageGlobals } from './page-globals';
import { screenshotPath } from './demo-data';

/** The demo letters and which case each belongs to (resources/demo/letters/manifest.json). */
const LETTERS_DIR = join(__dirname, '..', '..', 'resources', 'demo', 'letters');
const manifest = (
  JSON.parse(readFileSync(join(LETTERS_DIR, 'manifest.json'), 'utf8')) as {
    letters: { file: string; caseNumber: string }[];
  }
).letters;

export const letterPath = (file: string) => join(LETTERS_DIR, file);

export function caseOfLetter(file: string): string {
  const found = manifest.find((l) => l.file === file);
  if (!found) throw new Error(`The demo manifest has no letter ${file}`);
  return found.caseNumber;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Opens the send screen with a short send delay (saved through the page's own window.api, as the settings screen
 * will), waits until the page's event stream is open and the harness's connector is ready to send.
 */
export async function openSendScreen(page: Page, harness: Harness, delaySeconds: number): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Send et dokument' })).toBeVisible();
  const saved = await page.evaluate(
    (seconds) =>
      (globalThis as unknown as PageGlobals).api.updateSettings({ patch: { sendDelaySeconds: seconds } }),
    delaySeconds,
  );
  expect(saved).toMatchObject({ ok: true, value: { saved: true } });
  // The screen subscribes to progress and outbox events when it opens: one stream, before anything is sent.
  await expect.poll(() => harness.eventStreamCount()).toBe(1);
  await harness.backend.sendingReady;
}

/** Chooses a file through the real <input type=file> and waits until the document has been read. */
export async function chooseLetter(page: Page, file: string): Promise<void> {
  await page.getByLabel(/^Vælg (en anden )?fil$/).setInputFiles(letterPath(file));
  await expect(page.getByTestId('document-summary')).toContainText(file);
}

/** Finds the case by its number and picks it. */
export async function pickCase(page: Page, caseNumber: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Find sagen' }).fill(caseNumber);
  await page.getByRole('button', { name: new RegExp(escapeRegExp(caseNumber)) }).click();
  await expect(page.getByTestId('chosen-case')).toContainText(caseNumber);
}

/** The send step and its button (its label says what will happen, so it is found by its place). */
export function sendStep(page: Page) {
  const step = page.getByRole('region', { name: 'Send', exact: true });
  return { step, button: step.locator('button.button--send') };
}

/** Waits until the check's answer is on screen (not the previous one, not "Kontrollerer …"). */
export async function waitForCheck(page: Page): Promise<void> {
  const check = page.getByRole('region', { name: 'Kontrol', exact: true });
  await expect(check.getByText('Kontrollerer dokumentet mod sagen …')).toHaveCount(0);
  await expect(check.locator('.findings, [data-testid="findings-none"]')).toBeVisible();
}

export async function outboxItems(page: Page) {
  const result = await page.evaluate(() => (globalThis as unknown as PageGlobals).api.listOutbox({}));
  expect(result.ok).toBe(true);
  return result.ok ? result.value.items : [];
}

/** Records CSP violations from now on: the screen must work without inline styles or scripts. */
export async function watchCsp(page: Page): Promise<() => Promise<unknown[]>> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__violations = [];
    g.document.addEventListener('securitypolicyviolation', (e) =>
      g.__violations!.push({
        effectiveDirective: e.effectiveDirective,
        blockedURI: e.blockedURI,
        disposition: e.disposition,
      }),
    );
  });
  return () => page.evaluate(() => (globalThis as unknown as PageGlobals).__violations ?? []);
}

/**
 * The app restarted: the backend is shut down and started again on the same data, and the window is opened afresh
 * (its event stream reconnected) on `path`. Waits for the connector only when it is expected to open.
 */
export async function restartApp(
  page: Page,
  harness: TestHarness,
  path: string,
  connector: 'ready' | 'not-ready' = 'ready',
): Promise<void> {
  await harness.restart();
  // As on a desktop where the app has had a moment to start: the connector is open (or has failed) before the
  // window first asks for the outbox's status.
  if (connector === 'ready') await harness.backend.sendingReady;
  else
    await harness.backend.sendingReady.then(
      () => {
        throw new Error('the connector opened, but the test expected it not to');
      },
      () => undefined,
    );
  // A new window: a reload, even when only the hash differs (goto alone would stay in the same document).
  await page.goto(path);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
  await expect.poll(() => harness.eventStreamCount()).toBe(1);
}

/** The header's offline indicator (a button whose description is the reason). */
export function connectionStatus(page: Page) {
  return page.getByTestId('connection-status').getByRole('button');
}

/**
 * The screen at 1366×768 and at 125 % scaling (1093×614): a screenshot of each, no sideways scrolling, and the
 * screen's primary button whole and inside the viewport's width. `fullPage: false` captures the window as a person
 * sees it: for a screen with a bar that sticks to the bottom of the window (a full-page capture draws such a bar
 * where the window's bottom edge was, over the content).
 */
export async function screenshotsAtBothSizes(
  page: Page,
  name: string,
  primary: ReturnType<Page['locator']> | null,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  for (const size of [
    { width: 1366, height: 768, suffix: '' },
    { width: 1093, height: 614, suffix: '-1093' },
  ]) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow, `${name} at ${size.width}: sideways scrolling`).toBe(0);
    if (primary) {
      await primary.scrollIntoViewIfNeeded();
      const box = (await primary.boundingBox())!;
      expect(box.x, `${name} at ${size.width}: primary button`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name} at ${size.width}: primary button`).toBeLessThanOrEqual(size.width);
      if (!fullPage) {
        // In the window as captured, not below its bottom edge.
        expect(box.y, `${name} at ${size.width}: primary button`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${name} at ${size.width}: primary button`).toBeLessThanOrEqual(
          size.height,
        );
      }
    }
    await page.screenshot({ path: screenshotPath(`${name}${size.suffix}`), fullPage });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}
