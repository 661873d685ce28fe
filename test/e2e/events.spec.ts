import { CHILDREN_CASE } from './demo-data';
import { expect, test } from './fixtures';
import type { PageGlobals } from './page-globals';

test('opening a case is logged, and the audit event reaches window.api.onEvent over SSE', async ({
  page,
  harness,
}) => {
  await page.goto('/#/sager');
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();

  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__events = [];
    g.api.onEvent('audit:appended', (payload) => g.__events!.push(payload));
  });
  // The page's event stream must be open before the case is opened, or the event would go to no one.
  await expect.poll(() => harness.eventStreamCount()).toBe(1);

  await page.getByRole('link', { name: CHILDREN_CASE, exact: true }).click();
  await expect(page.getByRole('table', { name: /^Parter/ })).toBeVisible();

  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__events))
    .toContainEqual({ seq: expect.any(Number), kind: 'case.viewed' });

  // The event names the entry the backend actually wrote.
  const events = (await page.evaluate(() => (globalThis as unknown as PageGlobals).__events)) as {
    seq: number;
    kind: string;
  }[];
  const viewed = events.find((e) => e.kind === 'case.viewed')!;
  const audit = await page.evaluate(
    (caseNumber) => (globalThis as unknown as PageGlobals).api.listAudit({ caseNumber, limit: 10 }),
    CHILDREN_CASE,
  );
  expect(audit.ok).toBe(true);
  if (!audit.ok) return;
  expect(audit.value.entries).toContainEqual(
    expect.objectContaining({
      seq: viewed.seq,
      kind: 'case.viewed',
      caseNumber: CHILDREN_CASE,
      actor: 'Sara Sagsbehandler',
    }),
  );

  // Unsubscribing stops delivery: the first listener (still subscribed) sees the next view; the removed one not.
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__events = [];
    const off = g.api.onEvent('audit:appended', () => g.__events!.push('should not arrive'));
    off();
  });
  await page.getByRole('link', { name: 'Tilbage til sagslisten' }).click();
  await page.getByRole('link', { name: CHILDREN_CASE, exact: true }).click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__events))
    .toContainEqual({ seq: viewed.seq + 1, kind: 'case.viewed' });
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__events)).not.toContain(
    'should not arrive',
  );
});
