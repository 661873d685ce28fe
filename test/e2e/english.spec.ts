import { useLanguage } from './axe';
import { expect, test } from './fixtures';
import {
  chooseLetter,
  navLink,
  openScreen,
  openSendScreen,
  pickCase,
  sendButton,
  waitForCheck,
} from './neutral-helpers';
import { caseOfLetter, screenshotsAtBothSizes } from './send-helpers';

/**
 * The window in English at 1366×768 and at 125 % scaling (1093×614): English words are longer than Danish ones, so
 * the layout is checked again — no sideways scrolling, the primary button not clipped (screenshotsAtBothSizes
 * asserts both) — and the screenshots are written for a person to look at (`*-en.png`, `*-en-1093.png`).
 */

const EMIL = '01-emil-boernefaglig-undersoegelse.pdf';

test('the send screen, drafts, outbox, history and settings in English fit both sizes', async ({
  page,
  harness,
}) => {
  await useLanguage(page, 'en');
  await openSendScreen(page, harness, 30);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(navLink(page, '#/kladder')).toHaveText('Drafts');

  await chooseLetter(page, EMIL);
  await pickCase(page, caseOfLetter(EMIL));
  await waitForCheck(page);
  await expect(sendButton(page)).toBeEnabled();
  await screenshotsAtBothSizes(page, 'send-en', sendButton(page));

  const drafts = await openScreen(page, '#/kladder', 'drafts-heading');
  await expect(drafts.getByRole('link', { name: new RegExp(EMIL.replace(/\./g, '\\.')) })).toBeVisible();
  await screenshotsAtBothSizes(page, 'drafts-en', null);

  await openScreen(page, '#/udbakke', 'outbox-heading');
  await screenshotsAtBothSizes(page, 'outbox-en', null);

  const history = await openScreen(page, '#/historik', 'history-heading');
  await screenshotsAtBothSizes(page, 'history-en', history.locator('button[type="submit"]'));

  const settings = await openScreen(page, '#/indstillinger', 'settings-heading');
  await screenshotsAtBothSizes(page, 'settings-en', settings.locator('button[type="submit"]'), {
    fullPage: false,
  });
});
