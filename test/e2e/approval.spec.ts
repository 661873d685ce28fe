import { expectNoSeriousViolations } from './axe';
import { demoPassword, expect, test } from './fixtures';
import type { PageGlobals } from './page-globals';
import { outboxItems, screenshotsAtBothSizes } from './send-helpers';
import {
  approvalsLink,
  CUSTODY_HOLDERS,
  expectReviewOfReport,
  openTheRequest,
  reviewTheRequest,
  sandboxDeliveries,
  sendReportForApproval,
  switchToSupervisor,
} from './approval-helpers';

/**
 * Second-person approval on one installation (issue 8), in the window: a caseworker sends a psychologist's report
 * on a child (a type that always needs approval), signs out; a supervisor signs in, finds it under "Godkendelser",
 * reviews the document, the findings and the recipients with their rules, and approves (it is delivered once per
 * recipient through the sandbox) or rejects it (nothing is delivered). A supervisor never approves their own send.
 * Every wait is on the screen or the backend's state, never a sleep.
 */
test.use({ harnessOptions: { runOutbox: true } });
test.describe.configure({ mode: 'parallel' });

test('a psychologist report waits for a supervisor, who reviews and approves it; it is delivered once to each custody holder', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await sendReportForApproval(page, harness);
  // A caseworker has no approvals in the menu, and the address alone says whose screen it is.
  await expect(approvalsLink(page)).toHaveCount(0);
  await switchToSupervisor(page);
  await openTheRequest(page);

  // The review: who asked and until when, the findings (checked again now), the recipients with their rules.
  await expect(page.getByTestId('review-asked')).toContainText(
    'Sara Sagsbehandler sendte den til godkendelse',
  );
  await expect(page.getByTestId('review-expiry')).toContainText('Anmodningen udløber');
  await expect(page.getByTestId('review-problem')).toHaveCount(0);
  await expectReviewOfReport(page);
  // The parties who do not get it are folded away, each with its reason.
  const others = page.locator('details.review-others');
  await expect(others.locator('summary')).toHaveText(/^Parter, der ikke får brevet \(\d+\)$/);
  await others.locator('summary').click();
  await expect(page.getByTestId('review-recipient-p1')).toContainText('Emil Eksempelsen');
  await expect(page.getByTestId('review-recipient-p1').getByRole('listitem').first()).not.toBeEmpty();

  // The comment is required.
  const approve = page.getByRole('button', { name: 'Godkend og send' });
  await approve.click();
  await expect(page.getByRole('alert')).toHaveText('Skriv en kommentar på mindst 3 tegn.');
  await expect(page.getByRole('textbox', { name: 'Kommentar' })).toBeFocused();
  await page
    .getByRole('textbox', { name: 'Kommentar' })
    .fill('Gennemset: rette modtagere, ingen oplysninger om andre.');
  await approve.click();
  const outcome = page.getByTestId('decision-outcome');
  await expect(outcome).toHaveText('Godkendt. Brevet sendes efter fortrydelsesfristen.');
  await expect(approvalsLink(page)).toHaveText('Godkendelser');

  // Released into the queue with the send delay; the outbox worker delivers it through the sandbox.
  await expect
    .poll(async () => (await outboxItems(page)).map((i) => i.entry.state), { timeout: 60_000 })
    .toEqual(['sent', 'sent']);
  const items = await outboxItems(page);
  expect(items.map((i) => i.recipient.name).sort()).toEqual([...CUSTODY_HOLDERS].sort());
  for (const item of items) expect(item.entry.receipt?.reference).toMatch(/^SANDBOX-/);
  const deliveries = sandboxDeliveries(harness);
  expect([...deliveries.keys()].sort()).toEqual(items.map((i) => i.entry.messageUUID).sort());
  expect([...deliveries.values()]).toEqual([1, 1]);

  // The inbox is empty now.
  await approvalsLink(page).click();
  await expect(page.getByTestId('approvals-empty')).toHaveText(
    'Der er ingen forsendelser, der venter på godkendelse.',
  );
});

test('a supervisor rejects with a reason: the send is cancelled and nothing is delivered', async ({
  page,
  harness,
}) => {
  await sendReportForApproval(page, harness);
  await switchToSupervisor(page);
  await openTheRequest(page);
  await page.getByRole('textbox', { name: 'Kommentar' }).fill('Rapporten mangler psykologens underskrift.');
  await page.getByRole('button', { name: 'Afvis' }).click();
  await expect(page.getByTestId('decision-outcome')).toHaveText('Afvist. Brevet sendes ikke.');
  await expect(page.getByTestId('decision-outcome')).toBeVisible();

  await expect
    .poll(async () => (await outboxItems(page)).map((i) => i.entry.state))
    .toEqual(['cancelled', 'cancelled']);
  const items = await outboxItems(page);
  for (const item of items) {
    expect(item.entry.receipt).toBeNull();
    expect(item.entry.attempts).toBe(0);
  }
  expect(sandboxDeliveries(harness).size).toBe(0);
});

test.describe('a supervisor who sends', () => {
  test.use({ signedInAs: 'leder' });

  test('cannot approve their own request: it is not in their inbox, and the backend refuses a decision', async ({
    page,
    harness,
  }) => {
    await sendReportForApproval(page, harness);
    await expect(approvalsLink(page)).toHaveText('Godkendelser');
    await approvalsLink(page).click();
    await expect(page.getByTestId('approvals-empty')).toBeVisible();
    const listed = await page.evaluate(() => (globalThis as unknown as PageGlobals).api.listApprovals({}));
    expect(listed).toEqual({ ok: true, value: { requests: [] } });

    // The request's id, as another supervisor sees it (one session at a time: the backend's, switched and back).
    const d = harness.backend.dispatcher;
    const asOther = await d.json('auth:signIn', { username: 'leder2', password: demoPassword('leder2') });
    expect(asOther).toMatchObject({ ok: true, value: { signedIn: true } });
    const inbox = (await d.json('approvals:list', {})) as {
      ok: true;
      value: { requests: { id: string }[] };
    };
    expect(inbox.value.requests).toHaveLength(1);
    const requestId = inbox.value.requests[0]!.id;
    const back = await d.json('auth:signIn', { username: 'leder', password: demoPassword('leder') });
    expect(back).toMatchObject({ ok: true, value: { signedIn: true } });

    const decided = await page.evaluate(
      (id) =>
        (globalThis as unknown as PageGlobals).api.decideApproval({
          requestId: id,
          outcome: 'approved',
          comment: 'Min egen, godkendt af mig selv.',
        }),
      requestId,
    );
    expect(decided).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Through the window as well: the review says so in plain Danish, and nothing moved.
    await page.goto(`/#/godkendelser/${requestId}`);
    await page.getByRole('textbox', { name: 'Kommentar' }).fill('Min egen, godkendt af mig selv.');
    await page.getByRole('button', { name: 'Godkend og send' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Du kan ikke afgøre denne anmodning: kun en leder kan godkende, og ikke sine egne forsendelser.',
    );
    expect((await outboxItems(page)).map((i) => i.entry.state)).toEqual([
      'awaiting_approval',
      'awaiting_approval',
    ]);
  });
});

test('a caseworker who opens the address is told the screen is a supervisor’s; the policy file is not theirs', async ({
  page,
}) => {
  await page.goto('/#/godkendelser');
  await expect(page.getByTestId('supervisors-only')).toHaveText('Kun ledere kan godkende forsendelser.');
  await expect(approvalsLink(page)).toHaveCount(0);

  // The policy decides what must be approved: the admin's to change, so read-only here, with the reason.
  await page.goto('/#/indstillinger');
  const policy = page.getByRole('textbox', { name: /^Kommunens regelsæt/ });
  await expect(policy).toHaveAttribute('readonly', '');
  await expect(policy).toHaveAccessibleDescription(/Kun en administrator kan skifte regelsæt/);
});

test('axe finds nothing serious on the inbox and the review, in Danish and English; screenshots at both sizes', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await sendReportForApproval(page, harness);
  await switchToSupervisor(page);
  await approvalsLink(page).click();
  await expect(page.getByTestId('approval-request')).toHaveCount(1);
  await expectNoSeriousViolations(page, 'approvals inbox (da)');
  await screenshotsAtBothSizes(page, 'approvals-inbox', page.getByRole('link', { name: /^Gennemse/ }));

  await reviewTheRequest(page);
  const findings = page.locator('section[aria-labelledby="review-findings-heading"]');
  await expect(findings.locator('.findings, [data-testid="findings-none"]')).toBeVisible();
  await expect(page.getByTestId('review-recipient-p2')).toContainText(CUSTODY_HOLDERS[0]!);
  await expectNoSeriousViolations(page, 'approval review (da)');
  await screenshotsAtBothSizes(
    page,
    'approval-review',
    page.getByRole('button', { name: 'Godkend og send' }),
  );

  // The header's switch: the same screens in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#approval-review-heading')).toHaveText('Review the send');
  await expect(page.getByRole('button', { name: 'Approve and send' })).toBeVisible();
  await expectNoSeriousViolations(page, 'approval review (en)');
  await approvalsLink(page).click();
  await expect(page.locator('#approvals-heading')).toHaveText('Approvals');
  await expect(page.getByTestId('approval-request')).toHaveCount(1);
  await expectNoSeriousViolations(page, 'approvals inbox (en)');
});
