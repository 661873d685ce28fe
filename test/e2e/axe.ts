import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA: what issue 7 asks for. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);

/** Where the window keeps the caseworker's language (src/renderer/src/i18n/index.ts). */
export const LANGUAGE_KEY = 'sendeassistent.sprog';

/**
 * Runs axe over the whole window as it is now and fails (softly, so one run reports every state) on each serious or
 * critical violation: the rule, what it asks, and each element by its selector and the start of its HTML. No rule is
 * excluded or disabled.
 */
export async function expectNoSeriousViolations(page: Page, stateName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = results.violations.filter((v) => v.impact && FAILING_IMPACTS.has(v.impact));
  const report = serious
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const html = n.html.replace(/\s+/g, ' ');
          return `    - ${n.target.join(' ')}\n      ${html.length > 160 ? `${html.slice(0, 160)}…` : html}`;
        })
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
  expect.soft(serious.length, `axe: serious or critical violations in "${stateName}":\n${report}`).toBe(0);
}

/** The window in a language: English is chosen the way the header's switch keeps it, before the first page loads. */
export async function useLanguage(page: Page, language: 'da' | 'en'): Promise<void> {
  if (language === 'en') {
    await page.addInitScript(
      ([key, value]) =>
        (
          globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
        ).localStorage.setItem(key, value),
      [LANGUAGE_KEY, language] as const,
    );
  }
}
