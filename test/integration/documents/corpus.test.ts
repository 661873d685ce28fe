import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExtractor } from '../../../src/backend/documents/extractor';
import { createForkProcessHost } from '../../../src/backend/documents/process-host';
import type { Extraction } from '../../../src/backend/documents/types';
import { loadCorpus } from '../../fixtures/documents/corpus';
import { REPO_ROOT } from '../../support/temp-dir';

const corpus = loadCorpus(REPO_ROOT);
const extractor = createExtractor({ processHost: createForkProcessHost() });
afterAll(() => extractor.close());

const allText = (e: Extraction) => (e.content?.pageTexts ?? []).map((p) => p.text).join('\n');

describe('the shared pdf.js corpus gives an allowed outcome for every file', () => {
  for (const entry of corpus.files) {
    const bytes = () => new Uint8Array(readFileSync(join(corpus.dir, entry.file)));

    it(`${entry.file}: ${entry.what}`, async () => {
      const result = await extractor.analyze(bytes());
      expect(entry.expect, `outcome of ${entry.file}`).toContain(result.outcome);
      expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (entry.pages !== undefined) expect(result.pages).toBe(entry.pages);
      if (entry.attachments !== undefined) expect(result.content?.attachments).toBe(entry.attachments);
      if (entry.contains !== undefined) expect(allText(result)).toContain(entry.contains);
    });

    for (const attempt of entry.withPassword ?? []) {
      it(`${entry.file} with password attempt → ${attempt.expect.join(' | ')}`, async () => {
        const result = await extractor.analyze(bytes(), { password: attempt.password });
        expect(attempt.expect).toContain(result.outcome);
        if (attempt.contains !== undefined) expect(allText(result)).toContain(attempt.contains);
      });
    }
  }

  it('reports JavaScript and attachments without opening them', async () => {
    const js = await extractor.analyze(new Uint8Array(readFileSync(join(corpus.dir, 'js-authors.pdf'))));
    expect(js.content?.hasJavaScript).toBe(true);
    const plain = await extractor.analyze(new Uint8Array(readFileSync(join(corpus.dir, 'tracemonkey.pdf'))));
    expect(plain.content?.hasJavaScript).toBe(false);
    expect(plain.content?.attachments).toBe(0);
    expect(plain.pagesWithoutText).toEqual([]);
  });
});
