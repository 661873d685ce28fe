import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTCOME_MESSAGES } from '../../../src/backend/documents/messages';
import { pdfDate } from '../../../src/backend/documents/pdf-extract';
import { LocalBinaryDataFactory, pdfjsOptions, pdfjsRoot } from '../../../src/backend/documents/pdf-options';
import { readProcRssBytes } from '../../../src/backend/documents/process-host';
import { pdfWorkerEntry } from '../../../src/backend/documents/worker-entry';

describe('outcome messages', () => {
  it('has a Danish sentence for each of the eight outcomes', () => {
    expect(Object.keys(OUTCOME_MESSAGES).sort()).toEqual(
      [
        'invalid_pdf',
        'needs_password',
        'no_text',
        'not_pdf',
        'ok',
        'timeout',
        'too_large',
        'wrong_password',
      ].sort(),
    );
    for (const message of Object.values(OUTCOME_MESSAGES)) expect(message).toMatch(/^[A-ZÆØÅ].+\.$/u);
  });
});

describe('PDF dates', () => {
  it('become ISO strings, with the time zone applied', () => {
    expect(pdfDate("D:20261102103000+01'00'")).toBe('2026-11-02T09:30:00.000Z');
    expect(pdfDate('D:20261102103000Z')).toBe('2026-11-02T10:30:00.000Z');
    expect(pdfDate('D:2026')).toBe('2026-01-01T00:00:00.000Z');
  });
  it('are null when absent or not a date', () => {
    expect(pdfDate(undefined)).toBeNull();
    expect(pdfDate('i går')).toBeNull();
    expect(pdfDate('D:20261340')).toBeNull();
  });
});

describe('pdf.js assets', () => {
  it('are local folders ending in a slash that exist in the installed pdfjs-dist', () => {
    const options = pdfjsOptions(pdfjsRoot());
    for (const url of [options.cMapUrl, options.standardFontDataUrl, options.wasmUrl]) {
      expect(url.endsWith('/')).toBe(true);
      expect(url.startsWith(pdfjsRoot())).toBe(true);
    }
  });

  it('serves plain file names from its folder and refuses paths a PDF could smuggle in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-assets-'));
    try {
      mkdirSync(join(dir, 'cmaps'));
      writeFileSync(join(dir, 'cmaps', 'UniJIS-UCS2-H.bcmap'), 'x');
      writeFileSync(join(dir, 'secret.txt'), 'y');
      const factory = new LocalBinaryDataFactory({ cMapUrl: join(dir, 'cmaps') + '/' });
      expect(await factory.fetch({ kind: 'cMapUrl', filename: 'UniJIS-UCS2-H.bcmap' })).toEqual(
        new Uint8Array([0x78]),
      );
      await expect(factory.fetch({ kind: 'cMapUrl', filename: '../secret.txt' })).rejects.toThrow(/Refused/);
      await expect(factory.fetch({ kind: 'wasmUrl', filename: 'x.wasm' })).rejects.toThrow(/Refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the worker entry', () => {
  it('is the source bootstrap (pdf.js first, then the TypeScript entry through tsx) from source', () => {
    const entry = pdfWorkerEntry();
    expect(entry.modulePath).toMatch(/src[\\/]backend[\\/]documents[\\/]pdf-worker-dev\.cjs$/);
    expect(entry.execArgv).toEqual([]);
  });

  it('is out/main/pdf-worker.js when built, also from a chunk', () => {
    const out = mkdtempSync(join(tmpdir(), 'sendeassistent-out-'));
    try {
      mkdirSync(join(out, 'chunks'));
      writeFileSync(join(out, 'pdf-worker.js'), '');
      expect(pdfWorkerEntry(out)).toEqual({ modulePath: join(out, 'pdf-worker.js'), execArgv: [] });
      expect(pdfWorkerEntry(join(out, 'chunks'))).toEqual({
        modulePath: join(out, 'pdf-worker.js'),
        execArgv: [],
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('RSS from /proc', () => {
  it.runIf(process.platform === 'linux')('reads this process and gives null for one that is gone', () => {
    expect(readProcRssBytes(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
    expect(readProcRssBytes(2 ** 30)).toBeNull();
  });
});
