import { createHash } from 'node:crypto';
import type { Emit } from '../events';

export type DocumentKind = 'pdf' | 'word' | 'image' | 'zip' | 'text' | 'unknown';

const CHUNK = 4 * 1024 * 1024;

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

/**
 * What the bytes are, whatever the file is called. PDF readers accept a `%PDF-` header within the first
 * 1024 bytes, so we look there too; the other kinds are what caseworkers most often rename by mistake.
 */
export function sniffKind(bytes: Uint8Array): DocumentKind {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'word'; // OLE2 (.doc)
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // .docx is a zip whose first entries name word/ or [Content_Types].xml with a word part.
    return head.includes('word/') || head.includes('[Content_Types].xml') ? 'word' : 'zip';
  }
  if (
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    head.startsWith('GIF8')
  ) {
    return 'image';
  }
  if (head.startsWith('II*\u0000') || head.startsWith('MM\u0000*')) return 'image';
  if (/^[\t\n\r\x20-\x7e\xa0-\xff]*$/.test(head)) return 'text';
  return 'unknown';
}

export function inspectDocument(bytes: Uint8Array, meta: { fileName: string; jobId?: string }, emit: Emit) {
  const hash = createHash('sha256');
  for (let offset = 0; offset < bytes.byteLength; offset += CHUNK) {
    hash.update(bytes.subarray(offset, Math.min(offset + CHUNK, bytes.byteLength)));
    if (meta.jobId) {
      emit('documents:progress', {
        jobId: meta.jobId,
        phase: 'hashing',
        done: Math.min(offset + CHUNK, bytes.byteLength),
        total: bytes.byteLength,
      });
    }
  }
  return { sha256: hash.digest('hex'), byteLength: bytes.byteLength, kind: sniffKind(bytes) };
}
