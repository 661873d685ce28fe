import type { Locator, Page } from '@playwright/test';
import { demoCase } from './demo-data';
import { expect, test } from './fixtures';
import type { PageGlobals } from './page-globals';
import {
  caseOfLetter,
  chooseLetter,
  openSendScreen,
  outboxItems,
  pickCase,
  screenshotsAtBothSizes,
  sendStep,
  waitForCheck,
  watchCsp,
} from './send-helpers';

/**
 * The history screen (`#/historik`) in Chromium against the harness and the real backend: two letters go through
 * the send screen first (one delivered by the sandbox, one acknowledged and sent for approval), then the history
 * is searched, an entry's details are read, the chain is checked, and more entries are fetched.
 */
test.use({ harnessOptions: { runOutbox: true } });

const NADIA = '11-nadia-afgoerelse-fleksjob-repraesentant.pdf';
const KASPER = '10-kasper-afgoerelse-virksomhedspraktik.pdf';
const ACK_REASON = 'Fagforeningen skal ikke have brevet; Kasper får det selv';

const partyNamed = (caseNumber: string, name: string) => {
  const party = demoCase(caseNumber).parties.find((p) => p.name === name);
  if (!party?.cpr) throw new Error(`no party ${name} with a CPR number in ${caseNumber}`);
  return party;
};

/** The letter to Nadia's representative, delivered; Kasper's letter with a warning acknowledged, to approval. */
async function makeHistory(page: Page, harness: Parameters<typeof openSendScreen>[1]) {
  await openSendScreen(page, harness, 1);
  await chooseLetter(page, NADIA);
  await pickCase(page, caseOfLetter(NADIA));
  await waitForCheck(page);
  const { step, button } = sendStep(page);
  await button.click();
  await expect(step.getByRole('heading', { name: 'Afleveret til Digital Post' })).toBeVisible({
    timeout: 20_000,
  });
  await step.getByRole('button', { name: 'Send et nyt dokument' }).click();

  await chooseLetter(page, KASPER);
  await pickCase(page, caseOfLetter(KASPER));
  await waitForCheck(page);
  await page
    .locator('.finding[data-code="REPRESENTATION_EXPIRED"]')
    .getByRole('button', { name: 'Bekræft advarsel …' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Bekræft advarsel' });
  await dialog.getByRole('textbox', { name: 'Begrundelse' }).fill(ACK_REASON);
  await dialog.getByRole('button', { name: 'Bekræft advarsel' }).click();
  await expect(button).toHaveText('Send til godkendelse');
  await button.click();
  await expect(step.getByRole('heading', { name: 'Sendt til godkendelse' })).toBeVisible();
}

async function openHistory(page: Page) {
  await page.goto('/#/historik');
  await expect(page.getByRole('heading', { level: 2, name: 'Historik' })).toBeVisible();
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?/);
}

/** A labelled value in an entry's details dialog. */
const fact = (dialog: Locator, label: string) =>
  dialog
    .locator('.entry-details__row')
    .filter({ has: dialog.page().getByText(label, { exact: true }) })
    .locator('dd');

/** Whether the element has keyboard focus (the Node tsconfig has no DOM types, so the page is asked plainly). */
const hasFocus = (locator: Locator) =>
  locator.evaluate(
    (el) => (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement === el,
  );

const rows = (page: Page) => page.getByRole('table', { name: /Hændelser i historikken/ }).locator('tbody tr');
const search = (page: Page) => page.getByRole('search', { name: 'Søg i historikken' });

test('search by CPR number and read a delivered letter’s details: hash, recipient, receipt, messageUUID', async ({
  page,
  harness,
}) => {
  await makeHistory(page, harness);
  const delivered = (await outboxItems(page)).find((i) => i.entry.state === 'sent')!;
  await openHistory(page);
  const csp = await watchCsp(page);

  const karim = partyNamed(caseOfLetter(NADIA), 'Karim Mønstersen');
  await search(page).getByLabel('CPR-nummer').fill(karim.cpr!.replace('-', ''));
  await search(page).getByRole('button', { name: 'Søg' }).click();
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?, nyeste først\.$/);
  const cases = await rows(page).locator('td.case-number').allTextContents();
  expect(new Set(cases)).toEqual(new Set([caseOfLetter(NADIA)]));

  const row = rows(page).filter({ has: page.getByRole('rowheader', { name: 'Afleveret til Digital Post' }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Karim Mønstersen · Digital Post');
  await expect(row).toContainText(`Reference ${delivered.entry.receipt!.reference}`);
  const opener = row.getByRole('button', { name: /^Detaljer om række \d+$/ });
  await opener.click();

  const details = page.getByRole('dialog', { name: 'Afleveret til Digital Post' });
  await expect(details).toBeVisible();
  await expect(details.getByRole('heading', { name: 'Afleveret til Digital Post' })).toBeFocused();
  await expect(fact(details, 'Dokumentets SHA-256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(fact(details, 'Modtager')).toHaveText('Karim Mønstersen – Digital Post');
  await expect(fact(details, 'MeMo-besked-id (messageUUID)')).toHaveText(delivered.entry.messageUUID);
  await expect(fact(details, 'Reference')).toHaveText(delivered.entry.receipt!.reference!);
  await expect(fact(details, 'Afleveret')).toHaveText(/^\d{2}\.\d{2}\.\d{4} kl\. \d{2}\.\d{2}\.\d{2}$/);
  await expect(fact(details, 'Status')).toHaveText('Sendes → Sendt');
  await expect(fact(details, 'Dokumenttype')).toHaveText('Afgørelse');
  // Readable throughout: no JSON braces anywhere in the dialog.
  expect(await details.textContent()).not.toMatch(/[{}]/);
  await page.screenshot({ path: 'test/e2e/screenshots/history-details.png' });

  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(opener).toBeFocused();
  expect(await csp()).toEqual([]);

  // The search by CPR number is itself in the history, without the number.
  await search(page).getByRole('button', { name: 'Nulstil' }).click();
  const searched = rows(page).filter({
    has: page.getByRole('rowheader', { name: 'Historikken søgt efter person' }),
  });
  await expect(searched).toHaveCount(1);
  await expect(searched).toContainText('Søgt på CPR-nummer');
  await searched.getByRole('button', { name: /^Detaljer/ }).click();
  const searchDetails = page.getByRole('dialog', { name: 'Historikken søgt efter person' });
  await expect(searchDetails).toContainText(`Part ${karim.id} i sag ${caseOfLetter(NADIA)}`);
  expect(await searchDetails.textContent()).not.toContain(karim.cpr!.replace('-', ''));
  expect(await searchDetails.textContent()).not.toContain(karim.cpr!);
  await searchDetails.getByRole('button', { name: 'Luk' }).click();
});

test('the findings and the acknowledgement with its reason; search by name, type and kind; screenshots', async ({
  page,
  harness,
}) => {
  await makeHistory(page, harness);
  await openHistory(page);
  const form = search(page);

  await form.getByLabel('Modtagerens navn').fill('attrapsen');
  await form.getByLabel('Dokumenttype').selectOption({ label: 'Afgørelse' });
  await form.getByLabel('Hændelser').selectOption({ label: 'Afsendelser' });
  await form.getByRole('button', { name: 'Søg' }).click();
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?/);
  const kinds = await rows(page).locator('th[scope="row"]').allTextContents();
  expect(kinds).toContain('Afsendelse bestilt');
  expect(kinds.every((k) => k === 'Afsendelse bestilt' || k === 'Forsendelse oprettet')).toBe(true);

  const submitted = rows(page).filter({ has: page.getByRole('rowheader', { name: 'Afsendelse bestilt' }) });
  await expect(submitted).toContainText('Afgørelse til Kasper Attrapsen (Digital Post) · skal godkendes');
  await submitted.getByRole('button', { name: /^Detaljer/ }).click();
  const details = page.getByRole('dialog', { name: 'Afsendelse bestilt' });
  const ack = details.getByRole('region', { name: 'Bekræftede advarsler' });
  await expect(ack).toContainText('Partsrepræsentationen er udløbet');
  await expect(ack).toContainText(ACK_REASON);
  await expect(fact(details, 'Skal godkendes af en kollega')).toHaveText('Ja');
  await page.screenshot({ path: 'test/e2e/screenshots/history-details-acknowledged.png' });
  await expect(fact(details, 'Dokumentets SHA-256')).toHaveText(/^[0-9a-f]{64}$/);
  await details.getByRole('button', { name: 'Luk' }).click();

  // The check that found the warning: its findings with their severity, by kind "Kontroller".
  await form.getByLabel('Modtagerens navn').fill('');
  await form.getByLabel('Dokumenttype').selectOption({ label: 'Alle typer' });
  await form.getByLabel('Hændelser').selectOption({ label: 'Kontroller' });
  await form.getByLabel('Sagsnummer').fill(caseOfLetter(KASPER));
  await form.getByRole('button', { name: 'Søg' }).click();
  const checked = rows(page).filter({ has: page.getByRole('rowheader', { name: 'Brev kontrolleret' }) });
  await expect(checked.first()).toContainText('Advarsler');
  await checked
    .first()
    .getByRole('button', { name: /^Detaljer/ })
    .click();
  const findings = page
    .getByRole('dialog', { name: 'Brev kontrolleret' })
    .getByRole('region', { name: 'Fund' });
  await expect(findings).toContainText('Advarsel Partsrepræsentationen er udløbet');
  await expect(findings).toContainText('Gælder: Demo Fagforening Aarhus');
  await page.keyboard.press('Escape');

  await form.getByRole('button', { name: 'Nulstil' }).click();
  await expect(form.getByLabel('Sagsnummer')).toHaveValue('');
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?/);
  await screenshotsAtBothSizes(page, 'history-results', form.getByRole('button', { name: 'Søg' }));
});

test('plain Danish for what cannot be searched, the chain check, and "Vis flere"', async ({ page }) => {
  await page.goto('/#/historik');
  await expect(page.getByRole('heading', { level: 2, name: 'Historik' })).toBeVisible();
  const form = search(page);

  const cpr = form.getByLabel('CPR-nummer');
  await cpr.fill('1234');
  await form.getByLabel('Modtagerens navn').fill('a');
  await form.getByLabel('Fra dato').fill('2026-11-28');
  await form.getByLabel('Til dato').fill('2026-11-01');
  await form.getByRole('button', { name: 'Søg' }).click();
  await expect(cpr).toBeFocused();
  await expect(cpr).toHaveAttribute('aria-invalid', 'true');
  await expect(cpr).toHaveAccessibleDescription(/Skriv CPR-nummeret med 10 cifre som DDMMÅÅ-LLLL\./);
  await expect(form.getByLabel('Modtagerens navn')).toHaveAccessibleDescription(
    /Skriv mindst 2 bogstaver af navnet\./,
  );
  await expect(form.getByLabel('Til dato')).toHaveAccessibleDescription(/Til-datoen ligger før fra-datoen/);
  await expect(form.getByRole('alert')).toHaveText('Ret de 3 felter, der er markeret, og søg igen.');
  await page.screenshot({ path: 'test/e2e/screenshots/history-errors.png', fullPage: true });

  // A day nothing happened on: said in words.
  await cpr.fill('');
  await form.getByLabel('Modtagerens navn').fill('');
  await form.getByLabel('Fra dato').fill('2000-01-01');
  await form.getByLabel('Til dato').fill('2000-01-01');
  await form.getByRole('button', { name: 'Søg' }).click();
  await expect(page.getByTestId('history-count')).toHaveText('Ingen hændelser passer til søgningen.');
  await expect(form.getByRole('alert')).toHaveCount(0);

  // More entries than one page: 60 cases opened.
  await page.evaluate(async () => {
    const api = (globalThis as unknown as PageGlobals).api;
    for (let i = 0; i < 60; i++) await api.getCase({ caseNumber: '27.24.00-G01-117-25' });
  });
  await form.getByRole('button', { name: 'Nulstil' }).click();
  await expect(page.getByTestId('history-count')).toHaveText(
    'Viser 50 hændelser, nyeste først. Der er flere.',
  );
  await expect(rows(page)).toHaveCount(50);
  const lastSeq = Number(await rows(page).last().getAttribute('data-seq'));
  await page.getByRole('button', { name: 'Vis flere' }).click();
  await expect(page.getByTestId('history-count')).toHaveText(
    /^Viser (5[1-9]|[6-9]\d) hændelser, nyeste først\.$/,
  );
  // Focus goes to the first entry fetched, right after the last one already shown.
  await expect(page.getByRole('button', { name: `Detaljer om række ${lastSeq - 1}` })).toBeFocused();
  const seqs =
    (await rows(page).all()).length > 0
      ? await Promise.all((await rows(page).all()).map(async (r) => Number(await r.getAttribute('data-seq'))))
      : [];
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  expect(new Set(seqs).size).toBe(seqs.length);

  await page.getByRole('button', { name: 'Kontrollér historikken' }).click();
  await expect(page.getByTestId('verify-status')).toHaveText(
    new RegExp(`^Historikken er intakt \\(${seqs[0]} rækker\\)\\.$`),
  );
});

test('works with the keyboard alone: search, open the details, close them again', async ({ page }) => {
  await page.goto('/#/historik');
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?/);
  const form = search(page);
  await form.getByLabel('Sagsnummer').focus();
  await page.keyboard.type('27.24.00-G01-117-25');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history-count')).toHaveText('Ingen hændelser passer til søgningen.');

  // Clear the case number, then Tab forward to the verify button and on to the first entry's details.
  await form.getByLabel('Sagsnummer').fill('');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('history-count')).toHaveText(/^Viser \d+ hændelser?/);
  const first = rows(page)
    .first()
    .getByRole('button', { name: /^Detaljer/ });
  for (let i = 0; i < 40 && !(await hasFocus(first)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Luk' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(first).toBeFocused();
});
