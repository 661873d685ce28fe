import { describe, expect, it } from 'vitest';
import {
  MAX_OCCURRENCES,
  findOccurrences,
  fold,
  locateText,
  spanFractions,
  type LocatableItem,
  type PageGeometry,
} from '../../../src/backend/documents/locate-text';

/** A US-Letter-ish 600 x 800 pt page drawn at scale 1: PDF's y axis points up, the image's down. */
const PAGE: PageGeometry = { toViewport: (x, y) => [x, 800 - y], width: 600, height: 800 };

/** A horizontal item in a 10 pt font whose glyphs are each 6 pt wide, its baseline at (x, y). */
function item(str: string, x: number, y: number, extra: Partial<LocatableItem> = {}): LocatableItem {
  return { str, transform: [10, 0, 0, 10, x, y], width: Array.from(str).length * 6, height: 10, ...extra };
}

/** Pixels, rounded, for readable expectations. */
const px = (r: { x: number; y: number; width: number; height: number }) => ({
  x: Math.round(r.x * 600),
  y: Math.round(r.y * 800),
  width: Math.round(r.width * 600),
  height: Math.round(r.height * 800),
});

describe('fold', () => {
  it('drops whitespace, lower-cases, composes, and maps back to code points', () => {
    expect(fold(' Å\u00a0b\n')).toEqual({ folded: 'åb', from: [1, 3], length: 5 });
    expect(fold('A\u030Aberg').folded).toBe(fold('Åberg').folded);
  });
});

describe('findOccurrences', () => {
  it('finds evidence that runs over items and line breaks, with the part of each item it covers', () => {
    const items = ['Kære Søren', 'Ærø Åberg,', 'CPR-nr. 0102', '03-1234'];
    expect(findOccurrences(items, 'Søren\nÆrø')).toEqual([
      [
        { item: 0, start: 5, end: 10, length: 10 },
        { item: 1, start: 0, end: 3, length: 10 },
      ],
    ]);
    expect(findOccurrences(items, '010203-1234')).toEqual([
      [
        { item: 2, start: 8, end: 12, length: 12 },
        { item: 3, start: 0, end: 7, length: 7 },
      ],
    ]);
  });

  it('ignores case for æøå and finds nothing for text that is not there, or only whitespace', () => {
    expect(findOccurrences(['Kære Søren Ærø Åberg'], 'SØREN ÆRØ ÅBERG')).toHaveLength(1);
    expect(findOccurrences(['Kære Søren Ærø Åberg'], 'Soeren Aeroe')).toEqual([]);
    expect(findOccurrences(['Kære Søren'], ' \n ')).toEqual([]);
  });

  it('finds every occurrence, without overlaps, up to the cap', () => {
    expect(findOccurrences(['aaaa'], 'aa')).toHaveLength(2);
    const many = Array.from({ length: MAX_OCCURRENCES + 5 }, () => '010203-1234');
    expect(findOccurrences(many, '010203-1234')).toHaveLength(MAX_OCCURRENCES);
  });
});

describe('locateText', () => {
  it('marks the matched part of an item by its characters’ typical widths, in image fractions', () => {
    const [found] = locateText([item('CPR: 010203-1234', 100, 700)], ['010203-1234'], PAGE);
    expect(found!.text).toBe('010203-1234');
    expect(found!.rects.map(px)).toEqual([
      // "CPR: " is 2667 of the item's 8560 thousandths of an em; ascent 0.8 and descent -0.2 of the 10 pt size.
      { x: 130, y: 92, width: 66, height: 10 },
    ]);
  });

  it('weights characters by width: digits are wider than dots and colons', () => {
    expect(spanFractions('ab', { start: 1, end: 2 })).toEqual([0.5, 1]);
    const [start, end] = spanFractions('Nr.: 12', { start: 5, end: 7 });
    expect(start).toBeCloseTo((722 + 333 + 278 * 3) / (722 + 333 + 278 * 3 + 556 * 2));
    expect(end).toBe(1);
    // An accented letter is as wide as its base letter, whether composed or not.
    expect(spanFractions('Åa', { start: 0, end: 1 })).toEqual(
      spanFractions('A\u030Aa', { start: 0, end: 1 }),
    );
  });

  it('uses the font’s own ascent and descent when pdf.js knows them, cut to the glyphs’ usual body', () => {
    const mark = (ascent: number, descent: number) =>
      locateText([item('010203-1234', 100, 700, { ascent, descent })], ['010203-1234'], PAGE)[0]!.rects.map(
        px,
      );
    expect(mark(0.75, -0.15)).toEqual([{ x: 100, y: 93, width: 66, height: 9 }]);
    expect(mark(1.1, -0.4)).toEqual([{ x: 100, y: 92, width: 66, height: 11 }]);
  });

  it('joins the items of one line into one mark, and marks each line of evidence over a line break', () => {
    const items = [item('0102', 100, 700), item('03-', 124, 700), item('1234', 142, 700)];
    expect(locateText(items, ['010203-1234'], PAGE)[0]!.rects.map(px)).toEqual([
      { x: 100, y: 92, width: 66, height: 10 },
    ]);
    const lines = [item('Kære Søren', 100, 700), item('Ærø Åberg', 100, 686)];
    expect(locateText(lines, ['søren ærø'], PAGE)[0]!.rects.map(px)).toEqual([
      { x: 130, y: 92, width: 30, height: 10 },
      // "Ærø" is the wider part of "Ærø Åberg": Æ is a full em, the space a quarter.
      { x: 100, y: 106, width: 21, height: 10 },
    ]);
  });

  it('answers every text in order: several places, and none for text that is not on the page', () => {
    const items = [item('Sagsnr. 27.12.04-G01-031-26', 100, 700), item('Jf. 27.12.04-G01-031-26', 100, 600)];
    const [twice, missing] = locateText(items, ['27.12.04-G01-031-26', '010203-1234'], PAGE);
    expect(twice!.rects.map(px).map((r) => r.y)).toEqual([92, 192]);
    expect(missing).toEqual({ text: '010203-1234', rects: [] });
  });

  it('follows the viewport on a rotated page and leaves out what lies off the image', () => {
    // A page shown turned a quarter clockwise: user (x, y) lands at image (y, x).
    const turned: PageGeometry = { toViewport: (x, y) => [y, x], width: 800, height: 600 };
    const [found] = locateText([item('Åberg', 100, 700)], ['åberg'], turned);
    const r = found!.rects[0]!;
    expect([r.x * 800, r.y * 600, r.width * 800, r.height * 600].map(Math.round)).toEqual([698, 100, 10, 30]);
    expect(locateText([item('Åberg', 700, 900)], ['Åberg'], PAGE)[0]!.rects).toEqual([]);
  });

  it('keeps every rectangle inside the image', () => {
    const [found] = locateText([item('Åberg', -12, 795)], ['Åberg'], PAGE);
    for (const r of found!.rects) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(1);
      expect(r.y + r.height).toBeLessThanOrEqual(1);
    }
    expect(found!.rects).toHaveLength(1);
  });
});
