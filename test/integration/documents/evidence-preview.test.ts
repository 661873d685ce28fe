import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import type { Backend } from '../../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../../src/backend/dispatch';
import { createExtractor } from '../../../src/backend/documents/extractor';
import type { Rect } from '../../../src/backend/documents/locate-text';
import { createForkProcessHost } from '../../../src/backend/documents/process-host';
import type { PageRender } from '../../../src/backend/documents/types';
import type { Result } from '../../../src/shared/result';
import { emilDecisionLetter } from '../../fixtures/documents/case-letters';
import { DEJAVU_SANS } from '../../fixtures/documents/pdfkit-fixtures';
import { buildPdf, stream } from '../../fixtures/documents/raw-pdf';
import { MemoryLogger } from '../../support/fakes';
import { testBackend } from '../../support/backend';
import { tempDir } from '../../support/temp-dir';

const CPR = '010203-1234';

/** Where pdfkit drew a text: its left edge, its baseline and its width, in points from the page's top-left. */
interface Drawn {
  x: number;
  baseline: number;
  width: number;
  size: number;
}

/**
 * A US Letter page (612 x 792 pt) with a CPR number in Helvetica at a known place, and a name in DejaVu Sans
 * (embedded, æøå) that runs over a line break.
 */
async function letterWithCpr(): Promise<{ pdf: Buffer; cpr: Drawn; name: [Drawn, Drawn] }> {
  const doc = new PDFDocument({ info: { CreationDate: new Date('2026-11-02T10:00:00Z') } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit puts a line's top at y; its baseline is the font's ascender below that.
  const place = (font: string, text: string, before: string, x: number, y: number): Drawn => {
    doc.font(font).fontSize(12);
    doc.text(before + text, x, y, { lineBreak: false });
    const ascender = (doc as unknown as { _font: { ascender: number } })._font.ascender;
    return {
      x: x + doc.widthOfString(before),
      baseline: y + (ascender / 1000) * 12,
      width: doc.widthOfString(text),
      size: 12,
    };
  };
  const cpr = place('Helvetica', CPR, 'CPR-nr.: ', 72, 200);
  const first = place(DEJAVU_SANS, 'Søren Ærø', 'Vi har talt med ', 72, 300);
  const second = place(DEJAVU_SANS, 'Åberg', '', 72, 316);
  doc.end();
  return { pdf: await done, cpr, name: [first, { ...second }] };
}

/** The dark pixels (glyph cores) of the PNG inside a box of image pixels. */
async function darkPixels(png: Uint8Array, box: { x: number; y: number; width: number; height: number }) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const w = Math.min(image.width - x, Math.ceil(box.width));
  const h = Math.min(image.height - y, Math.ceil(box.height));
  if (w <= 0 || h <= 0) return 0;
  const { data } = ctx.getImageData(x, y, w, h);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) < 100) dark++;
  return dark;
}

function rendered(result: PageRender): Extract<PageRender, { ok: true }> {
  if (!result.ok) throw new Error(`not rendered: ${result.outcome}`);
  return result;
}

/** A fractional rect in image pixels. */
const pixels = (r: Rect, image: { width: number; height: number }) => ({
  x: r.x * image.width,
  y: r.y * image.height,
  width: r.width * image.width,
  height: r.height * image.height,
});

/**
 * The rect sits on the drawn text: its left and right edges within `tolerance` px, the baseline inside it, about a
 * line high. The edges of a part of a text item are estimated from Helvetica's glyph widths (pdf.js does not say
 * where each glyph is), so they are exact in Helvetica and a few pixels off in other fonts.
 */
function expectOver(box: ReturnType<typeof pixels>, drawn: Drawn, scale: number, tolerance: number) {
  expect(Math.abs(box.x - drawn.x * scale)).toBeLessThan(tolerance);
  expect(Math.abs(box.x + box.width - (drawn.x + drawn.width) * scale)).toBeLessThan(tolerance);
  expect(box.y).toBeLessThan(drawn.baseline * scale);
  expect(box.y + box.height).toBeGreaterThan(drawn.baseline * scale);
  expect(box.height).toBeGreaterThan(0.7 * drawn.size * scale);
  expect(box.height).toBeLessThan(1.4 * drawn.size * scale);
}

const extractor = createExtractor({ processHost: createForkProcessHost() });
afterAll(() => extractor.close());

describe('evidence marked on a page preview', () => {
  it('places a CPR number’s rect where pdfkit drew it, over its ink and nothing else', async () => {
    const { pdf, cpr } = await letterWithCpr();
    const page = rendered(await extractor.renderPage(pdf, 1, { highlight: [CPR] }));
    const scale = page.width / 612;
    expect(page.highlights).toHaveLength(1);
    expect(page.highlights[0]!.text).toBe(CPR);
    expect(page.highlights[0]!.rects).toHaveLength(1);
    const box = pixels(page.highlights[0]!.rects[0]!, page);
    expectOver(box, cpr, scale, 2);
    // The glyphs are inside the mark; the same band just right of it is blank paper.
    expect(await darkPixels(page.png, box)).toBeGreaterThan(100);
    expect(await darkPixels(page.png, { ...box, x: box.x + box.width + 2, width: 200 })).toBe(0);
  });

  it('marks both lines of evidence over a line break, in an embedded font with æøå, ignoring case', async () => {
    const { pdf, name } = await letterWithCpr();
    const page = rendered(await extractor.renderPage(pdf, 1, { highlight: ['SØREN ærø\nÅberg'] }));
    const scale = page.width / 612;
    const rects = page.highlights[0]!.rects.map((r) => pixels(r, page));
    expect(rects).toHaveLength(2);
    // DejaVu Sans is wider than Helvetica: "Søren Ærø" follows other text in its item, so its edges are estimated
    // (within a third of an em); "Åberg" is an item of its own.
    expectOver(rects[0]!, name[0], scale, (12 * scale) / 3);
    expectOver(rects[1]!, name[1], scale, 2);
  });

  it('answers an absent text with no rects, and a preview without texts with no highlights', async () => {
    const { pdf } = await letterWithCpr();
    const page = rendered(await extractor.renderPage(pdf, 1, { highlight: ['999999-9999', CPR] }));
    expect(page.highlights.map((h) => [h.text, h.rects.length])).toEqual([
      ['999999-9999', 0],
      [CPR, 1],
    ]);
    expect(rendered(await extractor.renderPage(pdf, 1)).highlights).toEqual([]);
  });

  it('follows a page turned a quarter (/Rotate 90)', async () => {
    const pdf = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      stream('', Buffer.from(`BT /F1 12 Tf 72 600 Td (CPR-nr. ${CPR}) Tj ET`, 'latin1')),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ]);
    const page = rendered(await extractor.renderPage(pdf, 1, { highlight: [CPR] }));
    expect(page.width).toBeGreaterThan(page.height);
    const [rect] = page.highlights[0]!.rects;
    const box = pixels(rect!, page);
    // Turned clockwise, the text runs down the image: a tall, narrow mark over ink.
    expect(box.height).toBeGreaterThan(box.width * 3);
    expect(await darkPixels(page.png, box)).toBeGreaterThan(50);
  });

  it('refuses more texts than the cap before any worker is asked', async () => {
    const { pdf } = await letterWithCpr();
    await expect(
      extractor.renderPage(pdf, 1, { highlight: Array.from({ length: 51 }, () => CPR) }),
    ).rejects.toThrow(RangeError);
  });
});

describe('documents:preview with highlight', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const logger = new MemoryLogger();
  beforeAll(() => {
    dir = tempDir();
    backend = testBackend(dir.path, { logger });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  it('answers each text with its rects as fractions of the image, and logs none of them', async () => {
    const made = (await backend.dispatcher.binary(
      'documents:analyze',
      await emilDecisionLetter(),
      { fileName: 'afgørelse.pdf' },
      BINARY_CONTENT_TYPE,
    )) as Result<{ draftId: string }>;
    const draftId = made.ok ? made.value.draftId : null;
    const shown = await backend.dispatcher.json('documents:preview', {
      draftId,
      page: 1,
      highlight: ['140314-4597', 'Kære Mette\nEksempelsen', '010203-1234'],
    });
    expect(shown.ok, JSON.stringify(shown).slice(0, 500)).toBe(true);
    const value = (shown.ok ? shown.value : null) as { highlights: Array<{ text: string; rects: Rect[] }> };
    expect(value.highlights.map((h) => [h.text, h.rects.length])).toEqual([
      ['140314-4597', 1],
      ['Kære Mette\nEksempelsen', 1],
      ['010203-1234', 0],
    ]);
    for (const r of value.highlights.flatMap((h) => h.rects)) {
      expect(r.x + r.width).toBeLessThanOrEqual(1);
      expect(r.y + r.height).toBeLessThanOrEqual(1);
    }
    expect(logger.lines.join('\n')).not.toContain('140314-4597');
    expect(logger.lines.join('\n')).not.toContain('Eksempelsen');

    const tooMany = await backend.dispatcher.json('documents:preview', {
      draftId,
      page: 1,
      highlight: Array.from({ length: 51 }, () => 'x'),
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
