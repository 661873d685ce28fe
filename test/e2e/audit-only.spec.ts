import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { screenshotPath } from './demo-data';
import { expect, test } from './fixtures';
import { caseOfLetter, chooseLetter, openSendScreen, pickCase, sendStep, waitForCheck } from './send-helpers';

/**
 * Audit-only mode (domain.md): a policy pack with `auditOnly: true` relaxes the content findings to `info` for a
 * roll-out, and every screen says so in a banner. Eligibility, protected addresses and approval stay in force.
 */

const WRONG_CASE_NUMBER = '51-forkert-sagsnummer.pdf';

function auditOnlyPolicyFile(): string {
  const pack = JSON.parse(
    readFileSync(resolve(__dirname, '..', '..', 'resources', 'policy', 'default.json'), 'utf8'),
  ) as { version: string };
  const file = join(mkdtempSync(join(tmpdir(), 'sendeassistent-policy-')), 'kommunens-politik.json');
  writeFileSync(file, JSON.stringify({ ...pack, version: `${pack.version}-proevedrift`, auditOnly: true }));
  return file;
}

const banner = (page: import('@playwright/test').Page) =>
  page.getByRole('region', { name: 'Prøvedrift (kun historik)' });

test.describe('with a policy in audit-only mode', () => {
  test.use({ harnessOptions: { policyFile: auditOnlyPolicyFile() } });

  test('the banner is on every screen, and a foreign case number is shown relaxed instead of blocking', async ({
    page,
    harness,
  }) => {
    await openSendScreen(page, harness, 2);
    await expect(banner(page)).toContainText('stopper ikke afsendelsen');
    for (const name of ['Sager', 'Kladder', 'Udbakke', 'Historik', 'Indstillinger']) {
      await page
        .getByRole('navigation', { name: 'Hovedmenu' })
        .getByRole('link', { name, exact: true })
        .click();
      await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
      await expect(banner(page)).toBeVisible();
    }
    await page
      .getByRole('navigation', { name: 'Hovedmenu' })
      .getByRole('link', { name: 'Send', exact: true })
      .click();

    await chooseLetter(page, WRONG_CASE_NUMBER);
    await pickCase(page, caseOfLetter(WRONG_CASE_NUMBER));
    await waitForCheck(page);
    const finding = page.locator('.finding[data-code="CASE_NUMBER_MISMATCH"]');
    await expect(finding).toContainText('(lempet i prøvedrift)');
    await expect(finding).toContainText('27.12.04-G01-031-26');
    await expect(finding).not.toContainText('Blokerer');
    await expect(page.getByTestId('send-blocked')).toHaveCount(0);
    // The mother without custody who refused orientation is still not selectable: eligibility is never relaxed.
    await expect(page.getByRole('checkbox', { name: 'Louise Skitsesen' })).toBeDisabled();
    await expect(sendStep(page).button).toBeEnabled();
    await page.screenshot({ path: screenshotPath('send-audit-only'), fullPage: true });
  });
});

test('with the default policy there is no banner', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Send et dokument' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Hovedmenu' })
    .getByRole('link', { name: 'Historik', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Historik' })).toBeVisible();
  // The banner would show once the policy has answered; the type list of the search proves it has.
  await expect(page.getByLabel('Dokumenttype', { exact: true })).toContainText('Afgørelse');
  await expect(banner(page)).toHaveCount(0);
});
