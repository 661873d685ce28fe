import { expectNoSeriousViolations, useLanguage } from './axe';
import { expect, test } from './fixtures';
import {
  chooseLetter,
  navLink,
  openScreen,
  openSendScreen,
  pickCase,
  sendButton,
  step,
  waitForCheck,
} from './neutral-helpers';
import { caseOfLetter, letterPath } from './send-helpers';

/**
 * The accessibility acceptance (issue 7): axe-core finds no serious or critical WCAG 2.1 A/AA violation in any state
 * of the window a caseworker passes through, in Danish and in English. Each state is reached as a caseworker would
 * reach it (a file chosen, a case picked, a warning acknowledged, a letter sent through the sandbox), and scanned
 * when it is on screen. The visible texts differ by language, so elements are found by their place, role or test
 * id, never by their Danish or English words. Every wait is on the screen, never a sleep.
 */
test.use({ harnessOptions: { runOutbox: true } });
// Each test has its own harness: the two languages can run side by side.
test.describe.configure({ mode: 'parallel' });

const NADIA = '11-nadia-afgoerelse-fleksjob-repraesentant.pdf';
const KASPER = '10-kasper-afgoerelse-virksomhedspraktik.pdf';
const EMIL = '01-emil-boernefaglig-undersoegelse.pdf';
const WRONG_CASE_NUMBER = '51-forkert-sagsnummer.pdf';

/** A 1×1 PNG: a picture saved with a .pdf ending, which the screen must refuse with a clear message. */
const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

for (const language of ['da', 'en'] as const) {
  test.describe(`in ${language === 'da' ? 'Danish' : 'English'}`, () => {
    test('the send flow, the drafts, the outbox, the history and the settings', async ({ page, harness }) => {
      test.setTimeout(150_000);
      await useLanguage(page, language);
      // Long enough that the countdown is still running when its scan ends (checked below), short for the receipt.
      await openSendScreen(page, harness, 8);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      // The window's texts are in that language (the one name the test relies on).
      await expect(navLink(page, '#/kladder')).toHaveText(language === 'da' ? 'Kladder' : 'Drafts');

      await expectNoSeriousViolations(page, 'empty');

      // Analysing: the analysis request is held until the scan is done, so the state cannot end under it.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const isAnalyze = (url: URL) => decodeURIComponent(url.pathname) === '/__api/documents:analyze';
      await page.route(
        isAnalyze,
        async (route) => {
          await released;
          await route.continue();
        },
        { times: 1 },
      );
      await page.locator('#document-file').setInputFiles(letterPath(NADIA));
      await expect(page.locator('.analysis-status progress')).toBeVisible();
      await expectNoSeriousViolations(page, 'analysing');
      release();
      await expect(page.getByTestId('document-summary')).toContainText(NADIA);

      // Analysed without findings, sent: the countdown, then the sandbox's receipt.
      await pickCase(page, caseOfLetter(NADIA));
      await waitForCheck(page);
      await expect(page.getByTestId('findings-none')).toBeVisible();
      await sendButton(page).click();
      const countdown = page.getByTestId('countdown');
      await expect(countdown).toBeVisible();
      await expectNoSeriousViolations(page, 'countdown');
      // The scan saw the countdown, not the send that follows it.
      await expect(countdown).toBeVisible();
      const submission = step(page, 'step-send').locator('.submission');
      await expect(submission).toHaveClass(/submission--sent/, { timeout: 30_000 });
      await expect(submission.locator('.receipt__reference')).toHaveText(/^SANDBOX-/);
      await expectNoSeriousViolations(page, 'receipt');

      // The next document: a picture saved as .pdf cannot be checked.
      await submission.locator('.button-row .button--secondary').click();
      await expect(page.locator('#document-file')).toBeFocused();
      await page.locator('#document-file').setInputFiles({
        name: 'scanning.pdf',
        mimeType: 'application/pdf',
        buffer: PNG_BYTES,
      });
      const failed = page.locator('.error-alert[role="alert"][data-reason]');
      await expect(failed).toBeVisible();
      await expect(failed).toContainText('scanning.pdf');
      await expect(page.getByTestId('document-summary')).toHaveCount(0);
      await expectNoSeriousViolations(page, 'error');

      // A warning: the expired representation. It is acknowledged in a dialog, which asks for a reason.
      await chooseLetter(page, KASPER);
      await pickCase(page, caseOfLetter(KASPER));
      await waitForCheck(page);
      const warning = page.locator('.finding[data-code="REPRESENTATION_EXPIRED"]');
      await expect(warning).toBeVisible();
      await expect(sendButton(page)).toBeDisabled();
      await expectNoSeriousViolations(page, 'analysed with a warning');

      await warning.getByRole('button').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('textbox')).toBeFocused();
      await expectNoSeriousViolations(page, 'acknowledge dialog');
      // Too short a reason: the dialog says so beside the field.
      await dialog.getByRole('textbox').fill('ok');
      await dialog.locator('button[type="submit"]').click();
      await expect(dialog.getByRole('alert')).toBeVisible();
      await expectNoSeriousViolations(page, 'acknowledge dialog with a too short reason');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      // A block: the letter carries another case's number, marked on the preview.
      await chooseLetter(page, WRONG_CASE_NUMBER);
      await pickCase(page, caseOfLetter(WRONG_CASE_NUMBER));
      await waitForCheck(page);
      await expect(page.locator('.finding[data-code="CASE_NUMBER_MISMATCH"]')).toBeVisible();
      await expect(page.getByTestId('preview-marks')).toBeVisible();
      await expect(page.getByTestId('send-blocked')).toBeVisible();
      await expectNoSeriousViolations(page, 'analysed with a block');

      // A child-welfare letter: the child and the school are shown, and cannot be chosen.
      await chooseLetter(page, EMIL);
      await pickCase(page, caseOfLetter(EMIL));
      await waitForCheck(page);
      const recipients = step(page, 'step-recipients');
      await expect(recipients.getByRole('checkbox', { checked: true })).toHaveCount(2);
      await expect(recipients.getByRole('checkbox', { disabled: true }).first()).toBeVisible();
      await expectNoSeriousViolations(page, 'ineligible parties shown');

      // The other screens, with what this test left in them: the letters read but not sent, the one sent.
      const drafts = await openScreen(page, '#/kladder', 'drafts-heading');
      await expect(drafts.getByTestId('draft-row').first()).toBeVisible();
      await expectNoSeriousViolations(page, 'drafts');

      const outbox = await openScreen(page, '#/udbakke', 'outbox-heading');
      await expect(outbox.getByTestId('outbox-item')).toHaveCount(1);
      await expectNoSeriousViolations(page, 'outbox');

      const history = await openScreen(page, '#/historik', 'history-heading');
      await expect(history.getByTestId('history-count')).toBeVisible();
      await expect(history.locator('table tbody tr').first()).toBeVisible();
      await expectNoSeriousViolations(page, 'history');

      const settings = await openScreen(page, '#/indstillinger', 'settings-heading');
      await expect(settings.locator('form.settings-form')).toBeVisible();
      await expectNoSeriousViolations(page, 'settings');

      await expect(page.locator('html')).toHaveAttribute('lang', language);
    });
  });
}

test('the switch in the header changes the window to English and back, <html lang> with it', async ({
  page,
}) => {
  await page.goto('/');
  const html = page.locator('html');
  const nav = page.locator('nav.main-nav');
  await expect(html).toHaveAttribute('lang', 'da');
  await expect(nav.getByRole('link', { name: 'Kladder', exact: true })).toBeVisible();

  await page.getByTestId('language-en').click();
  await expect(html).toHaveAttribute('lang', 'en');
  for (const name of ['Send', 'Drafts', 'Outbox', 'History', 'Cases', 'Settings']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }

  await page.getByTestId('language-da').click();
  await expect(html).toHaveAttribute('lang', 'da');
  await expect(nav.getByRole('link', { name: 'Kladder', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Drafts', exact: true })).toHaveCount(0);
});
