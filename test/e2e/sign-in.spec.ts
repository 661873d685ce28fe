import type { Page, Response } from '@playwright/test';
import { DEMO_USERS } from '../../src/shared/demo-users';
import { expectNoSeriousViolations, useLanguage } from './axe';
import { demoPassword, expect, test, type TestHarness } from './fixtures';
import type { PageGlobals } from './page-globals';
import { screenshotsAtBothSizes } from './send-helpers';

/**
 * Signing in through the window (issue 8): the sign-in screen with the demo users, wrong and locked passwords, "Log
 * ud", the idle lock (on Playwright's page clock: no real waiting), a session that ended elsewhere, the first run's
 * admin, the keyboard alone, axe in both languages, and screenshots. Nobody is signed in when a test starts.
 */
test.use({ signedInAs: null });
test.describe.configure({ mode: 'parallel' });

const SEND_HEADING = 'Send et dokument';
const CASEWORKER = 'sagsbehandler';
const ROLE_WORDS = { caseworker: 'Sagsbehandler', supervisor: 'Leder', admin: 'Administrator' } as const;

/** Each answer to a sign-in, so a test can wait for the next one (the same refusal twice looks the same). */
const isSignIn = (r: Response) => /\/__api\/auth(?::|%3A)signIn$/i.test(r.url());

function signInForm(page: Page) {
  return {
    heading: page.locator('#sign-in-heading'),
    username: page.locator('#sign-in-username'),
    password: page.locator('#sign-in-password'),
    submit: page.locator('button.auth-submit'),
    refused: page.getByTestId('sign-in-refused'),
    notice: page.getByTestId('sign-in-notice'),
  };
}

/** Fills the form and presses "Log ind", then waits for the backend's answer. */
async function trySignIn(page: Page, username: string, password: string): Promise<Response> {
  const form = signInForm(page);
  await form.username.fill(username);
  await form.password.fill(password);
  const [answer] = await Promise.all([page.waitForResponse(isSignIn), form.submit.click()]);
  return answer;
}

async function callFromPage(page: Page) {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).api.listCases({}));
}

/** A shorter idle time, set on the backend (the settings channel needs somebody signed in) before the page loads. */
async function setIdleLockMinutes(harness: TestHarness, minutes: number): Promise<void> {
  const d = harness.backend.dispatcher;
  const signedIn = await d.json('auth:signIn', { username: CASEWORKER, password: demoPassword(CASEWORKER) });
  expect(signedIn).toMatchObject({ ok: true, value: { signedIn: true } });
  expect(await d.json('settings:update', { patch: { idleLockMinutes: minutes } })).toMatchObject({
    ok: true,
    value: { saved: true },
  });
  expect(await d.json('auth:signOut', { reason: 'user' })).toMatchObject({ ok: true });
}

/** The sign-in time in the window's words: Danish time, `10.31` (English `10:31`). */
function clockTime(iso: string, language: 'da' | 'en' = 'da'): string {
  const time = new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
    timeZone: 'Europe/Copenhagen',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return language === 'da' ? time.replace(':', '.') : time;
}

/** WCAG 2.0 and 2.1, A and AA; serious and critical violations fail (as test/e2e/a11y.spec.ts). */

test('the demo users are listed; a wrong password says so; the right one opens the app; "Log ud" ends the session', async ({
  page,
}) => {
  await page.goto('/');
  const form = signInForm(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await expect(form.username).toBeFocused();
  await expect(page).toHaveTitle('Log ind – Sendeassistent');

  // Every demo user, with the role in words and the published password, so a newcomer can try each role.
  const demo = page.getByRole('region', { name: 'Demo-brugere' });
  await expect(demo.getByRole('row')).toHaveCount(DEMO_USERS.length + 1);
  for (const user of DEMO_USERS) {
    const row = demo.getByRole('row', { name: new RegExp(`^${user.displayName}`) });
    await expect(row.getByRole('cell')).toHaveText([ROLE_WORDS[user.role], user.username, user.password]);
  }
  await screenshotsAtBothSizes(page, 'sign-in', form.submit);

  // Nothing typed: said at the field.
  await form.submit.click();
  await expect(page.locator('#sign-in-username-error')).toHaveText('Skriv dit brugernavn.');
  await expect(form.username).toHaveAttribute('aria-invalid', 'true');
  await expect(form.username).toHaveAttribute('aria-describedby', 'sign-in-username-error');
  await expect(form.username).toBeFocused();

  // A wrong password: never which of the two was wrong; the password is cleared for the next try.
  await trySignIn(page, CASEWORKER, 'et forkert kodeord');
  await expect(form.refused).toHaveText('Forkert brugernavn eller adgangskode.');
  await expect(form.refused).toHaveAttribute('role', 'alert');
  await expect(form.password).toHaveAttribute('aria-invalid', 'true');
  await expect(form.password).toHaveAttribute('aria-describedby', 'sign-in-refused');
  await expect(form.password).toHaveValue('');
  await expect(form.password).toBeFocused();
  // An unknown name gets the same answer.
  await trySignIn(page, 'ingen-saadan', 'et forkert kodeord');
  await expect(form.refused).toHaveText('Forkert brugernavn eller adgangskode.');

  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('Sara Sagsbehandler');
  await expect(page.getByTestId('current-role')).toHaveText('Sagsbehandler');
  expect(await callFromPage(page)).toMatchObject({ ok: true });

  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await expect(form.notice).toHaveText('Du er logget ud.');
  await expect(page.getByRole('button', { name: 'Log ud' })).toHaveCount(0);
  expect(await callFromPage(page)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
});

test('five wrong passwords lock the user; the message says until when and what to do', async ({ page }) => {
  await page.goto('/');
  const form = signInForm(page);
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    const answer = await trySignIn(page, CASEWORKER, `forkert kodeord ${attempt}`);
    expect(await answer.json()).toMatchObject({ ok: true, value: { signedIn: false, reason: 'wrong' } });
    await expect(form.refused).toHaveText('Forkert brugernavn eller adgangskode.');
  }
  const fifth = (await (await trySignIn(page, CASEWORKER, 'forkert kodeord 5')).json()) as {
    value: { reason: string; until: string };
  };
  expect(fifth.value.reason).toBe('locked');
  const locked =
    `Brugeren er låst, fordi adgangskoden blev skrevet forkert for mange gange. Vent til kl. ` +
    `${clockTime(fifth.value.until)}, og prøv igen – eller kontakt IT, hvis du har glemt din adgangskode.`;
  await expect(form.refused).toHaveText(locked);
  await expect(form.refused).toHaveAttribute('role', 'alert');
  await screenshotsAtBothSizes(page, 'sign-in-locked', form.submit);

  // While locked even the right password is refused (it is not even tried).
  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(form.refused).toHaveText(locked);
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toHaveCount(0);
});

test('the window locks itself after the idle time; the backend has signed the user out', async ({
  page,
  harness,
}) => {
  await setIdleLockMinutes(harness, 1);
  await page.clock.install();
  await page.goto('/');
  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();

  // Activity keeps it open: 50 s, a key, 50 s more.
  await page.clock.fastForward('00:50');
  await page.keyboard.press('Shift');
  await page.clock.fastForward('00:50');
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();

  await page.clock.fastForward('01:05');
  const form = signInForm(page);
  await expect(form.notice).toHaveText(
    'Vinduet blev låst efter 1 minut uden aktivitet. Log ind igen – dine kladder er gemt.',
  );
  await expect(form.notice).toHaveAttribute('role', 'alert');
  await expect(form.username).toBeFocused();
  expect(await callFromPage(page)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

  // Signing in again opens the app.
  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();
});

test('a session that ended elsewhere takes the window back to the sign-in screen at its next call', async ({
  page,
  harness,
}) => {
  await page.goto('/');
  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();

  // The backend forgets the session (as after a restart); the window learns it from its next call.
  expect(await harness.backend.dispatcher.json('auth:signOut', { reason: 'user' })).toMatchObject({
    ok: true,
  });
  // To the cases screen by its address (not the link: a call the window had under way may already have learned it
  // and taken the window to the sign-in screen, which is the same lesson).
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/sager';
  });
  const form = signInForm(page);
  await expect(form.notice).toHaveText(
    'Du er ikke længere logget ind (for eksempel fordi programmet blev startet igen). Log ind igen – dine kladder er gemt.',
  );
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();

  await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
  await expect(page.getByRole('heading', { level: 2, name: 'Sager' })).toBeVisible();
});

test('signing in by keyboard alone', async ({ page }) => {
  await page.goto('/');
  const form = signInForm(page);
  await expect(form.username).toBeFocused();
  await page.keyboard.type(CASEWORKER);
  await page.keyboard.press('Tab');
  await expect(form.password).toBeFocused();
  await page.keyboard.type('et forkert kodeord');
  await page.keyboard.press('Tab');
  await expect(form.submit).toBeFocused();
  await Promise.all([page.waitForResponse(isSignIn), page.keyboard.press('Enter')]);
  await expect(form.refused).toHaveText('Forkert brugernavn eller adgangskode.');
  // The cursor is back in the (cleared) password field: type and press Enter.
  await expect(form.password).toBeFocused();
  await page.keyboard.type(demoPassword(CASEWORKER));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText('Sara Sagsbehandler');

  // "Log ud" is reachable from the header by Tab.
  const signOut = page.getByRole('button', { name: 'Log ud' });
  for (let presses = 0; presses < 30; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.locator('[data-testid="sign-out"]:focus').count()) > 0) break;
  }
  await expect(signOut).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(form.username).toBeFocused();
});

for (const language of ['da', 'en'] as const) {
  test(`axe: the sign-in screen with an error, and the idle lock's message (${language})`, async ({
    page,
    harness,
  }) => {
    await setIdleLockMinutes(harness, 1);
    await useLanguage(page, language);
    await page.clock.install();
    await page.goto('/');
    const form = signInForm(page);
    await expect(form.username).toBeFocused();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectNoSeriousViolations(page, `sign-in (${language})`);

    await trySignIn(page, CASEWORKER, 'et forkert kodeord');
    await expect(form.refused).toBeVisible();
    await expect(form.refused).toHaveText(
      language === 'da' ? 'Forkert brugernavn eller adgangskode.' : 'Wrong username or password.',
    );
    await expectNoSeriousViolations(page, `sign-in, wrong password (${language})`);

    await trySignIn(page, CASEWORKER, demoPassword(CASEWORKER));
    await expect(page.locator('#send-heading')).toBeVisible();
    await expect(page.getByTestId('current-role')).toHaveText(
      language === 'da' ? 'Sagsbehandler' : 'Caseworker',
    );
    await expectNoSeriousViolations(page, `signed in, header (${language})`);

    await page.clock.fastForward('01:05');
    await expect(form.notice).toBeVisible();
    await expect(form.notice).toContainText(
      language === 'da' ? 'efter 1 minut uden' : 'after 1 minute without',
    );
    await expectNoSeriousViolations(page, `idle lock (${language})`);
    if (language === 'da') await screenshotsAtBothSizes(page, 'sign-in-idle-locked', form.submit);
  });
}

test.describe('the first run, without demo data', () => {
  test.use({ harnessOptions: { seedDemoData: false } });

  test('shows the first-run screen; creating the admin signs them in', async ({ page }) => {
    await page.goto('/');
    const heading = page.getByRole('heading', { level: 2, name: 'Opret administrator' });
    await expect(heading).toBeVisible();
    await expect(heading).toBeFocused();
    await expect(page.getByTestId('demo-users')).toHaveCount(0);
    const submit = page.locator('button.auth-submit');
    await screenshotsAtBothSizes(page, 'first-run', submit);

    // Every problem said at its field; the cursor goes to the first.
    await submit.click();
    const username = page.getByLabel('Brugernavn', { exact: true });
    await expect(page.locator('#first-run-username-error')).toHaveText('Skriv et brugernavn.');
    await expect(page.locator('#first-run-displayName-error')).toHaveText(
      'Skriv administratorens fulde navn.',
    );
    await expect(page.locator('#first-run-password-error')).toHaveText(
      'Adgangskoden skal have mindst 10 tegn.',
    );
    await expect(username).toBeFocused();
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(username).toHaveAttribute(
      'aria-describedby',
      'first-run-username-hint first-run-username-error',
    );

    await username.fill('it admin');
    await page.getByLabel('Fulde navn').fill('Ida IT-administrator');
    await page.getByLabel('Adgangskode', { exact: true }).fill('et langt kodeord');
    await page.getByLabel('Gentag adgangskoden').fill('et andet langt kodeord');
    await submit.click();
    await expect(page.locator('#first-run-username-error')).toHaveText(
      'Brugernavnet skal have 2–64 tegn og må kun indeholde bogstaver, tal og . _ @ -',
    );
    await expect(page.locator('#first-run-displayName-error')).toHaveCount(0);
    await expect(page.locator('#first-run-repeat-error')).toHaveText(
      'De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.',
    );

    await username.fill('it-admin');
    await page.getByLabel('Gentag adgangskoden').fill('et langt kodeord');
    await submit.click();
    await expect(page.getByRole('heading', { level: 2, name: SEND_HEADING })).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveText('Ida IT-administrator');
    await expect(page.getByTestId('current-role')).toHaveText('Administrator');

    // Signed out, the store is set up: the sign-in screen, without demo users.
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
    await expect(page.getByTestId('demo-users')).toHaveCount(0);
  });

  for (const language of ['da', 'en'] as const) {
    test(`axe: the first-run screen, with its field errors (${language})`, async ({ page }) => {
      await useLanguage(page, language);
      await page.goto('/');
      await expect(page.locator('#first-run-heading')).toBeFocused();
      await expectNoSeriousViolations(page, `first run (${language})`);
      await page.locator('button.auth-submit').click();
      await expect(page.locator('#first-run-username-error')).toBeVisible();
      await expectNoSeriousViolations(page, `first run, field errors (${language})`);
    });
  }
});
