import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { OutputOf } from '../../src/shared/contract';
import { expectNoSeriousViolations } from './axe';
import { demoPassword, expect, test, type TestHarness } from './fixtures';
import { DEMO_USER_ROWS, screenshotPath } from './demo-data';
import {
  caseOfLetter,
  chooseLetter,
  openSendScreen,
  outboxItems,
  pickCase,
  screenshotsAtBothSizes,
  sendStep,
  waitForCheck,
} from './send-helpers';

/**
 * Approval across computers, the window's side on one installation (docs/window.md): the shared folder in the
 * settings (the admin's to change, read-only for anybody else, the admin key's fingerprint never editable), the
 * admin's signed roster of users on "Brugere" (the trusted key compared with the admin's own, the candidates with
 * their fingerprints, "Udsted brugerliste" writing the signed file into the folder), "Hent nye anmodninger" in a
 * supervisor's inbox, and "Anmod om godkendelse igen" in the outbox. Every wait is on the screen, the backend's
 * answer or the folder, never a sleep.
 */
test.describe.configure({ mode: 'parallel' });

const REPORT = '18-emil-psykologisk-undersoegelse.pdf';

type Roster = OutputOf<'getRoster'>;

/** A fingerprint as the window shows it: groups of four, to be read aloud and compared. */
const grouped = (hex: string) => hex.match(/.{4}/g)!.join(' ');

/** Danish time as the window writes it (format-time.ts): `28.11.2026 kl. 10.15.42`. */
function danishDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('da-DK', {
    timeZone: 'Europe/Copenhagen',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} kl. ${get('hour')}.${get('minute')}.${get('second')}`;
}

/** A backend call that must succeed; its value. */
async function call<T>(harness: TestHarness, channel: string, input: unknown): Promise<T> {
  const result = await harness.backend.dispatcher.json(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A fresh folder standing in for the municipality's share; removed after the test. */
let folders: string[] = [];
async function sharedFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendeassistent-shared-'));
  folders.push(dir);
  return dir;
}
test.afterEach(async () => {
  await Promise.all(folders.map((d) => rm(d, { recursive: true, force: true })));
  folders = [];
});

/** The admin sets the shared folder on the backend (the other user's session is ended and begun again). */
async function setFolderAsAdmin(harness: TestHarness, folder: string, then: string): Promise<void> {
  await call(harness, 'auth:signOut', { reason: 'user' });
  await call(harness, 'auth:signIn', { username: 'admin', password: demoPassword('admin') });
  expect(await call(harness, 'settings:update', { patch: { approvalFolder: folder } })).toMatchObject({
    saved: true,
  });
  await call(harness, 'auth:signOut', { reason: 'user' });
  await call(harness, 'auth:signIn', { username: then, password: demoPassword(then) });
}

/** "Log ud" in the header, then `username` signs in through the sign-in screen. */
async function switchUser(page: Page, username: string, role: string): Promise<void> {
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill(demoPassword(username));
  await page.locator('button.auth-submit').click();
  await expect(page.getByTestId('current-role')).toHaveText(role);
}

const folderField = (page: Page) => page.getByRole('textbox', { name: /^Fælles mappe til godkendelser/ });
const rosterSection = (page: Page) =>
  page.getByRole('region', { name: 'Brugerliste til godkendelse på tværs af computere' });
const issueButton = (page: Page) => rosterSection(page).getByRole('button', { name: 'Udsted brugerliste' });
const candidate = (page: Page, username: string) =>
  rosterSection(page).locator(`tr[data-testid="roster-candidate"][data-username="${username}"]`);

test.describe('the admin', () => {
  test.use({ signedInAs: 'admin' });

  test('sets the shared folder in the settings, compares the trusted key with their own, and issues the roster of the four demo users; one left out is removed by the next', async ({
    page,
    harness,
  }) => {
    const folder = await sharedFolder();

    // The settings: the field is the admin's, empty until set; the fingerprint is IT's (none here).
    await page.goto('/#/indstillinger');
    await expect(
      page.getByRole('heading', { level: 3, name: 'Godkendelse på tværs af computere' }),
    ).toBeVisible();
    await expect(folderField(page)).toBeEditable();
    await expect(folderField(page)).toHaveValue('');
    await expect(folderField(page)).toHaveAccessibleDescription(
      /Den mappe, som anmodninger om godkendelse og afgørelser går igennem mellem computerne.*Tom: godkendelse sker kun på denne computer\./,
    );
    await expect(page.getByTestId('setting-adminKeyFingerprint')).toContainText(
      'Administratornøglens fingeraftryk: Ikke sat af IT – denne computers første administrator er betroet',
    );
    await expect(page.getByTestId('setting-adminKeyFingerprint').getByRole('textbox')).toHaveCount(0);
    await folderField(page).fill(folder);
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'gemt' })).toHaveText('Indstillingerne er gemt.');
    const saved = await call<OutputOf<'getSettings'>>(harness, 'settings:get', {});
    expect(saved.settings.approvalFolder).toBe(folder);
    // Only the changed value was saved: the fingerprint stayed IT's (none).
    expect(saved.sources).toMatchObject({ approvalFolder: 'user', adminKeyFingerprint: 'default' });
    await expectNoSeriousViolations(page, 'settings with the shared folder (admin)');

    // Brugere, by the main menu: the roster section under the users.
    await page.locator('nav.main-nav a[href="#/brugere"]').click();
    await expect(page.locator('#users-heading')).toBeFocused();
    const section = rosterSection(page);
    await expect(section).toBeVisible();
    const status = await call<Roster>(harness, 'roster:get', {});
    expect(status.pinnedAdminKeyId).not.toBeNull();
    expect(status.pinnedAdminKeyId).toBe(status.ownKeyId);
    expect(status.pinSource).toBe('set_up');
    await expect(section.getByTestId('roster-folder')).toContainText(folder);
    await expect(section.getByTestId('roster-reachable')).toHaveText('Mappen kan nås.');
    await expect(section.getByTestId('roster-pinned-key')).toHaveText(grouped(status.pinnedAdminKeyId!));
    await expect(section.getByTestId('roster-own-key')).toHaveText(grouped(status.ownKeyId));
    await expect(section.getByTestId('roster-pin-source')).toHaveText(
      'Denne computers første administrator, fastlagt ved opsætningen.',
    );
    await expect(section.getByTestId('roster-own-status')).toHaveText(
      'Din nøgle er den betroede administratornøgle. Du kan udstede brugerlisten.',
    );
    await expect(section.getByTestId('roster-current')).toHaveText(
      'Der er ikke udstedt nogen brugerliste endnu.',
    );

    // Each demo user: name, username, role in words, from this computer, the key to compare, ticked (no roster yet).
    await expect(section.getByTestId('roster-candidate')).toHaveCount(DEMO_USER_ROWS.length);
    for (const u of DEMO_USER_ROWS) {
      const row = candidate(page, u.username);
      const c = status.candidates.find((x) => x.username === u.username)!;
      expect(c.keyIds).toHaveLength(1);
      await expect(row.getByRole('rowheader')).toHaveText(u.name);
      await expect(row.getByRole('cell').nth(2)).toHaveText(u.role);
      await expect(row.getByRole('cell').nth(3)).toHaveText('Denne computer');
      await expect(row.locator('.fingerprint')).toHaveText(grouped(c.keyIds[0]!));
      await expect(
        row.getByRole('checkbox', { name: `Med på brugerlisten: ${u.name} (${u.username})` }),
      ).toBeChecked();
    }
    await expect(section.getByTestId('roster-chosen')).toHaveText('4 brugere valgt');
    await expectNoSeriousViolations(page, 'users with the roster');
    await screenshotsAtBothSizes(page, 'users-roster', issueButton(page));

    // Issued with the keyboard: the outcome is said, the roster in force follows, the signed file is in the folder.
    await issueButton(page).focus();
    await page.keyboard.press('Enter');
    const issued = section.getByTestId('roster-issued');
    await expect(issued).toHaveText('Brugerliste nr. 1 er udstedt med 4 brugere.');
    await expect(issued).toBeFocused();
    await expect(section.getByTestId('roster-current')).toHaveText(
      /^Nr\. 1, udstedt \d\d\.\d\d\.\d{4} kl\. /,
    );
    const first = JSON.parse(await readFile(join(folder, 'roster', 'roster-000001.json'), 'utf8')) as {
      payload: { serial: number; users: { username: string }[] };
      keyId: string;
    };
    expect(first.payload.serial).toBe(1);
    expect(first.keyId).toBe(status.ownKeyId);
    expect(first.payload.users.map((u) => u.username).sort()).toEqual(
      DEMO_USER_ROWS.map((u) => u.username).sort(),
    );
    const afterFirst = await call<Roster>(harness, 'roster:get', {});
    expect(afterFirst.current).toMatchObject({ serial: 1 });
    expect(afterFirst.current!.userIds).toHaveLength(4);

    // Lars Leder left out (the checkbox by keyboard): roster nr. 2 lists three, and the ticks follow it.
    const lars = candidate(page, 'leder2').getByRole('checkbox');
    await lars.focus();
    await page.keyboard.press('Space');
    await expect(lars).not.toBeChecked();
    await expect(section.getByTestId('roster-chosen')).toHaveText('3 brugere valgt');
    await issueButton(page).click();
    await expect(issued).toHaveText('Brugerliste nr. 2 er udstedt med 3 brugere.');
    await expect(section.getByTestId('roster-current')).toHaveText(/^Nr\. 2, udstedt /);
    await expect(candidate(page, 'leder2').getByRole('checkbox')).not.toBeChecked();
    await expect(candidate(page, 'leder').getByRole('checkbox')).toBeChecked();
    const second = JSON.parse(await readFile(join(folder, 'roster', 'roster-000002.json'), 'utf8')) as {
      payload: { users: { username: string }[] };
    };
    expect(second.payload.users.map((u) => u.username).sort()).toEqual(['admin', 'leder', 'sagsbehandler']);
    const larsUser = status.candidates.find((c) => c.username === 'leder2')!;
    expect((await call<Roster>(harness, 'roster:get', {})).current!.userIds).not.toContain(larsUser.userId);

    // None ticked: said at the button, and nothing is issued.
    for (const u of DEMO_USER_ROWS) await candidate(page, u.username).getByRole('checkbox').uncheck();
    await expect(section.getByTestId('roster-chosen')).toHaveText('0 brugere valgt');
    await issueButton(page).click();
    await expect(section.getByRole('alert')).toHaveText('Vælg mindst én bruger til brugerlisten.');
    expect(await readdir(join(folder, 'roster'))).toEqual(['roster-000001.json', 'roster-000002.json']);
  });

  test('without a shared folder the roster section says so and points to the settings', async ({ page }) => {
    await page.goto('/#/brugere');
    const section = rosterSection(page);
    await expect(section.getByTestId('roster-no-folder')).toContainText(
      'Der er ikke valgt en fælles mappe til godkendelser, så godkendelse sker kun på denne computer',
    );
    await expect(section.getByTestId('roster-folder')).toHaveText('Ingen');
    await expect(issueButton(page)).toHaveCount(0);
    await expect(section.getByTestId('roster-candidate')).toHaveCount(0);
    await expectNoSeriousViolations(page, 'users without a shared folder');
    await section.getByRole('link', { name: 'Vælg mappen under Indstillinger' }).click();
    await expect(page.locator('#settings-heading')).toBeFocused();
    await expect(folderField(page)).toBeEditable();
  });
});

/** IT's machine file names another admin key than the demo admin's own: this admin cannot issue a roster. */
const IT_FINGERPRINT = 'a1b2c3d4'.repeat(8);

test.describe('with the admin key set by IT', () => {
  test.use({
    signedInAs: 'admin',
    // IT's machine-wide settings file, written before the harness starts and removed after it.
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's (no) dependencies from the pattern
    harnessOptions: async ({}, use) => {
      const dir = await mkdtemp(join(tmpdir(), 'sendeassistent-machine-'));
      const machineSettingsPath = join(dir, 'settings.json');
      await writeFile(
        machineSettingsPath,
        JSON.stringify({ settings: { adminKeyFingerprint: IT_FINGERPRINT }, locked: [] }),
      );
      await use({ machineSettingsPath });
      await rm(dir, { recursive: true, force: true });
    },
  });

  test("the settings show IT's fingerprint read-only; an admin with another key is told why and cannot issue", async ({
    page,
    harness,
  }) => {
    await call(harness, 'settings:update', { patch: { approvalFolder: await sharedFolder() } });

    await page.goto('/#/indstillinger');
    await expect(page.getByTestId('setting-adminKeyFingerprint')).toContainText(
      `Administratornøglens fingeraftryk: ${grouped(IT_FINGERPRINT)}`,
    );
    // Saving the form leaves the fingerprint out: there is nothing to save.
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'ændringer' })).toHaveText(
      'Der er ingen ændringer at gemme.',
    );

    await page.goto('/#/brugere');
    const section = rosterSection(page);
    const status = await call<Roster>(harness, 'roster:get', {});
    expect(status).toMatchObject({ pinnedAdminKeyId: IT_FINGERPRINT, pinSource: 'machine_file' });
    expect(status.ownKeyId).not.toBe(IT_FINGERPRINT);
    await expect(section.getByTestId('roster-pinned-key')).toHaveText(grouped(IT_FINGERPRINT));
    await expect(section.getByTestId('roster-pin-source')).toHaveText(
      'Fastlagt af IT i den fælles indstillingsfil.',
    );
    await expect(section.getByTestId('roster-own-key')).toHaveText(grouped(status.ownKeyId));
    const why =
      'Din nøgle er ikke den betroede administratornøgle. Kun den administrator, hvis nøgle er den betroede, kan udstede en brugerliste; en liste underskrevet med en anden nøgle bliver afvist på alle computere.';
    await expect(section.getByTestId('roster-own-status')).toHaveText(why);
    await expect(issueButton(page)).toBeDisabled();
    await expect(issueButton(page)).toHaveAccessibleDescription(why);
    await expectNoSeriousViolations(page, 'users, roster with another admin key');
    // The backend refuses it too, whatever a window sends.
    const refused = await harness.backend.dispatcher.json('roster:issue', {
      userIds: status.candidates.map((c) => c.userId),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

test.describe('a caseworker', () => {
  test.use({ signedInAs: 'sagsbehandler' });

  test('sees the shared folder read-only in the settings ("Kun administrator"), and the backend refuses a change', async ({
    page,
    harness,
  }) => {
    const folder = await sharedFolder();
    await setFolderAsAdmin(harness, folder, 'sagsbehandler');

    await page.goto('/#/indstillinger');
    await expect(page.getByTestId('current-role')).toHaveText('Sagsbehandler');
    const field = folderField(page);
    await expect(field).toHaveValue(folder);
    await expect(field).toHaveAttribute('readonly', '');
    await expect(field).toHaveAccessibleName('Fælles mappe til godkendelser (valgfri) Kun administrator');
    await expect(field).toHaveAccessibleDescription(
      /Kun en administrator kan vælge den fælles mappe, fordi den afgør, hvilke computere anmodninger og afgørelser går imellem\./,
    );
    await field.press('End');
    await field.pressSequentially('x');
    await expect(field).toHaveValue(folder);
    await expect(page.getByTestId('setting-adminKeyFingerprint')).toContainText(
      'Ikke sat af IT – denne computers første administrator er betroet',
    );
    await page.getByRole('button', { name: 'Gem indstillinger' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'ændringer' })).toHaveText(
      'Der er ingen ændringer at gemme.',
    );
    await expectNoSeriousViolations(page, 'settings, shared folder read-only (caseworker)');
    await field.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('settings-approval-folder-caseworker') });

    const refused = await harness.backend.dispatcher.json('settings:update', {
      patch: { approvalFolder: '/et/andet/sted' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call<OutputOf<'getSettings'>>(harness, 'settings:get', {})).settings.approvalFolder).toBe(
      folder,
    );
    // No "Brugere" for a caseworker; the roster is the admin's.
    await expect(page.locator('nav.main-nav a[href="#/brugere"]')).toHaveCount(0);
    expect(await harness.backend.dispatcher.json('roster:get', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  test('asks again for approval from the outbox; a supervisor fetches new requests and is told when the folder cannot be reached', async ({
    page,
    harness,
  }) => {
    const folder = await sharedFolder();
    await setFolderAsAdmin(harness, folder, 'sagsbehandler');

    // The psychologist's report on Emil always needs approval.
    await openSendScreen(page, harness, 2);
    await chooseLetter(page, REPORT);
    await pickCase(page, caseOfLetter(REPORT));
    await waitForCheck(page);
    const { step, button } = sendStep(page);
    await expect(button).toHaveText('Send til godkendelse');
    await button.click();
    await expect(step.getByRole('heading', { name: 'Sendt til godkendelse' })).toBeVisible();
    const items = await outboxItems(page);
    expect(items.map((i) => i.entry.state)).toEqual(['awaiting_approval', 'awaiting_approval']);
    const draftId = items[0]!.draftId;

    // The outbox: each waiting row has the button, named with its letter and recipient.
    await page.locator('nav.main-nav a[href="#/udbakke"]').click();
    const again = page.getByRole('button', { name: /^Anmod om godkendelse igen for / });
    await expect(again).toHaveCount(2);
    const recipient = items[0]!.recipient.name!;
    const mine = page.getByRole('button', {
      name: `Anmod om godkendelse igen for ${REPORT} til ${recipient}`,
    });
    await mine.focus();
    await page.keyboard.press('Enter');
    // The pending request is returned as it is (nothing expired or was voided): one request, put in the folder.
    const pending = (await call<OutputOf<'requestApproval'>>(harness, 'approvals:request', { draftId }))
      .request;
    expect(pending.state).toBe('pending');
    const card = page.locator(`[data-testid="outbox-item"]`).filter({ has: mine });
    await expect(card.getByRole('status')).toHaveText(
      `Anmodningen om godkendelse venter hos lederne (sendt ${danishDateTime(pending.requestedAt)}, udløber ${danishDateTime(pending.expiresAt)}).`,
    );
    await expect.poll(() => readdir(join(folder, 'requests'))).toEqual([`${pending.id}.json`]);
    await expectNoSeriousViolations(page, 'outbox with "Anmod om godkendelse igen"');
    await page.screenshot({ path: screenshotPath('outbox-request-again') });

    // The supervisor's inbox: the local request has no "other computer" label; fetching finds nothing new.
    await switchUser(page, 'leder', 'Leder');
    await page.goto('/#/godkendelser');
    await expect(page.getByTestId('approval-request')).toHaveCount(1);
    await expect(page.getByTestId('approval-remote')).toHaveCount(0);
    const fetch = page.getByRole('button', { name: 'Hent nye anmodninger' });
    await fetch.click();
    const outcome = page.getByTestId('approvals-sync-outcome');
    await expect(outcome).toHaveText('Ingen nye anmodninger.');
    await expectNoSeriousViolations(page, 'approvals inbox after fetching');
    await page.screenshot({ path: screenshotPath('approvals-sync') });

    // The share is gone: the backend's reason is said, and the inbox stays.
    await rm(folder, { recursive: true, force: true });
    await fetch.click();
    await expect(outcome).toHaveText(
      /^Den fælles mappe kan ikke bruges lige nu \(ENOENT\)\. Der prøves igen ved næste runde\.$/,
    );
    await expect(page.getByTestId('approval-request')).toHaveCount(1);
  });
});
