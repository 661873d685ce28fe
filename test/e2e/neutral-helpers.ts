import { expect, type Locator, type Page } from '@playwright/test';
import type { Harness } from '../harness/serve';
import type { PageGlobals } from './page-globals';
import { letterPath } from './send-helpers';

/*
 * The send screen and the main menu by their place, role or id, never by their Danish or English words: for the
 * tests that run in both languages (a11y.spec.ts, english.spec.ts).
 */

/** The send screen, its send delay set through the page's own window.api, subscribed and ready to send. */
export async function openSendScreen(page: Page, harness: Harness, delaySeconds: number): Promise<void> {
  await page.goto('/');
  await expect(page.locator('#send-heading')).toBeVisible();
  const saved = await page.evaluate(
    (seconds) =>
      (globalThis as unknown as PageGlobals).api.updateSettings({ patch: { sendDelaySeconds: seconds } }),
    delaySeconds,
  );
  expect(saved).toMatchObject({ ok: true, value: { saved: true } });
  await expect.poll(() => harness.eventStreamCount()).toBe(1);
  await harness.backend.sendingReady;
}

/** Chooses a file through the real <input type=file> and waits until the document has been read. */
export async function chooseLetter(page: Page, file: string): Promise<void> {
  await page.locator('#document-file').setInputFiles(letterPath(file));
  await expect(page.getByTestId('document-summary')).toContainText(file);
}

/** Picks the case by its number; when another case is chosen, it is changed first. */
export async function pickCase(page: Page, caseNumber: string): Promise<void> {
  const chosen = page.getByTestId('chosen-case');
  if ((await chosen.count()) > 0) await chosen.getByRole('button').click();
  await page.locator('#case-picker-search').fill(caseNumber);
  await page.locator('button.case-option').filter({ hasText: caseNumber }).click();
  await expect(chosen).toContainText(caseNumber);
}

export const step = (page: Page, id: string) => page.locator(`section[aria-labelledby="${id}-heading"]`);
export const sendButton = (page: Page) => step(page, 'step-send').locator('button.button--send');

/** Waits until the check's answer is on screen (not the previous one, not the loading line). */
export async function waitForCheck(page: Page): Promise<void> {
  const check = step(page, 'step-check');
  await expect(check.locator('.loading-text')).toHaveCount(0);
  await expect(check.locator('.findings, [data-testid="findings-none"]')).toBeVisible();
}

export const navLink = (page: Page, hash: string) => page.locator(`nav.main-nav a[href="${hash}"]`);

/** Opens a screen from the main menu and waits until its heading has focus. */
export async function openScreen(page: Page, hash: string, headingId: string): Promise<Locator> {
  await navLink(page, hash).click();
  const heading = page.locator(`#${headingId}`);
  await expect(heading).toBeFocused();
  await expect(navLink(page, hash)).toHaveAttribute('aria-current', 'page');
  return page.locator(`section[aria-labelledby="${headingId}"]`);
}
