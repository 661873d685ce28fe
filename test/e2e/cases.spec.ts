import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_MESSAGES } from '../../src/shared/result';
import { CHILDREN_CASE, demoCase, demoCases, firstParty, screenshotPath } from './demo-data';
import { expect, test } from './fixtures';

const appVersion = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** The page's clock for tests that show validity dates, so "expired" does not depend on the day the test runs. */
const TODAY = new Date('2026-11-28T10:00:00+01:00');

test('the case list shows the demo cases, filters on search, and opens a case with its parties', async ({
  page,
}) => {
  await page.goto('/#/sager');

  await expect(page.getByRole('banner')).toContainText('Sara Sagsbehandler');
  await expect(page.getByRole('banner')).toContainText(appVersion);
  await expect(page.getByRole('heading', { level: 2, name: 'Sager' })).toBeVisible();

  const caseTable = page.getByRole('table', { name: 'Sager' });
  await expect(caseTable.getByRole('row')).toHaveCount(demoCases.length + 1);
  for (const c of demoCases) {
    await expect(caseTable.getByRole('link', { name: c.caseNumber, exact: true })).toBeVisible();
  }
  // The list never shows CPR numbers: they appear only inside a case, where viewing is logged.
  const listText = await caseTable.innerText();
  for (const cpr of demoCases.flatMap((c) => c.parties.flatMap((p) => (p.cpr ? [p.cpr] : [])))) {
    expect(listText).not.toContain(cpr);
  }
  await page.screenshot({ path: screenshotPath('case-list'), fullPage: true });

  const search = page.getByRole('searchbox', { name: 'Søg efter sag' });
  await search.fill(CHILDREN_CASE);
  await expect(caseTable).toHaveAttribute('aria-busy', 'false');
  await expect(caseTable.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: 'sag' })).toHaveText('1 sag vist');

  await caseTable.getByRole('link', { name: CHILDREN_CASE, exact: true }).click();

  const expected = demoCase(CHILDREN_CASE);
  const heading = page.getByRole('heading', { level: 2, name: expected.title });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(`Sag ${CHILDREN_CASE} – Sendeassistent`);

  const parties = page.getByRole('table', { name: `Parter (${expected.parties.length})` });
  await expect(parties.getByRole('row')).toHaveCount(expected.parties.length + 1);
  for (const party of expected.parties) {
    const row = parties
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: party.name, exact: true }) });
    await expect(row).toHaveCount(1);
    // Caseworkers check identity against the letter, so CPR is shown in full here.
    if (party.cpr) await expect(row).toContainText(party.cpr);
    if (party.cvr) await expect(row).toContainText(`CVR ${party.cvr}`);
    if (party.digitalPost === 'enrolled') await expect(row).toContainText('Tilmeldt');
  }
  const child = expected.parties.find((p) => p.id === expected.subjectPartyId)!;
  await expect(parties.getByRole('row', { name: new RegExp(child.name) })).toContainText('Barn (part)');
  const custodyHolders = expected.parties.filter((p) => p.roles.includes('parent') && p.custody === true);
  expect(custodyHolders).toHaveLength(2);
  for (const parent of custodyHolders) {
    const row = parties.getByRole('row', { name: new RegExp(parent.name) });
    await expect(row).toContainText('Forælder');
    await expect(row).toContainText('Har forældremyndighed');
  }
  await page.screenshot({ path: screenshotPath('case-detail'), fullPage: true });

  // Back to the list: the search is kept, and focus lands on the list's heading.
  await page.getByRole('link', { name: 'Tilbage til sagslisten' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Sager' })).toBeFocused();
  await expect(search).toHaveValue(CHILDREN_CASE);
});

test('a case shows protection, exemption, death, guardianship and representation in Danish', async ({
  page,
}) => {
  await page.clock.setFixedTime(TODAY);

  const checks = [
    {
      found: firstParty((p) => p.addressProtected === true),
      expectText: ['Navne- og adressebeskyttelse', 'Skjult på grund af adressebeskyttelse'],
    },
    { found: firstParty((p) => p.digitalPost === 'exempt'), expectText: ['Fritaget – fysisk post'] },
    { found: firstParty((p) => p.deceased === true), expectText: ['Afdød'] },
    {
      found: firstParty((p) => p.roles.includes('guardian') && p.scope === 'financial'),
      expectText: ['Værge (økonomiske forhold)'],
    },
    { found: firstParty((p) => p.custody === false), expectText: ['Har ikke forældremyndighed'] },
    {
      found: firstParty((p) => p.validUntil !== undefined && p.validUntil < '2026-11-28'),
      expectText: ['Partsrepræsentant', 'Udløbet'],
    },
    {
      found: firstParty((p) => p.validUntil !== undefined && p.validUntil >= '2026-11-28'),
      expectText: ['Partsrepræsentant', 'Gyldig til'],
    },
  ];

  for (const { found, expectText } of checks) {
    const { caseFile, party } = found;
    await page.goto(`/#/sager/${encodeURIComponent(caseFile.caseNumber)}`);
    const parties = page.getByRole('table', { name: /^Parter/ });
    const row = parties
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: party.name, exact: true }) });
    for (const text of expectText)
      await expect(row, `${party.name} on ${caseFile.caseNumber}`).toContainText(text);
    if (party.represents) {
      const represented = caseFile.parties.find((p) => p.id === party.represents)!;
      await expect(row).toContainText(`Repræsenterer ${represented.name}`);
    }
    // A protected address is never put on screen.
    if (party.addressProtected && party.address) {
      await expect(page.getByRole('main')).not.toContainText(party.address.street);
    }
  }
  // Nor is the same address on a co-resident party (a child living with a protected parent).
  const { caseFile: protectedCase, party: protectedParty } = firstParty((p) => p.addressProtected === true);
  await page.goto(`/#/sager/${encodeURIComponent(protectedCase.caseNumber)}`);
  const parties = page.getByRole('table', { name: /^Parter/ });
  for (const other of protectedCase.parties) {
    if (other.addressProtected || other.address?.street !== protectedParty.address?.street) continue;
    const row = parties
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: other.name, exact: true }) });
    await expect(row).toContainText('Skjult – samme adresse som en part med adressebeskyttelse');
  }
  await page.screenshot({ path: screenshotPath('case-detail-address-protection'), fullPage: true });
});

test('a case that does not exist gives the backend message as an alert, and a way back', async ({ page }) => {
  await page.goto('/#/sager/00.00.00-X00-000-00');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(ERROR_MESSAGES.NOT_FOUND);
  await expect(alert).toHaveAttribute('data-error-code', 'NOT_FOUND');
  // Retrying cannot make a missing case appear, so it is not offered.
  await expect(alert.getByRole('button', { name: 'Prøv igen' })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('case-not-found'), fullPage: true });
  await page.getByRole('link', { name: 'Tilbage til sagslisten' }).click();
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();
});

test('the list and a case can be used with the keyboard alone', async ({ page }) => {
  await page.goto('/#/sager');
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Gå til indhold' })).toBeFocused();
  // The skip link jumps past the header's navigation to the screen itself.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const search = page.getByRole('searchbox', { name: 'Søg efter sag' });
  await expect(search).toBeFocused();
  await page.keyboard.type('Eksempelsen');
  const caseTable = page.getByRole('table', { name: 'Sager' });
  await expect(caseTable).toHaveAttribute('aria-busy', 'false');
  await expect(caseTable.getByRole('link', { name: CHILDREN_CASE })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(caseTable.getByRole('link', { name: CHILDREN_CASE })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: demoCase(CHILDREN_CASE).title })).toBeFocused();

  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: 'Tilbage til sagslisten' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Sager' })).toBeFocused();
});
