import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { demoPassword, expect, type TestHarness } from './fixtures';
import type { Harness } from '../harness/serve';
import {
  caseOfLetter,
  chooseLetter,
  openSendScreen,
  outboxItems,
  pickCase,
  sendStep,
  waitForCheck,
} from './send-helpers';

/** The approval specs' shared steps (one installation, and two through a shared folder). */

export const REPORT = '18-emil-psykologisk-undersoegelse.pdf';
export const CUSTODY_HOLDERS = ['Mette Eksempelsen', 'Jonas Prøvesen'];

/** The caseworker's part: the report on Emil's case to both custody holders, sent for approval. */
export async function sendReportForApproval(page: Page, harness: TestHarness): Promise<void> {
  await openSendScreen(page, harness, 2);
  await chooseLetter(page, REPORT);
  await pickCase(page, caseOfLetter(REPORT));
  await waitForCheck(page);
  for (const name of CUSTODY_HOLDERS) await expect(page.getByRole('checkbox', { name })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Emil Eksempelsen' })).not.toBeChecked();

  const { step, button } = sendStep(page);
  await expect(button).toHaveText('Send til godkendelse');
  await button.click();
  await expect(step.getByRole('heading', { name: 'Sendt til godkendelse' })).toBeVisible();
  await expect(step.getByRole('status')).toContainText('Afventer godkendelse fra en leder');
  expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual([
    'awaiting_approval',
    'awaiting_approval',
  ]);
}

/** "Log ud" in the header, then the supervisor signs in through the sign-in screen. */
export async function switchToSupervisor(page: Page, username = 'leder'): Promise<void> {
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill(demoPassword(username));
  await page.locator('button.auth-submit').click();
  await expect(page.getByTestId('current-role')).toHaveText('Leder');
}

export const approvalsLink = (page: Page) => page.locator('nav.main-nav a[href="#/godkendelser"]');

/** Opens the inbox from the main menu and the one request in it. */
export async function openTheRequest(page: Page): Promise<void> {
  await expect(approvalsLink(page)).toHaveText('Godkendelser (1)');
  await approvalsLink(page).click();
  await expect(page.locator('#approvals-heading')).toBeFocused();
  await reviewTheRequest(page);
}

/** From the inbox: the one request, checked on its card, and its review. */
export async function reviewTheRequest(page: Page): Promise<void> {
  const request = page.getByTestId('approval-request');
  await expect(request).toHaveCount(1);
  await expect(request).toContainText(caseOfLetter(REPORT));
  await expect(request).toContainText('Psykologisk undersøgelse');
  await expect(request).toContainText('Sara Sagsbehandler');
  for (const name of CUSTODY_HOLDERS) await expect(request).toContainText(name);
  await request.getByRole('link', { name: /^Gennemse/ }).click();
  await expect(page.locator('#approval-review-heading')).toBeFocused();
  await expect(page.getByRole('img', { name: new RegExp(`^Side 1 af \\d+ i ${REPORT}`) })).toBeVisible();
}

/** Deliveries the sandbox stored, by message UUID (its attempts log; docs/connectors.md). */
export function sandboxDeliveries(harness: Pick<Harness, 'dataDir'>): Map<string, number> {
  const file = join(harness.dataDir, 'sandbox', 'attempts.jsonl');
  const counts = new Map<string, number>();
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const attempt = JSON.parse(line) as { uuid: string | null; delivered: boolean };
    if (attempt.delivered && attempt.uuid) counts.set(attempt.uuid, (counts.get(attempt.uuid) ?? 0) + 1);
  }
  return counts;
}

/**
 * The review of the report's request: the findings shown read-only (nothing to acknowledge there), and each custody
 * holder with their channel and at least one rule that admitted them.
 */
export async function expectReviewOfReport(page: Page): Promise<void> {
  const findings = page.locator('section[aria-labelledby="review-findings-heading"]');
  await expect(findings.locator('.findings, [data-testid="findings-none"]')).toBeVisible();
  await expect(findings.getByRole('button', { name: /^Bekræft advarsel/ })).toHaveCount(0);
  for (const [id, name] of [
    ['p2', CUSTODY_HOLDERS[0]!],
    ['p3', CUSTODY_HOLDERS[1]!],
  ] as const) {
    const recipient = page.getByTestId(`review-recipient-${id}`);
    await expect(recipient).toContainText(name);
    await expect(recipient).toContainText('digitalt');
    await expect(
      recipient.getByRole('list', { name: 'Regler' }).getByRole('listitem').first(),
    ).not.toBeEmpty();
  }
}
