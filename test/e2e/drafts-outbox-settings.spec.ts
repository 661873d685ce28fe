import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { protectedDemoLetter } from '../fixtures/documents/protected-letters';
import { startSf1601Mock } from '../support/sf1601-mock';
import { createTestPki } from '../support/test-pki';
import { screenshotPath } from './demo-data';
import { expect, test } from './fixtures';
import type { PageGlobals } from './page-globals';
import {
  caseOfLetter,
  chooseLetter,
  connectionStatus,
  openSendScreen,
  outboxItems,
  pickCase,
  restartApp,
  screenshotsAtBothSizes,
  sendStep,
  waitForCheck,
  watchCsp,
} from './send-helpers';

/**
 * The drafts list, the outbox and the settings, end to end: Chromium against the harness with the real backend,
 * the outbox worker running, and the sandbox, a folder or an SF1601 mock as the connector. Restarts are real: the
 * backend is shut down and started again on the same encrypted store, and the window is reloaded. Every wait is on
 * the screen or the backend's answers, never a sleep.
 */
test.use({ harnessOptions: { runOutbox: true } });

const NADIA = '11-nadia-afgoerelse-fleksjob-repraesentant.pdf';
const EMIL = '01-emil-boernefaglig-undersoegelse.pdf';
/** The demo store's fictitious sender (src/backend/services/demo-seed.ts): the SF1601 mock checks it. */
const DEMO_CVR = '12345678';

const api = (page: Page) => ({
  settings: () => page.evaluate(() => (globalThis as unknown as PageGlobals).api.getSettings({})),
  update: (patch: object) =>
    page.evaluate(
      (p) => (globalThis as unknown as PageGlobals).api.updateSettings({ patch: p as never }),
      patch,
    ),
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name, exact: true });
const group = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name} \\(`) });

test('a draft survives a restart: listed in Kladder newest first, one discarded, the other resumed and sent', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  await openSendScreen(page, harness, 2);
  // Two documents read, neither sent: the first without a case, the second checked against its case.
  await chooseLetter(page, EMIL);
  await chooseLetter(page, NADIA);
  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);

  await restartApp(page, harness, '/#/kladder');
  await expect(page.getByRole('heading', { level: 2, name: 'Kladder' })).toBeVisible();
  await expect(nav(page, 'Kladder')).toHaveAttribute('aria-current', 'page');
  const table = page.getByRole('table', { name: 'Kladder, nyeste først' });
  const rows = table.getByTestId('draft-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(NADIA);
  await expect(rows.nth(0)).toContainText(caseOfLetter(NADIA));
  await expect(rows.nth(0)).toContainText('Afgørelse');
  await expect(rows.nth(1)).toContainText(EMIL);
  await expect(rows.nth(1)).toContainText('Ingen sag valgt');
  await screenshotsAtBothSizes(page, 'drafts', page.getByRole('link', { name: `Fortsæt med ${NADIA}` }));

  // Discarding asks first, with the safe answer focused; "Behold den" keeps it.
  await page.getByRole('button', { name: `Kassér ${EMIL}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Kassér kladden?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Behold den' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Behold den' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: `Kassér ${EMIL}` }).click();
  await dialog.getByRole('button', { name: 'Kassér kladden' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'kasseret' })).toHaveText(
    `Kladden ${EMIL} er kasseret.`,
  );
  await expect(rows).toHaveCount(1);

  // Resumed on the send screen: the document, its case, a fresh check, the preview, and the send button.
  await page.getByRole('link', { name: `Fortsæt med ${NADIA}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Send et dokument' })).toBeFocused();
  expect(new URL(page.url()).hash).toMatch(/^#\/\?kladde=[0-9a-f-]{36}$/);
  await expect(page.getByTestId('document-summary')).toContainText(NADIA);
  await expect(page.getByTestId('resumed-draft')).toContainText('Fortsat fra kladderne');
  await expect(page.getByTestId('chosen-case')).toContainText(caseOfLetter(NADIA));
  await waitForCheck(page);
  await expect(page.getByRole('img', { name: `Side 1 af 1 i ${NADIA}` })).toBeVisible();
  await expect(page.getByText('Genkendt som Afgørelse')).toBeVisible();
  // The type picker lists the policy pack's types (policy:documentTypes).
  await expect(page.getByLabel('Dokumenttype', { exact: true }).locator('option')).toContainText([
    'Afgørelse',
    'Partshøring',
    'Generelt brev',
  ]);
  const { step, button } = sendStep(page);
  await expect(button).toHaveText('Send digitalt til Karim Mønstersen');
  await button.click();
  await expect(step.getByRole('heading', { name: 'Afleveret til Digital Post' })).toBeVisible({
    timeout: 20_000,
  });

  // Sent: no longer a draft; in the outbox under "Sendt" with the sandbox's reference.
  await nav(page, 'Kladder').click();
  await expect(page.getByText('Der er ingen kladder.')).toBeVisible();
  await nav(page, 'Udbakke').click();
  const sent = group(page, 'Sendt').getByTestId('outbox-item');
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText(NADIA);
  await expect(sent).toContainText('Karim Mønstersen');
  await expect(sent).toContainText(/Reference\s*SANDBOX-/);
  await expect(sent).toContainText('Afleveret til Digital Post');
});

test('a resumed draft whose PDF has its own password asks for it again (it is never stored) before the preview', async ({
  page,
  harness,
}) => {
  await openSendScreen(page, harness, 2);
  const bytes = await protectedDemoLetter(NADIA, { userPassword: 'hemmelig-2', ownerPassword: 'ejer-2' });
  await page.getByLabel('Vælg fil', { exact: true }).setInputFiles({
    name: 'beskyttet.pdf',
    mimeType: 'application/pdf',
    buffer: bytes,
  });
  await page.getByLabel('Adgangskode til beskyttet.pdf').fill('hemmelig-2');
  await page.getByRole('button', { name: 'Åbn dokumentet' }).click();
  await expect(page.getByTestId('document-summary')).toContainText('beskyttet.pdf');

  await restartApp(page, harness, '/#/kladder');
  await page.getByRole('link', { name: 'Fortsæt med beskyttet.pdf' }).click();
  const password = page.getByLabel('Adgangskode til beskyttet.pdf');
  await expect(password).toBeFocused();
  await expect(page.getByTestId('document-summary')).toHaveCount(0);
  await password.fill('forkert');
  await page.getByRole('button', { name: 'Åbn dokumentet' }).click();
  await expect(page.getByRole('alert')).toHaveText('Adgangskoden passer ikke. Prøv igen.');
  await password.fill('hemmelig-2');
  await page.getByRole('button', { name: 'Åbn dokumentet' }).click();
  await expect(page.getByRole('img', { name: 'Side 1 af 1 i beskyttet.pdf' })).toBeVisible();
  await expect(page.getByTestId('resumed-draft')).toContainText('Fortsat fra kladderne');
  // It was read without a case: the case is picked now, as for a new document.
  await expect(page.getByRole('searchbox', { name: 'Find sagen' })).toBeVisible();
});

test('the outbox: a queued send counts down and is undone from Udbakke; a refused cancel says why', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  await openSendScreen(page, harness, 60);
  await chooseLetter(page, NADIA);
  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  await sendStep(page).button.click();
  await expect(page.getByTestId('countdown')).toBeVisible();

  await nav(page, 'Udbakke').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Udbakke' })).toBeFocused();
  const waiting = group(page, 'Venter').getByTestId('outbox-item');
  await expect(waiting).toHaveCount(1);
  await expect(waiting).toContainText('Venter på afsendelse');
  await expect(waiting).toContainText(/Sendes om \d+ sekunder\./);
  await expect(group(page, 'Kræver handling')).toContainText('Ingen forsendelser kræver handling.');
  await screenshotsAtBothSizes(page, 'outbox', waiting.getByRole('button', { name: 'Fortryd' }));

  await waiting.getByRole('button', { name: 'Fortryd' }).click();
  const cancelled = group(page, 'Annulleret').getByTestId('outbox-item');
  await expect(cancelled).toHaveCount(1);
  await expect(cancelled).toContainText('Forsendelsen er annulleret.');
  await expect(cancelled).toBeFocused();
  await expect(group(page, 'Venter')).toContainText('Ingen forsendelser venter.');
  // The send screen, still mounted, followed the row through outbox:changed.
  await nav(page, 'Send').click();
  const { step } = sendStep(page);
  await expect(step.getByRole('heading', { name: 'Afsendelsen er fortrudt' })).toBeVisible();
  expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual(['cancelled']);

  // A child-welfare letter waits for approval; someone else (another window, the CLI) cancels it first, so the
  // backend refuses this window's cancel and the card says why, in Danish.
  await step.getByRole('button', { name: 'Send et nyt dokument' }).click();
  await chooseLetter(page, EMIL);
  await pickCase(page, caseOfLetter(EMIL));
  await waitForCheck(page);
  await sendStep(page).button.click();
  await expect(step.getByRole('heading', { name: 'Sendt til godkendelse' })).toBeVisible();
  await nav(page, 'Udbakke').click();
  // One send per custody holder; the mother's is cancelled here.
  const approval = group(page, 'Venter').getByTestId('outbox-item').filter({ hasText: 'Mette Eksempelsen' });
  await expect(approval).toContainText('Afventer godkendelse');
  const id = (await outboxItems(page)).find(
    (i) => i.entry.state === 'awaiting_approval' && i.recipient.name === 'Mette Eksempelsen',
  )!.id;
  await page.route(
    (url) => url.pathname === '/__api/outbox%3Acancel',
    async (route) => {
      await harness.backend.dispatcher.json('outbox:cancel', {
        outboxId: id,
        reason: 'Annulleret i et andet vindue',
      });
      await route.continue();
    },
  );
  await approval.getByRole('button', { name: 'Annullér …' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annullér forsendelsen' });
  await expect(dialog).toContainText(EMIL);
  await dialog.getByRole('textbox', { name: 'Begrundelse' }).fill('ok');
  await dialog.getByRole('button', { name: 'Annullér forsendelsen' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Skriv en begrundelse på mindst 3 tegn.');
  await dialog.getByRole('textbox', { name: 'Begrundelse' }).fill('Forkert bilag vedhæftet');
  await dialog.getByRole('button', { name: 'Annullér forsendelsen' }).click();
  await expect(dialog).toBeHidden();
  const refusal = await harness.backend.dispatcher.json('outbox:cancel', { outboxId: id, reason: 'igen' });
  expect(refusal).toMatchObject({ ok: true, value: { changed: false, refusal: expect.any(String) } });
  const reason = (refusal as { value: { refusal: string } }).value.refusal;
  const refused = page.locator(`#outbox-item-${id}`);
  await expect(refused.getByRole('alert')).toHaveText(`Det kunne ikke lade sig gøre: ${reason}`);
  await expect(group(page, 'Annulleret').getByTestId('outbox-item')).toHaveCount(2);
});

test('offline: with the folder connector and its folder gone, a send waits with the reason, and goes once it is back', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  const root = await mkdtemp(join(tmpdir(), 'sendeassistent-folder-'));
  const outDir = join(root, 'udbakke');
  try {
    await page.goto('/#/indstillinger');
    await page.getByRole('radio', { name: /^Mappe/ }).check();
    await page.getByRole('textbox', { name: 'Mappe til forsendelser' }).fill(outDir);
    await page.getByRole('textbox', { name: 'Forsinkelse før afsendelse (sekunder)' }).fill('1');
    await expect(page.getByText('træder i kraft, næste gang Sendeassistent startes')).toBeVisible();
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'gemt' })).toHaveText('Indstillingerne er gemt.');

    await restartApp(page, harness, '/');
    // The folder connector opens without touching the folder; it is "klar" until a send cannot get through.
    await expect(connectionStatus(page)).toHaveText('Forbindelse til Digital Post: klar');
    await chooseLetter(page, NADIA);
    await pickCase(page, caseOfLetter(NADIA));
    await waitForCheck(page);
    await sendStep(page).button.click();

    await expect(connectionStatus(page)).toHaveText('Ingen forbindelse – forsendelser venter', {
      timeout: 20_000,
    });
    await expect(connectionStatus(page)).toHaveAccessibleDescription(/Mappen/);
    await nav(page, 'Udbakke').click();
    const waiting = group(page, 'Venter').getByTestId('outbox-item');
    await expect(waiting).toContainText('Der er ingen forbindelse til Digital Post, så forsendelsen venter.');
    await expect(waiting).toContainText(/Årsag: .+/);
    await expect(waiting).toContainText(/Næste forsøg kl\. \d\d\.\d\d\.\d\d\./);
    await expect(waiting.getByRole('button', { name: 'Annullér …' })).toBeVisible();
    // The reason also shows beside the indicator on keyboard focus, and Escape hides it.
    await connectionStatus(page).focus();
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText('Forbindelse: Mappe (kommunens egen integration).');
    await page.screenshot({ path: screenshotPath('outbox-offline'), fullPage: true });
    await page.keyboard.press('Escape');
    await expect(tooltip).toBeHidden();

    // The folder is back: the next attempt (every 15 s while offline) delivers it, and the indicator follows.
    await mkdir(outDir);
    const sent = group(page, 'Sendt').getByTestId('outbox-item');
    await expect(sent).toHaveCount(1, { timeout: 40_000 });
    await expect(connectionStatus(page)).toHaveText('Forbindelse til Digital Post: klar');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

// Whether Digital Post got a send nobody can confirm is a supervisor's call: the demo supervisor sends and resolves.
test.describe('as a supervisor', () => {
  test.use({ signedInAs: 'leder' });

  test('SF1601: no certificate password means "Ingen forbindelse"; with it, sends cut off after the request are resolved from "Kræver handling" (send again, confirmed received), and a server error waits with its next attempt', async ({
    page,
    harness,
  }) => {
    test.setTimeout(120_000);
    const pkiDir = await mkdtemp(join(tmpdir(), 'sendeassistent-e2e-pki-'));
    const pki = createTestPki(pkiDir);
    const mock = await startSf1601Mock({ pki, cvr: DEMO_CVR });
    try {
      // IT sets the connector (its test addresses point at the mock), as the machine file or the CLI would.
      await page.goto('/');
      const saved = await api(page).update({
        sendDelaySeconds: 1,
        connector: {
          kind: 'sf1601',
          options: {
            endpoint: 'test',
            certificatePath: pki.clients.good.p12File,
            caFile: pki.caFile,
            urls: mock.urls,
          },
        },
      });
      expect(saved).toMatchObject({ ok: true, value: { saved: true } });

      await restartApp(page, harness, '/#/indstillinger', 'not-ready');
      const status = connectionStatus(page);
      await expect(status).toHaveText('Ingen forbindelse – forsendelser venter');
      await expect(status).toHaveAccessibleDescription(/Certifikatets adgangskode er ikke gemt/);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-tone', 'offline');

      // The settings show the SF1601 options; the password is typed once, saved, and never shown again.
      await expect(page.getByRole('radio', { name: /^KOMBIT Serviceplatformen/ })).toBeChecked();
      await expect(page.getByRole('textbox', { name: 'Funktionscertifikat (.p12/.pfx)' })).toHaveValue(
        pki.clients.good.p12File,
      );
      const password = page.getByLabel('Ny adgangskode til certifikatet');
      await expect(password).toHaveAttribute('type', 'password');
      await page.getByRole('button', { name: 'Gem adgangskoden' }).click();
      await expect(page.getByText('Skriv adgangskoden.')).toBeVisible();
      await password.fill(pki.clients.good.password);
      await page.getByRole('button', { name: 'Gem adgangskoden' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Adgangskoden er gemt' })).toBeVisible();
      await expect(password).toHaveValue('');
      // The SF1601 options and the password in view, the save bar at the bottom of the window.
      await page.getByRole('textbox', { name: 'Funktionscertifikat (.p12/.pfx)' }).scrollIntoViewIfNeeded();
      await screenshotsAtBothSizes(
        page,
        'settings-sf1601',
        page.getByRole('button', { name: 'Gem indstillinger' }),
        { fullPage: false },
      );

      await restartApp(page, harness, '/');
      await expect(status).toHaveText('Forbindelse til Digital Post: klar');

      // KombiPostAfsend takes the message and drops the connection before answering: unknown, and SF1601 cannot be
      // asked by UUID, so a person must decide.
      mock.fault('reset', 1);
      await chooseLetter(page, NADIA);
      await pickCase(page, caseOfLetter(NADIA));
      await waitForCheck(page);
      await sendStep(page).button.click();
      await nav(page, 'Udbakke').click();
      const attention = group(page, 'Kræver handling').getByTestId('outbox-item');
      await expect(attention).toHaveCount(1, { timeout: 30_000 });
      await expect(attention).toContainText('Uvist om modtaget');
      await expect(attention).toContainText('Digital Post kan ikke spørges automatisk');
      const [item] = await outboxItems(page);
      await expect(attention).toContainText(item!.entry.messageUUID);
      await expect(attention.getByRole('button', { name: 'Bekræftet modtaget …' })).toBeVisible();
      await screenshotsAtBothSizes(
        page,
        'outbox-attention',
        attention.getByRole('button', { name: 'Send igen …' }),
      );
      expect(mock.attempts.map((a) => a.outcome)).toEqual(['accepted_then_reset']);

      await attention.getByRole('button', { name: 'Send igen …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Send igen' });
      await expect(dialog).toContainText('Karim Mønstersen');
      await dialog
        .getByRole('textbox', { name: 'Begrundelse' })
        .fill('KOMBIT-support: ikke modtaget (sag 4711)');
      await dialog.getByRole('button', { name: 'Send igen' }).click();
      const sent = group(page, 'Sendt').getByTestId('outbox-item');
      await expect(sent).toHaveCount(1, { timeout: 30_000 });
      await expect(sent).toBeFocused();
      await expect(group(page, 'Kræver handling')).toContainText('Ingen forsendelser kræver handling.');
      const delivered = mock.deliveries(item!.entry.messageUUID);
      expect(delivered.length).toBeGreaterThanOrEqual(1);
      await expect(sent).toContainText(new RegExp(`Reference\\s*${delivered.at(-1)!.transmissionId}`));
      // The same UUID went again, once, after the person's decision.
      expect(mock.attempts.map((a) => a.outcome)).toEqual(['accepted_then_reset', 'accepted']);

      // A server error: "Venter" says when the next automatic attempt is and what went wrong, then it goes.
      mock.fault('fail_5xx', 2);
      await nav(page, 'Send').click();
      await sendStep(page).step.getByRole('button', { name: 'Send et nyt dokument' }).click();
      await chooseLetter(page, NADIA);
      await pickCase(page, caseOfLetter(NADIA));
      await waitForCheck(page);
      await sendStep(page).button.click();
      await nav(page, 'Udbakke').click();
      const retrying = group(page, 'Venter').getByTestId('outbox-item');
      await expect(retrying).toContainText('Fejlede – prøves igen', { timeout: 15_000 });
      await expect(retrying).toContainText(
        /Der prøves automatisk igen kl\. \d\d\.\d\d \(forsøg [12] af 8 er brugt\)\./,
      );
      await expect(retrying).toContainText(/Seneste fejl: .+/);
      await expect(retrying.getByRole('button', { name: 'Annullér …' })).toBeVisible();
      await expect(group(page, 'Sendt').getByTestId('outbox-item')).toHaveCount(2, { timeout: 40_000 });

      // Cut off again; this time Digital Post confirms it has the letter: marked sent, and not sent a second time.
      mock.fault('reset', 1);
      await nav(page, 'Send').click();
      await sendStep(page).step.getByRole('button', { name: 'Send et nyt dokument' }).click();
      await chooseLetter(page, NADIA);
      await pickCase(page, caseOfLetter(NADIA));
      await waitForCheck(page);
      await sendStep(page).button.click();
      await nav(page, 'Udbakke').click();
      await expect(attention).toHaveCount(1, { timeout: 30_000 });
      const third = (await outboxItems(page)).find((i) => i.entry.state === 'unknown')!;
      await attention.getByRole('button', { name: 'Bekræftet modtaget …' }).click();
      const confirm = page.getByRole('dialog', { name: 'Bekræftet modtaget' });
      await confirm
        .getByRole('textbox', { name: 'Begrundelse' })
        .fill('Set i kommunens oversigt over sendt post');
      await confirm.getByRole('button', { name: 'Markér som modtaget' }).click();
      await expect(group(page, 'Sendt').getByTestId('outbox-item')).toHaveCount(3);
      await expect(page.locator(`#outbox-item-${third.id}`)).toContainText(
        'Forsendelsen er markeret som modtaget af Digital Post.',
      );
      expect(mock.attempts.filter((a) => a.uuid === third.entry.messageUUID).map((a) => a.outcome)).toEqual([
        'accepted_then_reset',
      ]);
    } finally {
      await mock.close();
      await rm(pkiDir, { recursive: true, force: true });
    }
  });
});

test('settings: the send delay is saved; a wrong value is named at its field; nothing changed says so', async ({
  page,
}) => {
  await page.goto('/#/indstillinger');
  await expect(page.getByRole('heading', { level: 2, name: 'Indstillinger' })).toBeVisible();
  // The form checks values with the shared zod schema in the window: without eval (the CSP forbids it).
  const cspViolations = await watchCsp(page);
  const delay = page.getByRole('textbox', { name: 'Forsinkelse før afsendelse (sekunder)' });
  await expect(delay).toHaveValue('30');
  await expect(page.getByRole('textbox', { name: 'Kommunens CVR-nummer' })).toHaveValue(DEMO_CVR);
  await expect(page.getByRole('radio', { name: /^Sandkasse/ })).toBeChecked();
  const save = page.getByRole('button', { name: 'Gem indstillinger' });

  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'ændringer' })).toHaveText(
    'Der er ingen ændringer at gemme.',
  );

  await delay.fill('45');
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'gemt' })).toHaveText('Indstillingerne er gemt.');
  const after = await api(page).settings();
  expect(after).toMatchObject({ ok: true, value: { settings: { sendDelaySeconds: 45 } } });
  // Only the changed value became the user's own: the rest still follow the defaults (and IT's file).
  expect(after.ok && after.value.sources).toMatchObject({
    sendDelaySeconds: 'user',
    idleLockMinutes: 'default',
  });
  await page.reload();
  await expect(delay).toHaveValue('45');
  await screenshotsAtBothSizes(page, 'settings', save, { fullPage: false });

  // A wrong CVR number is named at its field and in the list above the button; nothing is saved.
  const cvr = page.getByRole('textbox', { name: 'Kommunens CVR-nummer' });
  await cvr.fill('1234');
  await delay.fill('700');
  await save.click();
  const problems = page.getByTestId('settings-problems');
  await expect(problems).toContainText('Kommunens CVR-nummer: CVR-nummeret skal være præcis 8 cifre');
  await expect(problems).toContainText(
    'Forsinkelse før afsendelse (sekunder): Forsinkelsen skal være mellem 0 og 600',
  );
  await expect(cvr).toHaveAttribute('aria-invalid', 'true');
  await expect(cvr).toHaveAccessibleDescription(/CVR-nummeret skal være præcis 8 cifre/);
  await problems.getByRole('link', { name: /Kommunens CVR-nummer/ }).click();
  await expect(cvr).toBeFocused();
  await page.getByTestId('settings-problems').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('settings-problems') });
  expect(await api(page).settings()).toMatchObject({
    ok: true,
    value: { settings: { sender: { cvr: DEMO_CVR }, sendDelaySeconds: 45 } },
  });
  expect(await cspViolations()).toEqual([]);
});

test('settings: fields IT has locked are read-only and marked "Låst af IT" (rendering of a locked answer)', async ({
  page,
}) => {
  // The harness cannot be given IT's machine-wide settings file (startHarness does not pass createBackend's
  // machineSettingsPath), so the backend's own settings:get answer is taken and its lock list filled in, as the
  // backend answers when IT's file locks the sender and the connector's kind.
  await page.route('**/__api/settings%3Aget', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as {
      ok: true;
      value: { locked: string[]; sources: Record<string, string> };
    };
    body.value.locked = ['sender', 'connector.kind'];
    body.value.sources = { ...body.value.sources, sender: 'locked', connector: 'locked' };
    await route.fulfill({ response, json: body });
  });
  await page.goto('/#/indstillinger');
  const cvr = page.getByRole('textbox', { name: /Kommunens CVR-nummer/ });
  await expect(cvr).toHaveValue(DEMO_CVR);
  await expect(cvr).toHaveAttribute('readonly', '');
  await expect(cvr).toHaveAccessibleName('Kommunens CVR-nummer Låst af IT');
  await expect(cvr).toHaveAccessibleDescription(/Fastlagt af IT/);
  await expect(page.getByRole('textbox', { name: /Afsenderens navn/ })).toHaveAttribute('readonly', '');
  for (const kind of [/^Sandkasse/, /^Mappe/, /^KOMBIT/])
    await expect(page.getByRole('radio', { name: kind })).toBeDisabled();
  await expect(page.getByRole('group', { name: /Forbindelsestype/ })).toContainText('Låst af IT');
  // Unlocked fields stay editable.
  await expect(page.getByRole('textbox', { name: 'Sagssystem' })).toBeEditable();
  await cvr.press('End');
  await cvr.pressSequentially('9');
  await expect(cvr).toHaveValue(DEMO_CVR);
});
