import type { Locator, Page } from '@playwright/test';
import { DEMO_DATE } from '../support/fakes';
import { expectNoSeriousViolations, useLanguage } from './axe';
import { demoPassword, expect, test } from './fixtures';
import { DEMO_USER_ROWS } from './demo-data';
import { screenshotsAtBothSizes } from './send-helpers';

/**
 * An IT administrator's users (issue 8), in the window: the list with each user's role and whether they can sign
 * in, "Opret bruger" with its errors at the fields, and "Nulstil adgangskode …", after which the user signs in with
 * the new password through the sign-in screen. Nobody but an admin has the screen. Every wait is on the screen or
 * the backend's answer, never a sleep.
 */
test.use({ signedInAs: 'admin' });
test.describe.configure({ mode: 'parallel' });

const usersLink = (page: Page) => page.locator('nav.main-nav a[href="#/brugere"]');
const row = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`);

function createForm(page: Page) {
  const form = page.locator('section.user-form');
  return {
    username: form.locator('#new-user-username'),
    displayName: form.locator('#new-user-displayName'),
    role: form.locator('#new-user-role'),
    password: form.locator('#new-user-password'),
    repeat: form.locator('#new-user-repeat'),
    submit: form.locator('button[type="submit"]'),
    created: page.getByTestId('user-created'),
  };
}

async function fillCreate(
  page: Page,
  values: { username: string; name: string; role: string; password: string; repeat?: string },
) {
  const f = createForm(page);
  await f.username.fill(values.username);
  await f.displayName.fill(values.name);
  await f.role.selectOption(values.role);
  await f.password.fill(values.password);
  await f.repeat.fill(values.repeat ?? values.password);
}

/** The field's error, read as a screen reader hears it: tied to the field, and the field marked invalid. */
async function expectFieldError(field: Locator, text: string) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}

/** From the send screen, by the main menu. */
async function openUsers(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('current-role')).toHaveText('Administrator');
  await expect(usersLink(page)).toHaveText('Brugere');
  await usersLink(page).click();
  await expect(page.locator('#users-heading')).toBeFocused();
  await expect(page.getByTestId('user-row')).toHaveCount(DEMO_USER_ROWS.length);
}

test('the admin sees the demo users with their roles, creates a supervisor, and a taken username is refused at its field', async ({
  page,
}) => {
  await openUsers(page);
  await expect(page).toHaveTitle('Brugere – Sendeassistent');
  await expect(usersLink(page)).toHaveAttribute('aria-current', 'page');
  for (const [i, u] of DEMO_USER_ROWS.entries()) {
    const r = page.getByTestId('user-row').nth(i);
    await expect(r.getByRole('rowheader')).toHaveText(u.name);
    await expect(r.getByRole('cell').nth(0)).toHaveText(u.username);
    await expect(r.getByRole('cell').nth(1)).toHaveText(u.role);
    await expect(r.getByTestId('user-status')).toHaveText('Aktiv');
  }

  // Empty: each problem at its field, and the cursor in the first.
  const f = createForm(page);
  await f.submit.click();
  await expectFieldError(f.username, 'Skriv et brugernavn.');
  await expectFieldError(f.displayName, 'Skriv brugerens fulde navn.');
  await expectFieldError(f.password, 'Adgangskoden skal have mindst 10 tegn.');
  await expect(f.username).toBeFocused();

  // A username with a space, and two passwords that differ.
  await fillCreate(page, {
    username: 'ny leder',
    name: 'Nina Ny',
    role: 'supervisor',
    password: 'nina-ny-2026-kode',
    repeat: 'nina-ny-2026-kodx',
  });
  await f.submit.click();
  await expectFieldError(
    f.username,
    'Brugernavnet skal have 2–64 tegn og må kun indeholde bogstaver, tal og . _ @ -',
  );
  await expectFieldError(
    f.repeat,
    'De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.',
  );
  await expect(f.displayName).toHaveAttribute('aria-invalid', 'false');
  await expect(f.password).toHaveAttribute('aria-invalid', 'false');

  // Right: created, said by name, and in the list with its role.
  await f.username.fill('ny-leder');
  await f.repeat.fill('nina-ny-2026-kode');
  await f.submit.click();
  await expect(f.created).toHaveText('Nina Ny (ny-leder) er oprettet og kan logge ind nu.');
  await expect(page.getByTestId('user-row')).toHaveCount(DEMO_USER_ROWS.length + 1);
  await expect(row(page, 'ny-leder').getByRole('rowheader')).toHaveText('Nina Ny');
  await expect(row(page, 'ny-leder').getByRole('cell').nth(1)).toHaveText('Leder');
  await expect(row(page, 'ny-leder').getByTestId('user-status')).toHaveText('Aktiv');
  await expect(f.username).toHaveValue('');
  await expect(f.password).toHaveValue('');

  // A taken username (whatever its case): the backend refuses it, and the window says so at the field.
  await fillCreate(page, {
    username: 'Leder',
    name: 'Lone Leder igen',
    role: 'caseworker',
    password: 'endnu-en-lang-kode',
  });
  await f.submit.click();
  await expectFieldError(f.username, 'Brugernavnet er allerede i brug.');
  await expect(f.username).toBeFocused();
  await expect(f.created).toHaveCount(0);
  await expect(page.getByTestId('user-row')).toHaveCount(DEMO_USER_ROWS.length + 1);
});

test('a reset password lifts a lockout, and the user signs in with the new one', async ({
  page,
  harness,
}) => {
  // The harness's backend runs on the demo date; the window reads lockouts against its own clock, which in the
  // app is the same computer's: here it is set to the backend's day.
  await page.clock.setFixedTime(new Date(DEMO_DATE));
  // Five wrong passwords lock the caseworker (a failed sign-in leaves the admin's session as it is).
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await harness.backend.dispatcher.json('auth:signIn', {
      username: 'sagsbehandler',
      password: `forkert kodeord ${attempt}`,
    });
  }
  await openUsers(page);
  const status = row(page, 'sagsbehandler').getByTestId('user-status');
  await expect(status).toHaveText(/^Spærret til kl\. \d{2}\.\d{2}$/);

  const reset = row(page, 'sagsbehandler').getByRole('button', {
    name: 'Nulstil adgangskode for brugeren Sara Sagsbehandler …',
  });
  await reset.click();
  const dialog = page.getByRole('dialog', { name: 'Nulstil adgangskode' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Sara Sagsbehandler (sagsbehandler)');
  await expect(dialog).toContainText(
    'Brugeren får en ny signeringsnøgle; godkendelser, brugeren har givet før, kan stadig efterprøves.',
  );
  const password = dialog.getByLabel('Ny adgangskode', { exact: true });
  const repeat = dialog.getByLabel('Gentag den nye adgangskode');
  await expect(password).toBeFocused();

  // Escape closes it, and the button that opened it has the focus again.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(reset).toBeFocused();

  await reset.click();
  await expect(password).toBeFocused();
  await password.fill('kort');
  await dialog.getByRole('button', { name: 'Nulstil adgangskoden' }).click();
  await expectFieldError(password, 'Adgangskoden skal have mindst 10 tegn.');
  await password.fill('sara-ny-kode-2026');
  await repeat.fill('sara-ny-kode-2027');
  await dialog.getByRole('button', { name: 'Nulstil adgangskoden' }).click();
  await expectFieldError(repeat, 'De to adgangskoder er ikke ens.');
  await expect(repeat).toBeFocused();
  await repeat.fill('sara-ny-kode-2026');
  await dialog.getByRole('button', { name: 'Nulstil adgangskoden' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('password-reset')).toHaveText(
    'Adgangskoden for Sara Sagsbehandler (sagsbehandler) er nulstillet. Brugeren kan logge ind med den nye adgangskode nu.',
  );
  await expect(status).toHaveText('Aktiv');

  // "Log ud", and the caseworker signs in through the sign-in screen: the old password no longer works, the new one does.
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await page.locator('#sign-in-username').fill('sagsbehandler');
  await page.locator('#sign-in-password').fill(demoPassword('sagsbehandler'));
  await page.locator('button.auth-submit').click();
  await expect(page.getByTestId('sign-in-refused')).toHaveText('Forkert brugernavn eller adgangskode.');
  await page.locator('#sign-in-password').fill('sara-ny-kode-2026');
  await page.locator('button.auth-submit').click();
  await expect(page.getByTestId('current-user')).toHaveText('Sara Sagsbehandler');
  await expect(page.getByTestId('current-role')).toHaveText('Sagsbehandler');
  await expect(usersLink(page)).toHaveCount(0);
});

for (const language of ['da', 'en'] as const) {
  test(`axe: the list, the form with errors and the reset dialog (${language})`, async ({ page }) => {
    await useLanguage(page, language);
    await page.goto('/#/brugere');
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(page.getByTestId('user-row')).toHaveCount(DEMO_USER_ROWS.length);
    await expect(usersLink(page)).toHaveText(language === 'da' ? 'Brugere' : 'Users');
    await expectNoSeriousViolations(page, `users (${language})`);
    if (language === 'da') await screenshotsAtBothSizes(page, 'users', createForm(page).submit);

    const f = createForm(page);
    await f.username.fill('x');
    await f.password.fill('kort');
    await f.submit.click();
    await expect(f.username).toHaveAttribute('aria-invalid', 'true');
    await expect(f.displayName).toHaveAttribute('aria-invalid', 'true');
    await expect(f.password).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, `users, form with errors (${language})`);

    await row(page, 'leder').getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('input').first()).toBeFocused();
    await expectNoSeriousViolations(page, `users, reset dialog (${language})`);
    if (language === 'da')
      await screenshotsAtBothSizes(
        page,
        'users-reset',
        dialog.getByRole('button', { name: 'Nulstil adgangskoden' }),
        {
          fullPage: false,
        },
      );
  });
}

test.describe('a caseworker', () => {
  test.use({ signedInAs: 'sagsbehandler' });

  test('has no "Brugere" in the menu, and the address says the screen is an administrator’s', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.getByTestId('current-role')).toHaveText('Sagsbehandler');
    await expect(page.locator('nav.main-nav a')).not.toHaveCount(0);
    await expect(usersLink(page)).toHaveCount(0);
    await page.goto('/#/brugere');
    await expect(page.getByTestId('admins-only')).toHaveText('Kun administratorer kan se brugerne.');
    await expect(page.getByTestId('user-row')).toHaveCount(0);
    await expect(page.locator('section.user-form')).toHaveCount(0);
  });
});
