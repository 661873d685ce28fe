import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMO_1_1_XSD_FILES } from '../../../src/backend/memo/validate-memo';
import { XSD_DIR, sharedSpec } from './support';

describe('the shipped MeMo 1.1 XSDs', () => {
  it('are byte-identical copies of ../shared/specs/digital-post/memo-1.1-xsd/, all nine and nothing else', () => {
    const originals = sharedSpec('memo-1.1-xsd');
    const originalNames = readdirSync(originals)
      .filter((f) => f.endsWith('.xsd'))
      .sort();
    expect(originalNames).toEqual([...MEMO_1_1_XSD_FILES].sort());
    expect(readdirSync(XSD_DIR).sort()).toEqual(originalNames);
    for (const name of originalNames) {
      const shipped = readFileSync(join(XSD_DIR, name));
      const original = readFileSync(join(originals, name));
      expect(shipped.equals(original), `${name} differs from ${join(originals, name)}`).toBe(true);
    }
  });
});
