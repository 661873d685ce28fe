/**
 * The second producer: letters printed to PDF by headless Chromium (Skia), whose line breaks, glyph runs and
 * text order differ from pdfkit's, run through the real worker and the real entity rules. A missing Chromium
 * fails this file (generateChromiumPdfs throws in beforeAll); it is never skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createExtractor } from '../../../src/backend/documents/extractor';
import { createForkProcessHost } from '../../../src/backend/documents/process-host';
import type { Extraction } from '../../../src/backend/documents/types';
import { extractEntities } from '../../../src/core/entities';
import {
  CHROMIUM_ADDRESSEES,
  CHROMIUM_CASE_NUMBER,
  CHROMIUM_CPRS,
  CHROMIUM_LETTER_LINES,
  CHROMIUM_NOT_CPRS,
  generateChromiumPdfs,
  type ChromiumFixture,
} from '../../fixtures/documents/chromium-fixtures';
import { tempDir } from '../../support/temp-dir';
import { sourceTexts } from '../../../src/backend/documents/analyse';

const extractor = createExtractor({ processHost: createForkProcessHost() });
const dir = tempDir('sendeassistent-chromium-');
const results = new Map<string, Extraction>();
let fixtures: ChromiumFixture[] = [];

beforeAll(async () => {
  // One browser launch for all letters, and the worker warmed in parallel with it.
  const [generated] = await Promise.all([generateChromiumPdfs(dir.path), extractor.describeWorker()]);
  fixtures = generated;
  for (const f of fixtures) results.set(f.name, await extractor.analyze(readFileSync(f.path)));
});

afterAll(() => {
  extractor.close();
  dir.cleanup();
});

const sources = sourceTexts;

const pageText = (e: Extraction) => (e.content?.pageTexts ?? []).map((p) => p.text).join('\n');

describe('Chromium print-to-PDF letters', () => {
  it('are generated, both of them, by Skia', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual([
      'chromium-letter-system-font.pdf',
      'chromium-letter-webfont.pdf',
    ]);
    for (const f of fixtures) {
      const result = results.get(f.name)!;
      expect(result.outcome, f.name).toBe('ok');
      expect(result.pages, f.name).toBe(1);
      expect(result.pagesWithoutText, f.name).toEqual([]);
      expect(result.content?.metadata.producer ?? '', f.name).toMatch(/Skia/);
    }
  });

  const names = ['chromium-letter-webfont.pdf', 'chromium-letter-system-font.pdf'];
  for (const name of names) {
    describe(name, () => {
      const result = () => {
        const r = results.get(name);
        if (!r) throw new Error(`${name} was not generated`);
        return r;
      };

      it('Danish letters come out exactly, in NFC', () => {
        const text = pageText(result());
        for (const line of [...CHROMIUM_LETTER_LINES, ...CHROMIUM_ADDRESSEES]) expect(text).toContain(line);
        expect(text).toBe(text.normalize('NFC'));
        // Decomposed å or ø would pass a lenient search but fail the party-name checks.
        expect(text).not.toMatch(/[\u0300-\u036f]/u);
        expect(text).toContain('æøå ÆØÅ');
      });

      it('finds every CPR spelling, normalised, with modulus 11 as a hint only', () => {
        const { cprs } = extractEntities(sources(result()));
        expect(cprs.map((c) => ({ value: c.value, mod11: c.mod11, validDate: c.validDate }))).toEqual(
          CHROMIUM_CPRS.map((c) => ({ value: c.value, mod11: c.mod11, validDate: true })),
        );
        expect(cprs.map((c) => c.raw)).toEqual(CHROMIUM_CPRS.map((c) => c.raw));
        expect(cprs.every((c) => c.page === 1 && c.source === 'page')).toBe(true);
      });

      it('does not find a CPR inside the account number or the EAN', () => {
        const text = pageText(result());
        // The runs are in the text, so not finding them is the rule's doing, not the extraction's.
        expect(text).toContain(CHROMIUM_NOT_CPRS.account);
        expect(text).toContain(CHROMIUM_NOT_CPRS.ean);
        const values = extractEntities(sources(result())).cprs.map((c) => c.value);
        expect(values).not.toContain('010203-4567');
        expect(values).toHaveLength(CHROMIUM_CPRS.length);
      });

      it('finds the case number in its table cell', () => {
        const { caseNumbers } = extractEntities(sources(result()));
        expect(caseNumbers.map((c) => c.value)).toEqual([CHROMIUM_CASE_NUMBER]);
      });

      it('finds the salutation and address-block names, not the letterhead', () => {
        const { salutationNames } = extractEntities(sources(result()));
        expect([...salutationNames].sort()).toEqual(['Jens', 'Mette', ...CHROMIUM_ADDRESSEES].sort());
      });
    });
  }
});
