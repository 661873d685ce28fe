import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { inspectDocument, sniffKind } from '../../src/backend/services/documents.service';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('what the bytes are, whatever the name', () => {
  it('recognises PDF, Word, images, zip and text by their first bytes', () => {
    expect(sniffKind(new TextEncoder().encode('%PDF-1.4\n'))).toBe('pdf');
    expect(sniffKind(new TextEncoder().encode('\n\n  %PDF-1.7 after junk'))).toBe('pdf');
    expect(sniffKind(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0))).toBe('word');
    expect(
      sniffKind(
        new Uint8Array([
          0x50,
          0x4b,
          3,
          4,
          ...new TextEncoder().encode('[Content_Types].xml word/document.xml'),
        ]),
      ),
    ).toBe('word');
    expect(sniffKind(bytes(0x50, 0x4b, 3, 4, 0, 0))).toBe('zip');
    expect(sniffKind(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image');
    expect(sniffKind(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toBe('image');
    expect(sniffKind(new TextEncoder().encode('Kære Hanne'))).toBe('text');
    expect(sniffKind(bytes(0, 1, 2, 3, 0xfe))).toBe('unknown');
  });

  it('hashes in chunks with progress events and gets the same SHA-256 as one pass', () => {
    const big = new Uint8Array(9 * 1024 * 1024 + 5).map((_, i) => i % 251);
    const progress: number[] = [];
    const out = inspectDocument(big, { fileName: 'x.pdf', jobId: 'j1' }, (name, p) => {
      if (name === 'documents:progress') progress.push((p as { done: number }).done);
    });
    expect(out.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(progress).toEqual([4 * 1024 * 1024, 8 * 1024 * 1024, big.byteLength]);
  });
});
