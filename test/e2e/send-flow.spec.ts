import { protectedDemoLetter } from '../fixtures/documents/protected-letters';
import { demoCase, screenshotPath } from './demo-data';
import { expect, test } from './fixtures';
import {
  caseOfLetter,
  chooseLetter,
  letterPath,
  openSendScreen,
  outboxItems,
  pickCase,
  sendStep,
  waitForCheck,
  watchCsp,
} from './send-helpers';

/**
 * The send screen end to end: Chromium against the harness with the real backend, the outbox worker running and
 * the sandbox connector (its own process) taking the messages. The send delay is set short through window.api;
 * every wait is on the screen or on the backend's answers, never a sleep.
 */
test.use({ harnessOptions: { runOutbox: true } });

const NADIA = '11-nadia-afgoerelse-fleksjob-repraesentant.pdf';
const KASPER = '10-kasper-afgoerelse-virksomhedspraktik.pdf';
const EMIL = '01-emil-boernefaglig-undersoegelse.pdf';
const WRONG_CASE_NUMBER = '51-forkert-sagsnummer.pdf';

test('a jobcenter letter goes through the sandbox: file, case, proposed recipient, countdown, receipt', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  const cspViolations = await watchCsp(page);
  await expect(page.getByRole('link', { name: 'Send', exact: true })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: screenshotPath('send-empty'), fullPage: true });

  await chooseLetter(page, NADIA);
  await expect(page.getByText('Genkendt som Afgørelse')).toBeVisible();
  await expect(page.getByRole('img', { name: `Side 1 af 1 i ${NADIA}` })).toBeVisible();

  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  // The valid representative is proposed; the represented party and the employer may be chosen, not proposed.
  await expect(page.getByRole('checkbox', { name: 'Karim Mønstersen' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Nadia Mønstersen' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Nadia Mønstersen' })).toBeEnabled();
  await expect(page.getByRole('checkbox', { name: 'Nadia Mønstersen' })).toHaveAccessibleDescription(
    /Repræsenteret af Karim Mønstersen/,
  );
  await expect(page.getByText('Kontrollen fandt ingen problemer.')).toBeVisible();

  const { step, button } = sendStep(page);
  await expect(button).toHaveText('Send digitalt til Karim Mønstersen');
  await expect(button).toBeEnabled();
  await button.click();

  await expect(step.getByRole('heading', { name: 'Sat i kø – sendes om lidt' })).toBeVisible();
  await expect(step.getByTestId('countdown')).toHaveText(/^Sendes om \d+ sekund(er)?$/);
  await expect(step.getByRole('button', { name: 'Fortryd' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('send-countdown'), fullPage: true });

  const receipt = step.getByRole('heading', { name: 'Afleveret til Digital Post' });
  await expect(receipt).toBeVisible({ timeout: 20_000 });
  await expect(receipt).toBeFocused();
  await expect(step).toContainText('Karim Mønstersen');
  await expect(step).toContainText(/Reference\s*SANDBOX-/);
  await expect(step.getByRole('button', { name: 'Fortryd' })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('send-receipt'), fullPage: true });

  const items = await outboxItems(page);
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    fileName: NADIA,
    caseNumber: caseOfLetter(NADIA),
    recipient: { partyId: 'p2', name: 'Karim Mønstersen' },
    channel: 'digital',
    entry: { state: 'sent', receipt: { reference: expect.stringMatching(/^SANDBOX-/) } },
  });
  await expect(step).toContainText(items[0]!.entry.receipt!.reference!);

  // The next letter starts from an empty screen.
  await step.getByRole('button', { name: 'Send et nyt dokument' }).click();
  await expect(page.getByLabel('Vælg fil', { exact: true })).toBeFocused();
  await expect(page.getByTestId('chosen-case')).toHaveCount(0);
  expect(await cspViolations()).toEqual([]);
});

test('a warning is acknowledged with a reason, which sends the letter for approval instead', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  await chooseLetter(page, KASPER);
  await pickCase(page, caseOfLetter(KASPER));
  await waitForCheck(page);

  const warning = page.locator('.finding[data-code="REPRESENTATION_EXPIRED"]');
  await expect(warning).toContainText('Advarsel');
  await expect(warning).toContainText('Partsrepræsentationen udløb');
  await expect(page.getByRole('checkbox', { name: 'Demo Fagforening Aarhus' })).toBeDisabled();
  const { step, button } = sendStep(page);
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(/Bekræft advarslen med en begrundelse/);
  await page.screenshot({ path: screenshotPath('send-analysed-with-findings'), fullPage: true });

  await warning.getByRole('button', { name: 'Bekræft advarsel …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bekræft advarsel' });
  await expect(dialog).toBeVisible();
  const reason = dialog.getByRole('textbox', { name: 'Begrundelse' });
  await expect(reason).toBeFocused();
  await reason.fill('ok');
  await dialog.getByRole('button', { name: 'Bekræft advarsel' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Skriv en begrundelse på mindst 3 tegn.');
  // The viewport only: a full-page capture would show the modal's backdrop over part of the page.
  await page.screenshot({ path: screenshotPath('send-acknowledge-dialog') });

  await reason.fill('Fagforeningen skal ikke have brevet; Kasper får det selv');
  await dialog.getByRole('button', { name: 'Bekræft advarsel' }).click();
  await expect(dialog).toBeHidden();
  await expect(warning).toContainText('Begrundelse: Fagforeningen skal ikke have brevet');
  // The button that opened the dialog is gone: focus is on the check's heading, not lost.
  await expect(page.getByRole('heading', { name: 'Kontrol', exact: true })).toBeFocused();

  // An acknowledged warning makes a colleague's approval required (domain.md).
  await expect(button).toHaveText('Send til godkendelse');
  await expect(step).toContainText('Kasper Attrapsen');
  await button.click();
  await expect(step.getByRole('heading', { name: 'Sendt til godkendelse' })).toBeVisible();
  expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual(['awaiting_approval']);

  await step.getByRole('button', { name: 'Fortryd' }).click();
  await expect(step.getByRole('heading', { name: 'Afsendelsen er fortrudt' })).toBeVisible();
  expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual(['cancelled']);
});

test('undo inside the delay: nothing is delivered', async ({ page, harness }) => {
  // Long enough that the click always lands inside the window; the test never waits for it to run out.
  await openSendScreen(page, harness, 60);
  await chooseLetter(page, NADIA);
  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  const { step, button } = sendStep(page);
  await button.click();
  await expect(step.getByTestId('countdown')).toBeVisible();
  expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual(['queued']);

  await step.getByRole('button', { name: 'Fortryd' }).click();
  const undone = step.getByRole('heading', { name: 'Afsendelsen er fortrudt' });
  await expect(undone).toBeVisible();
  await expect(undone).toBeFocused();
  await expect(step).toContainText('Intet er sendt.');
  await expect(step.getByTestId('countdown')).toHaveCount(0);

  const items = await outboxItems(page);
  expect(items.map((i) => i.entry.state)).toEqual(['cancelled']);
  expect(items[0]!.entry.receipt).toBeNull();
  expect(items[0]!.entry.attempts).toBe(0);
});

test("a letter carrying another case's number is blocked, and the button says why", async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  await chooseLetter(page, WRONG_CASE_NUMBER);
  await pickCase(page, caseOfLetter(WRONG_CASE_NUMBER));
  await waitForCheck(page);

  const block = page.locator('.finding[data-code="CASE_NUMBER_MISMATCH"]');
  await expect(block).toContainText('Blokerer');
  await expect(block).toContainText('27.12.04-G01-031-26');
  await expect(block.getByRole('button', { name: 'Side 1' })).toBeVisible();
  // The evidence is marked on the preview's page.
  await expect(page.getByTestId('preview-marks')).toContainText('27.12.04-G01-031-26');

  const { button } = sendStep(page);
  await expect(button).toBeDisabled();
  await expect(button).toHaveText('Send dokumentet');
  await expect(button).toHaveAccessibleDescription(/Kan ikke sendes/);
  await expect(page.getByTestId('send-blocked')).toContainText('Kan ikke sendes');
  // The mother without custody, refused orientation, cannot be chosen either.
  await expect(page.getByRole('checkbox', { name: 'Louise Skitsesen' })).toBeDisabled();
  await page.screenshot({ path: screenshotPath('send-blocked'), fullPage: true });
  expect(await outboxItems(page)).toEqual([]);
});

test('a file that is not a PDF gets a clear Danish message, and the next file works', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  await page.getByLabel('Vælg fil', { exact: true }).setInputFiles({
    name: 'ødelagt.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('Dette er et regneark, der er gemt med forkert endelse.\n'.repeat(20), 'utf8'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ødelagt.pdf kan ikke kontrolleres.');
  await expect(alert).toContainText('Vælg en anden fil');
  await expect(alert).toHaveAttribute('data-reason', 'not_pdf');
  await expect(page.getByTestId('document-summary')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('send-error'), fullPage: true });

  await chooseLetter(page, NADIA);
  await expect(alert).toHaveCount(0);
  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  await expect(sendStep(page).button).toHaveText('Send digitalt til Karim Mønstersen');
});

test('a child-welfare letter proposes both custody holders; the child and the school cannot be chosen', async ({
  page,
  harness,
}) => {
  const caseNumber = caseOfLetter(EMIL);
  const parties = demoCase(caseNumber).parties;
  const custodyHolders = parties.filter((p) => p.roles.includes('parent') && p.custody === true);
  expect(custodyHolders.map((p) => p.name)).toEqual(['Mette Eksempelsen', 'Jonas Prøvesen']);
  // This case has no parent without custody: the child (12) and the reporting school are the ones left out.
  expect(parties.filter((p) => p.roles.includes('parent') && p.custody === false)).toEqual([]);

  await openSendScreen(page, harness, 2);
  await chooseLetter(page, EMIL);
  await pickCase(page, caseNumber);
  await waitForCheck(page);

  for (const parent of custodyHolders) {
    const box = page.getByRole('checkbox', { name: parent.name });
    await expect(box).toBeChecked();
    await expect(box).toBeEnabled();
    await expect(box).toHaveAccessibleDescription(/Har forældremyndigheden/);
  }
  const child = page.getByRole('checkbox', { name: 'Emil Eksempelsen' });
  await expect(child).toBeDisabled();
  await expect(child).not.toBeChecked();
  await expect(child).toHaveAccessibleDescription(/under 15 år modtager aldrig Digital Post/);
  await expect(page.getByTestId('recipient-p1')).toContainText('Kan ikke vælges');
  await expect(page.getByRole('checkbox', { name: 'Demohøj Skole' })).toBeDisabled();

  // A child-welfare investigation always needs a colleague's approval; the button says so.
  const { step, button } = sendStep(page);
  await expect(button).toHaveText('Send til godkendelse');
  await expect(step).toContainText('Derefter sendes det digitalt til Mette Eksempelsen og Jonas Prøvesen.');
  await page.screenshot({ path: screenshotPath('send-ineligible-parties'), fullPage: true });

  // At 125 % scaling (a 1093×614 viewport) nothing scrolls sideways and the send button is whole.
  await page.setViewportSize({ width: 1093, height: 614 });
  const overflow = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow).toBe(0);
  await button.scrollIntoViewIfNeeded();
  const box = (await button.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(1093);
  await page.screenshot({ path: screenshotPath('send-ineligible-parties-1093'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });

  // Unticking one parent is re-checked, and the button follows.
  await page.getByRole('checkbox', { name: 'Jonas Prøvesen' }).uncheck();
  await waitForCheck(page);
  await expect(step).toContainText('Derefter sendes det digitalt til Mette Eksempelsen.');
});

test('the whole flow from "Vælg fil" to the receipt works with the keyboard alone', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  const focused = page.locator(':focus');
  /** Presses Tab until the target has focus: proves it is reachable, without counting every stop on the way. */
  const tabTo = async (target: ReturnType<typeof page.locator>, most = 40) => {
    for (
      let i = 0;
      i < most && !(await target.evaluate((el) => el === el.ownerDocument.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(target).toBeFocused();
  };

  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Gå til indhold' })).toBeFocused();
  await page.keyboard.press('Enter');
  const fileInput = page.getByLabel('Vælg fil', { exact: true });
  await tabTo(fileInput);
  // The focused file button shows a focus ring (on its visible label).
  await expect(page.locator('label[for="document-file"]')).toHaveCSS('outline-style', 'solid');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(letterPath(NADIA));
  await expect(page.getByTestId('document-summary')).toContainText(NADIA);

  await tabTo(page.getByRole('searchbox', { name: 'Find sagen' }));
  await page.keyboard.type(caseOfLetter(NADIA));
  const option = page.getByRole('button', { name: /15\.25\.00-G01-096-26/ });
  await expect(option).toHaveCount(1);
  await tabTo(option);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chosen-case')).toBeFocused();
  await waitForCheck(page);

  const { step, button } = sendStep(page);
  await tabTo(button);
  await expect(focused).toHaveText('Send digitalt til Karim Mønstersen');
  await page.keyboard.press('Enter');
  await expect(step.getByRole('heading', { name: 'Sat i kø – sendes om lidt' })).toBeFocused();
  await expect(step.getByRole('heading', { name: 'Afleveret til Digital Post' })).toBeFocused({
    timeout: 20_000,
  });
  await tabTo(step.getByRole('button', { name: 'Send et nyt dokument' }), 3);
  await page.keyboard.press('Enter');
  await expect(fileInput).toBeFocused();
});

test('a PDF with its own password: asked for, a wrong one said so, the right one opens it; sending says why not', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  const bytes = await protectedDemoLetter(NADIA, { userPassword: 'hemmelig-1', ownerPassword: 'ejer-1' });
  await page.getByLabel('Vælg fil', { exact: true }).setInputFiles({
    name: 'beskyttet.pdf',
    mimeType: 'application/pdf',
    buffer: bytes,
  });
  const password = page.getByLabel('Adgangskode til beskyttet.pdf');
  await expect(password).toBeFocused();
  await password.fill('forkert');
  await page.getByRole('button', { name: 'Åbn dokumentet' }).click();
  await expect(page.getByRole('alert')).toHaveText('Adgangskoden passer ikke. Prøv igen.');
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');

  await password.fill('hemmelig-1');
  await page.getByRole('button', { name: 'Åbn dokumentet' }).click();
  await expect(page.getByTestId('document-summary')).toContainText('beskyttet.pdf');
  // The preview needs the password too; it is kept in the window's memory only.
  await expect(page.getByRole('img', { name: 'Side 1 af 1 i beskyttet.pdf' })).toBeVisible();

  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  const { step, button } = sendStep(page);
  await button.click();
  // The citizen could not open it: the backend refuses, and the screen says what to do.
  const alert = step.getByRole('alert');
  await expect(alert).toHaveAttribute('data-error-code', 'DOCUMENT_PASSWORD_PROTECTED');
  await expect(alert).toContainText('Gem den uden adgangskode');
  await expect(alert).toContainText('Intet er sendt.');
  expect(await outboxItems(page)).toEqual([]);
});
