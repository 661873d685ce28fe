import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../../src/shared/contract';
import { BRIDGE_TAG } from '../harness/serve';
import { expect, test } from './fixtures';
import type { PageGlobals, PageViolation } from './page-globals';

/** The policy agreed with the shell (src/main checks the same string against its own constant). */
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const builtIndexHtml = () =>
  readFileSync(join(__dirname, '..', '..', 'out', 'renderer', 'index.html'), 'utf8');

function cspMetaOf(html: string): string {
  const metas = html.match(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/?>/gi) ?? [];
  expect(metas, 'exactly one CSP meta tag').toHaveLength(1);
  return metas[0]!;
}

test('the page has no Node', async ({ page }) => {
  await page.goto('/#/sager');
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();
  const types = await page.evaluate(() => ({
    require: typeof require,
    process: typeof process,
    module: typeof module,
    Buffer: typeof Buffer,
    global: typeof global,
  }));
  expect(types).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    global: 'undefined',
  });
});

test('window.api has exactly the contract methods plus onEvent', async ({ page }) => {
  await page.goto('/');
  const keys = await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).api).sort());
  const expected = [...Object.values(contract).map((def) => def.method), 'onEvent'].sort();
  expect(keys).toEqual(expected);
  // Every one of them is a function, and the page cannot swap the object for another.
  const shape = await page.evaluate(() => {
    const g = globalThis as unknown as { api: unknown };
    const api = g.api as Record<string, unknown>;
    const allFunctions = Object.values(api).every((v) => typeof v === 'function');
    try {
      g.api = {};
    } catch {
      // Strict-mode assignment to a read-only property throws; sloppy mode ignores it. Either way it must stay.
    }
    return { allFunctions, replaced: g.api !== api, frozen: Object.isFrozen(api) };
  });
  expect(shape).toEqual({ allFunctions: true, replaced: false, frozen: true });
});

test('the CSP blocks an injected inline script and eval', async ({ page }) => {
  await page.goto('/#/sager');
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();

  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__violations = [];
    g.document.addEventListener('securitypolicyviolation', (e) =>
      g.__violations!.push({
        effectiveDirective: e.effectiveDirective,
        blockedURI: e.blockedURI,
        disposition: e.disposition,
      }),
    );
  });

  // page.evaluate runs through the DevTools protocol, which lets code it runs synchronously use eval even under a
  // CSP (CDP's allowUnsafeEvalBlockedByCSP). So the attempts run in a task of the page's own, as app code would.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ injected: unknown; evalOutcome: string; functionOutcome: string }>((resolve) => {
        setTimeout(() => {
          const g = globalThis as unknown as PageGlobals;
          const script = g.document.createElement('script');
          script.textContent = 'window.__injected = 1';
          g.document.head.appendChild(script);

          let evalOutcome = 'ran';
          try {
            // The point of the test: the CSP must refuse eval.
            g.eval('1 + 1');
          } catch (err) {
            evalOutcome = err instanceof EvalError ? 'blocked' : `threw ${String(err)}`;
          }
          let functionOutcome = 'ran';
          try {
            // And the Function constructor, eval's twin.
            new g.Function('return 1')();
          } catch (err) {
            functionOutcome = err instanceof EvalError ? 'blocked' : `threw ${String(err)}`;
          }
          resolve({ injected: g.__injected, evalOutcome, functionOutcome });
        }, 0);
      }),
  );
  expect(outcome).toEqual({ injected: undefined, evalOutcome: 'blocked', functionOutcome: 'blocked' });

  // The violation events arrive as tasks after the fact: wait for them rather than sleep.
  const violations = () =>
    page.evaluate(() => (globalThis as unknown as PageGlobals).__violations ?? ([] as PageViolation[]));
  await expect.poll(violations).toContainEqual({
    effectiveDirective: 'script-src-elem',
    blockedURI: 'inline',
    disposition: 'enforce',
  });
  await expect
    .poll(violations)
    .toContainEqual({ effectiveDirective: 'script-src', blockedURI: 'eval', disposition: 'enforce' });
  // The app itself still works.
  await expect(page.getByRole('table', { name: 'Sager' })).toBeVisible();
});

test('the served index.html is the build plus one bridge tag, with the CSP meta untouched', async ({
  request,
}) => {
  const built = builtIndexHtml();
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('text/html; charset=utf-8');
  const served = await response.text();

  const at = built.indexOf('<script');
  expect(at).toBeGreaterThan(0);
  expect(served).toBe(built.slice(0, at) + BRIDGE_TAG + built.slice(at));
  expect(served.split(BRIDGE_TAG)).toHaveLength(2);

  expect(cspMetaOf(served)).toBe(cspMetaOf(built));
  const policy = /content="([^"]*)"/.exec(cspMetaOf(built))?.[1];
  expect(policy).toBe(EXPECTED_CSP);

  // The build itself has no inline script the CSP would have to allow.
  for (const tag of built.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
  expect(built).not.toMatch(/<style\b/i);
});
