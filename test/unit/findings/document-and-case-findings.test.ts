import { describe, expect, it } from 'vitest';
import { checkDocument, type CheckInput } from '../../../src/core/findings';
import type { FindingCode } from '../../../src/shared/domain/findings';
import { baseInput, makeCase } from './fixtures';

interface Row {
  name: string;
  input: Partial<CheckInput>;
  /** Evidence of the finding, or null for a near-miss that must not trigger. */
  evidence: { text: string; page: number | null; source: string }[] | null;
}

function expectRows(code: FindingCode, rows: Row[]): void {
  it.each(rows)('$name', ({ input, evidence }) => {
    const found = checkDocument(baseInput(input)).findings.filter((f) => f.code === code);
    if (evidence === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warn', partyId: null, relaxed: false, evidence });
  });
}

const ok = baseInput().analysis;

describe('NO_TEXT_LAYER', () => {
  expectRows('NO_TEXT_LAYER', [
    {
      name: 'a scanned page among text pages warns, naming the page',
      input: { analysis: { ...ok, pages: 3, pagesWithoutText: [3, 2] } },
      evidence: [
        { text: 'Siden har ingen tekst', page: 2, source: 'page' },
        { text: 'Siden har ingen tekst', page: 3, source: 'page' },
      ],
    },
    {
      name: 'a document with no text at all warns',
      input: { analysis: { ...ok, outcome: 'no_text' }, texts: [] },
      evidence: [{ text: 'Dokumentet har ingen tekst', page: null, source: 'page' }],
    },
    { name: 'near-miss: every page has text', input: {}, evidence: null },
  ]);
});

describe('UNCHECKED_CONTENT', () => {
  expectRows('UNCHECKED_CONTENT', [
    {
      name: 'an embedded file warns',
      input: { analysis: { ...ok, attachments: 2 } },
      evidence: [{ text: "2 vedhæftede fil(er) i PDF'en", page: null, source: 'page' }],
    },
    {
      name: 'an XFA form warns',
      input: { analysis: { ...ok, hasXfa: true } },
      evidence: [{ text: 'en XFA-formular', page: null, source: 'page' }],
    },
    {
      name: 'a document the checks could not read warns',
      input: { analysis: { ...ok, outcome: 'timeout' } },
      evidence: [{ text: 'indhold, der ikke kunne læses (timeout)', page: null, source: 'page' }],
    },
    {
      name: 'near-miss: no attachments, readable',
      input: { analysis: { ...ok, hasXfa: false } },
      evidence: null,
    },
    {
      name: 'near-miss: a scanned document is NO_TEXT_LAYER, not unchecked content',
      input: { analysis: { ...ok, outcome: 'no_text' } },
      evidence: null,
    },
  ]);
});

describe('TYPE_UNCERTAIN', () => {
  expectRows('TYPE_UNCERTAIN', [
    {
      name: 'an uncertain type warns',
      input: { documentType: { key: 'brev', uncertain: true, label: 'Generelt brev' } },
      evidence: [{ text: 'Foreslået type: Generelt brev', page: null, source: 'case' }],
    },
    { name: 'near-miss: a certain type', input: {}, evidence: null },
  ]);
});

describe('CASE_DATA_STALE', () => {
  expectRows('CASE_DATA_STALE', [
    {
      name: 'case data 31 days old with a 30-day limit warns',
      input: { case: { ...makeCase(), asOf: '2025-05-01' } },
      evidence: [{ text: 'Sagsdata pr. 01.05.2025', page: null, source: 'case' }],
    },
    {
      name: 'near-miss: exactly at the limit',
      input: { case: { ...makeCase(), asOf: '2025-05-02' } },
      evidence: null,
    },
    {
      name: 'near-miss: across a year end, within the limit',
      input: { case: { ...makeCase(), asOf: '2024-12-20' }, today: '2025-01-10' },
      evidence: null,
    },
  ]);
});
