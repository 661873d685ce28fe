/**
 * Where a finding's evidence stands on a rendered page: pure functions over pdf.js's text items, so the matching
 * and the geometry are tested without a worker. pdf-render.ts feeds them a page's text content and its viewport.
 */

import { glyphWidth } from './glyph-widths';

/** At most this many places per searched text are marked (a number repeated all over a page is still obvious). */
export const MAX_OCCURRENCES = 20;
/** At most this many rectangles per searched text, whatever the PDF's items look like (one glyph per item). */
export const MAX_RECTS_PER_TEXT = 200;

/** The parts of a pdf.js TextItem (and its font's TextStyle) the geometry needs. */
export interface LocatableItem {
  str: string;
  /** Text space to PDF user space, font size included (pdf.js `TextItem.transform`). */
  transform: readonly number[];
  /** The advance along the baseline in user space units (pdf.js `TextItem.width`). */
  width: number;
  height: number;
  /** The font's ascent and descent as fractions of its size (pdf.js `TextStyle`; 0 when pdf.js does not know). */
  ascent?: number;
  descent?: number;
  vertical?: boolean;
}

/** A rectangle as fractions (0..1) of the rendered image, origin top-left. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Highlight {
  text: string;
  /** Empty when the text is not on the page (or only where the image does not show it). */
  rects: Rect[];
}

/** The characters of one occurrence that come from one item: code points [start, end) of the item's NFC text. */
export interface ItemSpan {
  item: number;
  start: number;
  end: number;
  /** The item's length in code points (NFC), for the proportion. */
  length: number;
}

export interface PageGeometry {
  /** PDF user space to image pixels: pdf.js's `viewport.convertToViewportPoint`. */
  toViewport: (x: number, y: number) => readonly number[];
  /** The rendered image's size in pixels. */
  width: number;
  height: number;
}

const WHITESPACE = /\s/u;

/**
 * A string folded for comparison: NFC, every whitespace character removed, lower case. `from[i]` is the code point
 * of the NFC text that the folded code unit `i` came from (lower-casing may turn one character into two).
 */
export function fold(text: string): { folded: string; from: number[]; length: number } {
  const chars = Array.from(text.normalize('NFC'));
  let folded = '';
  const from: number[] = [];
  chars.forEach((ch, i) => {
    if (WHITESPACE.test(ch)) return;
    const lower = ch.toLowerCase();
    folded += lower;
    for (let k = 0; k < lower.length; k++) from.push(i);
  });
  return { folded, from, length: chars.length };
}

/**
 * Every occurrence (at most `max`, not overlapping, in reading order of the items) of `needle` in the items' text
 * taken together, ignoring whitespace and case; each as the spans of the items it touches. An evidence text that
 * runs over a line break or over several items is found, since the items' texts are joined without whitespace.
 */
export function findOccurrences(
  items: readonly string[],
  needle: string,
  max: number = MAX_OCCURRENCES,
): ItemSpan[][] {
  const wanted = fold(needle).folded;
  if (wanted === '') return [];
  let hay = '';
  const origin: Array<{ item: number; at: number }> = [];
  const lengths: number[] = [];
  items.forEach((str, item) => {
    const f = fold(str);
    lengths.push(f.length);
    hay += f.folded;
    for (const at of f.from) origin.push({ item, at });
  });

  const found: ItemSpan[][] = [];
  for (
    let i = hay.indexOf(wanted);
    i !== -1 && found.length < max;
    i = hay.indexOf(wanted, i + wanted.length)
  ) {
    const spans: ItemSpan[] = [];
    for (let k = i; k < i + wanted.length; k++) {
      const { item, at } = origin[k]!;
      const last = spans[spans.length - 1];
      if (last && last.item === item) last.end = Math.max(last.end, at + 1);
      else spans.push({ item, start: at, end: at + 1, length: lengths[item]! });
    }
    found.push(spans);
  }
  return found;
}

/**
 * Each needle's places on the page as rectangles of the rendered image: one per item an occurrence touches (a part
 * of an item by the typical widths of its characters), joined where they sit side by side on one line.
 */
export function locateText(
  items: readonly LocatableItem[],
  needles: readonly string[],
  page: PageGeometry,
): Highlight[] {
  const strings = items.map((item) => item.str);
  return needles.map((text) => {
    const rects: Rect[] = [];
    for (const occurrence of findOccurrences(strings, text)) {
      const boxes = occurrence.map((span) => spanBox(items[span.item]!, span, page));
      for (const box of joinOnLines(boxes.filter((b): b is Rect => b !== null))) {
        const rect = fractionOf(box, page);
        if (rect && rects.length < MAX_RECTS_PER_TEXT) rects.push(rect);
      }
    }
    return { text, rects };
  });
}

/**
 * How far the mark reaches above and below the baseline, in font sizes: the font's ascent and descent, with
 * pdf.js's fallbacks (text_layer.js getAscent: 0.8 above, the rest below), cut to the glyphs' usual body (0.85 and
 * -0.25): a font's ascent often counts accents' headroom, and a letter's lines are close, so a mark that reached
 * that far would cover the line above.
 */
function verticalExtent(item: LocatableItem): { ascent: number; descent: number } {
  const ascent = item.ascent ? item.ascent : item.descent ? 1 + item.descent : 0.8;
  const descent = item.descent ? item.descent : ascent - 1;
  return { ascent: Math.min(ascent, 0.85), descent: Math.max(descent, -0.25) };
}

/**
 * Where the span starts and ends along its item, as fractions of the item's advance: by the characters' typical
 * widths (glyph-widths.ts), since pdf.js does not say where each glyph is.
 */
export function spanFractions(str: string, span: Pick<ItemSpan, 'start' | 'end'>): [number, number] {
  const widths = Array.from(str.normalize('NFC'), glyphWidth);
  const total = widths.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return [0, 1];
  const upTo = (n: number) => widths.slice(0, n).reduce((sum, w) => sum + w, 0) / total;
  return [upTo(span.start), upTo(span.end)];
}

/** The span's box in user space, through the viewport: in image pixels, not clamped. */
function spanBox(item: LocatableItem, span: ItemSpan, page: PageGeometry): Rect | null {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  const size = Math.hypot(c, d) || Math.hypot(a, b);
  if (!(size > 0)) return null;
  // Unit vectors along the baseline and up the glyphs, in user space.
  const along = Math.hypot(a, b) > 0 ? [a / Math.hypot(a, b), b / Math.hypot(a, b)] : [1, 0];
  const up = Math.hypot(c, d) > 0 ? [c / Math.hypot(c, d), d / Math.hypot(c, d)] : [-along[1]!, along[0]!];
  const [s0, s1] = spanFractions(item.str, span);
  const { ascent, descent } = verticalExtent(item);
  let corners: Array<[number, number]>;
  if (item.vertical) {
    // Vertical text advances downwards; its width is the font size, centred on the origin.
    const extent = item.height > 0 ? item.height : size * span.length;
    corners = [
      [-size / 2, -s0 * extent],
      [size / 2, -s0 * extent],
      [-size / 2, -s1 * extent],
      [size / 2, -s1 * extent],
    ];
  } else {
    // Some producers give no width: half an em per character is a fair guess for a mark.
    const advance = item.width > 0 ? item.width : size * 0.5 * span.length;
    corners = [
      [s0 * advance, descent * size],
      [s1 * advance, descent * size],
      [s0 * advance, ascent * size],
      [s1 * advance, ascent * size],
    ];
  }
  const points = corners.map(([x, y]) =>
    page.toViewport(e + along[0]! * x + up[0]! * y, f + along[1]! * x + up[1]! * y),
  );
  const xs = points.map((p) => p[0] ?? NaN);
  const ys = points.map((p) => p[1] ?? NaN);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const box = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  return Number.isFinite(box.x + box.y + box.width + box.height) ? box : null;
}

/** A pixel box as fractions of the image, cut to the image; null when nothing of it is on the image. */
function fractionOf(box: Rect, page: PageGeometry): Rect | null {
  const clampX = (v: number) => Math.min(page.width, Math.max(0, v));
  const clampY = (v: number) => Math.min(page.height, Math.max(0, v));
  const x0 = clampX(box.x);
  const x1 = clampX(box.x + box.width);
  const y0 = clampY(box.y);
  const y1 = clampY(box.y + box.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return {
    x: x0 / page.width,
    y: y0 / page.height,
    width: (x1 - x0) / page.width,
    height: (y1 - y0) / page.height,
  };
}

/**
 * Boxes of one occurrence that share a line and touch (pdf.js splits a line into items at font changes and gaps)
 * become one box, so "010203-1234" drawn as three items is marked once.
 */
function joinOnLines(boxes: readonly Rect[]): Rect[] {
  const out: Rect[] = [];
  for (const box of boxes) {
    const last = out[out.length - 1];
    if (last && sameLine(last, box)) {
      const x = Math.min(last.x, box.x);
      const y = Math.min(last.y, box.y);
      last.width = Math.max(last.x + last.width, box.x + box.width) - x;
      last.height = Math.max(last.y + last.height, box.y + box.height) - y;
      last.x = x;
      last.y = y;
    } else {
      out.push({ ...box });
    }
  }
  return out;
}

function sameLine(a: Rect, b: Rect): boolean {
  const h = Math.min(a.height, b.height);
  const top = Math.abs(a.y - b.y) <= h * 0.25;
  const bottom = Math.abs(a.y + a.height - (b.y + b.height)) <= h * 0.25;
  const gap = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
  return top && bottom && gap <= h;
}
