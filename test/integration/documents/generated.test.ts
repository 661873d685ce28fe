import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createExtractor } from '../../../src/backend/documents/extractor';
import { createForkProcessHost } from '../../../src/backend/documents/process-host';
import type { Extraction } from '../../../src/backend/documents/types';
import {
  LETTER_LINES,
  attachmentPdf,
  coverThenScanPdf,
  danishLetter,
  formFieldPdf,
  scannedPagePng,
  wordBytes,
} from '../../fixtures/documents/pdfkit-fixtures';
import { javaScriptPdf } from '../../fixtures/documents/raw-pdf';
import { tempDir } from '../../support/temp-dir';

const extractor = createExtractor({ processHost: createForkProcessHost() });
const dir = tempDir('sendeassistent-docs-');
afterAll(() => {
  extractor.close();
  dir.cleanup();
});

const text = (e: Extraction) => (e.content?.pageTexts ?? []).map((p) => p.text).join('\n');

describe('Danish letters come out exactly, in NFC', () => {
  for (const font of ['Helvetica', 'DejaVuSans'] as const) {
    it(`in ${font}`, async () => {
      const result = await extractor.analyze(await danishLetter(font));
      expect(result.outcome).toBe('ok');
      expect(result.pages).toBe(1);
      expect(result.pagesWithoutText).toEqual([]);
      const extracted = text(result);
      for (const line of LETTER_LINES) expect(extracted).toContain(line);
      expect(extracted).toBe(extracted.normalize('NFC'));
      // Decomposed å (a + ring) would pass a lenient search but fail the party-name checks.
      expect(extracted).not.toMatch(/\u030a|\u0338/u);
      expect(result.content?.metadata.title).toBe('Afgørelse om særlige udgifter');
      expect(result.content?.metadata.creationDate).toBe('2026-11-02T10:00:00.000Z');
      const item = result.content?.pageTexts[0]?.items.find((i) => i.str.includes('Kære'));
      expect(item).toMatchObject({ page: 1 });
      expect(item!.x).toBeGreaterThan(0);
      expect(item!.y).toBeGreaterThan(0);
      expect(item!.width).toBeGreaterThan(0);
    });
  }
});

describe('text outside the content stream is reported', () => {
  it('a value typed into a form field', async () => {
    const result = await extractor.analyze(await formFieldPdf('Hanne Ærbødig 010190-1234'));
    expect(result.content?.hasFormFields).toBe(true);
    expect(result.content?.sideTexts).toContainEqual(
      expect.objectContaining({ source: 'form_field', name: 'ansoeger', text: 'Hanne Ærbødig 010190-1234' }),
    );
    expect(text(result)).not.toContain('Hanne');
  });

  it('an embedded file is counted, not read as text', async () => {
    const result = await extractor.analyze(await attachmentPdf());
    expect(result.outcome).toBe('ok');
    expect(result.content?.attachments).toBe(1);
    expect(JSON.stringify(result)).not.toContain('Bilaget må ikke åbnes');
  });
});

describe('pages without text', () => {
  it('a text cover page in front of a scanned page: page 2 is flagged', async () => {
    const result = await extractor.analyze(await coverThenScanPdf());
    expect(['ok', 'no_text']).toContain(result.outcome);
    expect(result.pages).toBe(2);
    expect(result.pagesWithoutText).toEqual([2]);
  });
});

describe('broken and wrong files', () => {
  it('zero bytes, a Word file and a PNG named .pdf are not_pdf, decided without a worker', async () => {
    for (const bytes of [new Uint8Array(0), wordBytes(), scannedPagePng()]) {
      const result = await extractor.analyze(bytes);
      expect(result.outcome).toBe('not_pdf');
      expect(result.message).toMatch(/ikke en PDF-fil/);
    }
  });

  for (const share of [0.1, 0.5, 0.9]) {
    it(`the letter truncated at ${share * 100} % is refused or read, never a crash or hang`, async () => {
      const letter = await danishLetter('DejaVuSans');
      const result = await extractor.analyze(letter.subarray(0, Math.floor(letter.length * share)));
      expect(['invalid_pdf', 'ok', 'no_text']).toContain(result.outcome);
    });
  }
  it('after the truncated files the worker still reads a good letter', async () => {
    expect((await extractor.analyze(await danishLetter('Helvetica'))).outcome).toBe('ok');
  });
});

describe('document JavaScript never runs', () => {
  it('reports the script, and its traces are absent', async () => {
    const marker = join(dir.path, 'script-ran.txt');
    const result = await extractor.analyze(javaScriptPdf(marker));
    expect(result.outcome).toBe('ok');
    expect(result.content?.hasJavaScript).toBe(true);
    expect(text(result)).toContain('Brev med et script, der aldrig skal køre');
    expect(existsSync(marker)).toBe(false);
    expect((globalThis as { sendeassistentScriptRan?: boolean }).sendeassistentScriptRan).toBeUndefined();
  });
});

beforeAll(async () => {
  // Warm the worker once so the per-test times above measure analysis, not pdf.js loading.
  await extractor.describeWorker();
});
