import { describe, expect, it } from 'vitest';
import { isEnginePush, restoreEnginePush } from '../../../src/backend/documents/worker-runtime';

describe("putting the engine's Array.prototype.push back (worker-runtime.ts)", () => {
  const enginePush = Array.prototype.push;

  it("tells the engine's push from a JavaScript one, even one that prints itself as native", () => {
    expect(isEnginePush(enginePush)).toBe(true);
    expect(isEnginePush()).toBe(true);
    function push(this: unknown[], ...items: unknown[]) {
      for (const item of items) this[this.length] = item;
      return this.length;
    }
    // What core-js does to its polyfills: its Function.prototype.toString prints them as native code.
    push.toString = () => 'function push() { [native code] }';
    expect(String(push)).toContain('[native code]');
    expect(isEnginePush(push)).toBe(false);
    expect(isEnginePush(null)).toBe(false);
  });

  it('replaces a polyfill with the saved engine function, and nothing else', () => {
    const polyfill = function push() {
      return 0;
    };
    const target = { push: polyfill as unknown };
    expect(restoreEnginePush(enginePush, target)).toBe(true);
    expect(target.push).toBe(enginePush);
    expect(Object.getOwnPropertyDescriptor(target, 'push')).toMatchObject({
      writable: true,
      configurable: true,
      enumerable: false,
    });
    // Already the engine's: nothing to do.
    expect(restoreEnginePush(enginePush, target)).toBe(false);
    // A "saved" push that was taken after pdf.js loaded is the polyfill itself: never installed.
    const polyfilled = { push: polyfill as unknown };
    expect(restoreEnginePush(polyfill, polyfilled)).toBe(false);
    expect(restoreEnginePush(function other() {}, polyfilled)).toBe(false);
    expect(polyfilled.push).toBe(polyfill);
  });
});
