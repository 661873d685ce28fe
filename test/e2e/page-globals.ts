import type { Api } from '../../src/shared/contract';

/**
 * What the tests touch inside the page. The Node tsconfig deliberately has no DOM types (backend code must not
 * see `window`), so the few browser objects that `page.evaluate` callbacks use are described here, narrowly.
 * Use it as `globalThis as unknown as PageGlobals` inside the callback: the callback runs in the page, so it cannot
 * call helpers defined in the test file.
 */
export interface PageViolation {
  effectiveDirective: string;
  blockedURI: string;
  disposition: string;
}

export interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}

export interface PageGlobals {
  api: Api;
  document: {
    createElement(tag: string): PageElement;
    head: { appendChild(el: PageElement): void };
    querySelector(selector: string): PageElement | null;
    addEventListener(type: 'securitypolicyviolation', listener: (e: PageViolation) => void): void;
  };
  eval(code: string): unknown;
  Function: new (...args: string[]) => () => unknown;
  /** Set by tests. */
  __violations?: PageViolation[];
  __injected?: number;
  __events?: unknown[];
}
