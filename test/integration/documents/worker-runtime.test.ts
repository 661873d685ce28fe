import { describe, expect, it } from 'vitest';
import { createExtractor } from '../../../src/backend/documents/extractor';
import { createForkProcessHost } from '../../../src/backend/documents/process-host';
import { danishCaseBundle } from '../../fixtures/documents/bundle-fixtures';

/** The worker puts the engine's Array.prototype.push back after pdf.js's core-js replaced it (worker-runtime.ts). */
describe('the PDF worker process', () => {
  it("runs pdf.js on the engine's own Array.prototype.push and still reads a document", async () => {
    const extractor = createExtractor({ processHost: createForkProcessHost() });
    try {
      const result = await extractor.analyze(await danishCaseBundle(3, { title: 'Brev' }));
      expect(result.outcome).toBe('ok');
      const described = await extractor.describeWorker();
      // core-js's replacement prints "[native code]" through its own toString, so the worker asks a fresh realm.
      expect(described['runtime.enginePush']).toBe(true);
    } finally {
      extractor.close();
    }
  });
});
