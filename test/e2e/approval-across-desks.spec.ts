import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Dispatcher } from '../../src/backend/dispatch';
import { startHarness, type Harness } from '../harness/serve';
import { expectNoSeriousViolations } from './axe';
import { demoPassword, expect, test } from './fixtures';
import { caseOfLetter, screenshotsAtBothSizes } from './send-helpers';
import {
  approvalsLink,
  CUSTODY_HOLDERS,
  expectReviewOfReport,
  REPORT,
  sandboxDeliveries,
  sendReportForApproval,
} from './approval-helpers';

/**
 * Second-person approval across two installations through a shared folder (issue 8, docs/approval.md "Across
 * desks"), in Chromium: installation A is the caseworker's (the test's harness, which sends through the sandbox),
 * installation B the supervisor's (a second harness with its own store, its own demo users and keys). They share
 * nothing but a folder; B trusts A's admin key because IT's machine file on B names its fingerprint.
 *
 * Setting up (through the contract, as an admin would in the Users screen, which roster.spec.ts covers): A's admin
 * sets the folder and issues a roster of A's caseworker and B's supervisor from the key files the installations wrote.
 * Then, in the windows: the caseworker prepares a psychologist's report for the child's custody holders, sends it for
 * approval and signs out; on B the supervisor signs in, finds it in the inbox, reviews the document and the findings
 * and approves it; A verifies the signed decision and sends it, once to each custody holder.
 */
test.use({ harnessOptions: { runOutbox: true, approvalSyncMs: 250 } });

async function value<T>(dispatcher: Dispatcher, channel: string, input: unknown): Promise<T> {
  const result = await dispatcher.json(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const signIn = (dispatcher: Dispatcher, username: string) =>
  value(dispatcher, 'auth:signIn', { username, password: demoPassword(username) });

interface Candidate {
  userId: string;
  username: string;
  source: 'local' | 'key_file';
}

/** The sign-in screen of a window, filled in as a person would. */
async function signInThroughWindow(page: Page, username: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill(demoPassword(username));
  await page.locator('button.auth-submit').click();
}

test('a caseworker’s request on one computer is approved by a supervisor on another and delivered once', async ({
  page,
  harness,
  browser,
}) => {
  test.setTimeout(180_000);
  const shared = await mkdtemp(join(tmpdir(), 'sendeassistent-faelles-'));
  const machineDir = await mkdtemp(join(tmpdir(), 'sendeassistent-it-'));
  let b: Harness | null = null;
  try {
    // A: its admin sets the shared folder; A pinned that admin's key when it was set up.
    const a = harness.backend.dispatcher;
    await signIn(a, 'admin');
    await value(a, 'settings:update', { patch: { approvalFolder: shared } });
    const { ownKeyId, pinnedAdminKeyId } = await value<{ ownKeyId: string; pinnedAdminKeyId: string }>(
      a,
      'roster:get',
      {},
    );
    expect(pinnedAdminKeyId).toBe(ownKeyId);

    // B: IT's machine file names A's admin key and the shared folder, and locks both.
    const machineFile = join(machineDir, 'settings.json');
    await writeFile(
      machineFile,
      JSON.stringify({
        settings: { adminKeyFingerprint: ownKeyId, approvalFolder: shared },
        locked: ['adminKeyFingerprint', 'approvalFolder'],
      }),
    );
    b = await startHarness({ machineSettingsPath: machineFile, approvalSyncMs: 250 });
    const onB = b.backend.dispatcher;

    // B writes its users' public keys to the folder by itself; A's admin sees them and issues the roster.
    const candidates = async () => (await value<{ candidates: Candidate[] }>(a, 'roster:get', {})).candidates;
    await expect
      .poll(async () =>
        (await candidates())
          .filter((c) => c.source === 'key_file')
          .map((c) => c.username)
          .sort(),
      )
      .toEqual(['admin', 'leder', 'leder2', 'sagsbehandler']);
    const chosen = (await candidates()).filter(
      (c) =>
        (c.source === 'local' && c.username === 'sagsbehandler') ||
        (c.source === 'key_file' && c.username === 'leder'),
    );
    expect(chosen).toHaveLength(2);
    await value(a, 'roster:issue', { userIds: chosen.map((c) => c.userId) });
    // B takes the roster in at its next round (asked for here, so the test need not guess when that is).
    await signIn(onB, 'leder');
    await value(onB, 'approvals:sync', {});
    await value(onB, 'auth:signOut', { reason: 'user' });

    // The caseworker on A.
    await signIn(a, 'sagsbehandler');
    await sendReportForApproval(page, harness);
    await expect.poll(async () => (await readdir(join(shared, 'requests'))).length).toBe(1);
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Log ind' })).toBeVisible();

    // The supervisor on B, in a window of their own.
    const contextB = await browser.newContext();
    const pageB = await contextB.newPage();
    const uncaught: string[] = [];
    pageB.on('pageerror', (err) => uncaught.push(err.message));
    await pageB.goto(b.url);
    await signInThroughWindow(pageB, 'leder');
    await expect(pageB.getByTestId('current-role')).toHaveText('Leder');
    await expect(approvalsLink(pageB)).toHaveText('Godkendelser (1)');
    await approvalsLink(pageB).click();
    const request = pageB.getByTestId('approval-request');
    await expect(request).toHaveCount(1);
    await expect(request).toContainText(caseOfLetter(REPORT));
    await expect(request).toContainText('Psykologisk undersøgelse');
    // The requester's name comes from the roster: B has no such user of its own.
    await expect(request).toContainText('Sara Sagsbehandler');
    for (const name of CUSTODY_HOLDERS) await expect(request).toContainText(name);
    await expect(request.getByTestId('approval-remote')).toHaveText('Fra en anden computer (fælles mappe)');
    await expectNoSeriousViolations(pageB, 'inbox with a request from another computer');
    await screenshotsAtBothSizes(
      pageB,
      'approvals-remote-inbox',
      request.getByRole('link', { name: /^Gennemse/ }),
    );

    await request.getByRole('link', { name: /^Gennemse/ }).click();
    await expect(pageB.locator('#approval-review-heading')).toBeFocused();
    // The document, sent with the request and checked against its SHA-256, shown as page images on B.
    await expect(pageB.getByRole('img', { name: new RegExp(`^Side 1 af \\d+ i ${REPORT}`) })).toBeVisible();
    // The findings are the caseworker's own check, signed by them: B has neither the draft's text nor runs it again.
    await expect(pageB.getByTestId('review-remote')).toBeVisible();
    await expectReviewOfReport(pageB);
    await expectNoSeriousViolations(pageB, 'review of a request from another computer');
    await screenshotsAtBothSizes(
      pageB,
      'approval-remote-review',
      pageB.getByRole('button', { name: /^Godkend/ }),
    );
    await pageB.getByRole('textbox', { name: 'Kommentar' }).fill('Gennemset på min egen computer: i orden.');
    await pageB.getByRole('button', { name: /^Godkend/ }).click();
    await expect(pageB.getByTestId('decision-outcome')).toHaveText(
      'Afgørelsen er lagt i den fælles mappe. Sagsbehandlerens Sendeassistent kontrollerer den igen og sender.',
    );
    expect(uncaught).toEqual([]);
    await contextB.close();

    // A reads the decision, verifies it against the roster, checks the send again and delivers it, once each.
    await expect.poll(() => [...sandboxDeliveries(harness).values()], { timeout: 60_000 }).toEqual([1, 1]);
    await signInThroughWindow(page, 'sagsbehandler');
    await expect(page.getByTestId('current-role')).toHaveText('Sagsbehandler');
    await signIn(a, 'sagsbehandler');
    const { items } = await value<{
      items: {
        draftId: string;
        entry: { state: string; messageUUID: string };
        recipient: { name: string };
      }[];
    }>(a, 'outbox:list', {});
    expect(items.map((i) => i.entry.state)).toEqual(['sent', 'sent']);
    expect(items.map((i) => i.recipient.name).sort()).toEqual([...CUSTODY_HOLDERS].sort());
    expect([...sandboxDeliveries(harness).keys()].sort()).toEqual(
      items.map((i) => i.entry.messageUUID).sort(),
    );
    const { entries } = await value<{ entries: { kind: string; details: { via?: string } }[] }>(
      a,
      'audit:list',
      { limit: 200 },
    );
    expect(entries.find((e) => e.kind === 'approval.approved')?.details.via).toBe('shared_folder');
    expect(entries.some((e) => e.kind === 'approval.released')).toBe(true);
    // Decided and acted on: the request and its decision have left the shared folder.
    await expect.poll(async () => (await readdir(join(shared, 'requests'))).length).toBe(0);
    expect(await readdir(join(shared, 'decisions'))).toEqual([]);
  } finally {
    await b?.close();
    // A stops using the folder (a round under way is joined) before the folder goes.
    const a = harness.backend.dispatcher;
    await signIn(a, 'admin');
    await value(a, 'settings:update', { patch: { approvalFolder: null } });
    await value(a, 'approvals:sync', {});
    await rm(shared, { recursive: true, force: true });
    await rm(machineDir, { recursive: true, force: true });
  }
});
