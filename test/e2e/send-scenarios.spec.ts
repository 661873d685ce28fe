import { coverThenScanPdf } from '../fixtures/documents/pdfkit-fixtures';
import { demoCase, screenshotPath } from './demo-data';
import { expect, test } from './fixtures';
import {
  caseOfLetter,
  chooseLetter,
  openSendScreen,
  outboxItems,
  pickCase,
  sendStep,
  waitForCheck,
} from './send-helpers';

/**
 * The send screen's other cases from issue 7's list, end to end against the real backend: a protected address going
 * to someone else is blocked; a citizen exempt from Digital Post is shown and sent as physical post; a scanned PDF
 * is warned about and needs a colleague's approval. Every wait is on the screen, never a sleep.
 */

const PROTECTED_TO_FATHER = '53-beskyttet-adresse-til-far.pdf';
const BENT_PHYSICAL = '13-bent-afgoerelse-fysisk-post.pdf';
const NADIA_CASE = '15.25.00-G01-096-26';

const partyName = (caseNumber: string, id: string) =>
  demoCase(caseNumber).parties.find((p) => p.id === id)!.name;

test('a protected address in a letter to someone who may not know it is blocked', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 30);
  await chooseLetter(page, PROTECTED_TO_FATHER);
  const caseNumber = caseOfLetter(PROTECTED_TO_FATHER);
  await pickCase(page, caseNumber);
  await waitForCheck(page);
  // The caseworker sends it to Oliver's father alone (as the wrong letter in the demo does).
  const father = partyName(caseNumber, 'p3');
  const recipients = page.getByRole('region', { name: 'Modtagere', exact: true });
  for (const party of demoCase(caseNumber).parties) {
    const box = recipients.getByRole('checkbox', { name: party.name, exact: true });
    const wanted = party.name === father;
    if ((await box.count()) === 0 || (await box.isDisabled())) continue;
    if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
  }
  await expect(recipients.getByRole('checkbox', { name: father, exact: true })).toBeChecked();
  await waitForCheck(page);

  const leak = page.locator('.finding[data-code="PROTECTED_ADDRESS_LEAK"]');
  await expect(leak).toContainText('Blokerer');
  const { button } = sendStep(page);
  await expect(button).toBeDisabled();
  await expect(page.getByTestId('send-blocked')).toContainText('Kan ikke sendes');
  await page.screenshot({ path: screenshotPath('send-protected-address'), fullPage: true });
  expect(await outboxItems(page)).toEqual([]);
});

test('a citizen exempt from Digital Post is shown and sent as physical post', async ({ page, harness }) => {
  await openSendScreen(page, harness, 30);
  await chooseLetter(page, BENT_PHYSICAL);
  const caseNumber = caseOfLetter(BENT_PHYSICAL);
  await pickCase(page, caseNumber);
  await waitForCheck(page);
  const bent = demoCase(caseNumber).parties.find((p) => p.digitalPost === 'exempt')!;
  const card = page.locator('.recipient').filter({ hasText: bent.name });
  await expect(card).toContainText('Fysisk post');
  await expect(card.getByRole('checkbox', { name: bent.name })).toBeChecked();

  const { step, button } = sendStep(page);
  await expect(step).toContainText(`med fysisk post til ${bent.name}`);
  await button.click();
  await expect.poll(async () => (await outboxItems(page)).map((i) => i.channel)).toEqual(['physical']);
  await page.screenshot({ path: screenshotPath('send-physical-post'), fullPage: true });
});

test('a scanned PDF is warned about: its pages cannot be checked, so a colleague must approve', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 30);
  await page.getByLabel(/^Vælg (en anden )?fil$/).setInputFiles({
    name: 'scannet-bilag.pdf',
    mimeType: 'application/pdf',
    buffer: await coverThenScanPdf(),
  });
  await expect(page.getByTestId('document-summary')).toContainText('scannet-bilag.pdf');
  await pickCase(page, NADIA_CASE);
  await waitForCheck(page);

  const scanned = page.locator('.finding[data-code="NO_TEXT_LAYER"]');
  await expect(scanned).toContainText('Advarsel');
  await expect(scanned).toContainText('Side 2');
  const { step, button } = sendStep(page);
  await expect(step).toContainText('Bekræft de 2 advarsler');
  await expect(button).toBeDisabled();
  // The caseworker has read the scanned page and confirms each warning with a reason.
  for (const code of ['NO_TEXT_LAYER', 'TYPE_UNCERTAIN']) {
    await page
      .locator(`.finding[data-code="${code}"]`)
      .getByRole('button', { name: 'Bekræft advarsel …' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Bekræft advarsel' });
    await dialog.getByLabel('Begrundelse').fill('Siden er læst igennem: bilag fra borgeren selv');
    await dialog.getByRole('button', { name: 'Bekræft advarsel' }).click();
    await expect(dialog).toBeHidden();
  }
  // A page the checks could not read makes a supervisor's approval required.
  await expect(button).toBeEnabled();
  await expect(button).toHaveText('Send til godkendelse');
  await expect(step).toContainText('leder');
  await page.screenshot({ path: screenshotPath('send-scanned'), fullPage: true });
});
