import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/core/entities';
import { checkDocument, verdictOf, type CheckInput } from '../../../src/core/findings';
import {
  APPROVAL_FINDINGS,
  CONTENT_FINDINGS,
  DEFAULT_FINDING_SEVERITIES,
  checkResultSchema,
  findingCodes,
} from '../../../src/shared/domain/findings';
import {
  CHILD,
  EXPIRED_REP,
  FATHER,
  LAWYER,
  LETTER_TO_FATHER,
  PROTECTED_MOTHER,
  baseInput,
  makeCase,
  page,
  to,
} from './fixtures';

/** One document that raises every finding code at once. */
function everything(overrides: Partial<CheckInput> = {}): CheckInput {
  const c = { ...makeCase([CHILD, PROTECTED_MOTHER, FATHER, LAWYER, EXPIRED_REP]), asOf: '2024-01-01' };
  return baseInput({
    case: c,
    recipients: to('p3', 'p5'),
    documentType: { key: 'brev', uncertain: true },
    analysis: { outcome: 'ok', pagesWithoutText: [3], pages: 3, attachments: 1 },
    texts: [
      page(1, 'Vedr. CPR-nr. 010190-1234\n\nKære Mette Hansen'),
      page(2, 'Sag 27.24.00-G01-999-25. Mor: 030485-1236, Kærvej 12.'),
    ],
    ...overrides,
  });
}

describe('the whole check', () => {
  it('raises every code of domain.md from one bad document, valid against the shared schema', () => {
    const result = checkDocument(everything());
    expect(new Set(result.findings.map((f) => f.code))).toEqual(new Set(findingCodes));
    expect(checkResultSchema.parse(result)).toEqual(result);
    expect(result.verdict).toBe('block');
  });

  it('orders findings by code, then page, then party, whatever the order of the recipients', () => {
    const a = checkDocument(everything());
    const b = checkDocument(everything({ recipients: to('p5', 'p3', 'p5') }));
    expect(b).toEqual(a);
    const ranks = a.findings.map((f) => findingCodes.indexOf(f.code));
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
  });

  it('gives the same result with precomputed entities', () => {
    const input = everything();
    const entities = extractEntities(input.texts, { parties: input.case.parties });
    expect(checkDocument({ ...input, entities })).toEqual(checkDocument(input));
  });

  it('takes severities from the policy', () => {
    const input = everything();
    const severities = {
      ...DEFAULT_FINDING_SEVERITIES,
      UNKNOWN_CPR: 'block' as const,
      CASE_NUMBER_MISMATCH: 'info' as const,
    };
    const result = checkDocument({ ...input, severities });
    expect(result.findings.find((f) => f.code === 'UNKNOWN_CPR')?.severity).toBe('block');
    expect(result.findings.find((f) => f.code === 'CASE_NUMBER_MISMATCH')?.severity).toBe('info');
  });
});

describe('audit-only mode', () => {
  it('relaxes exactly the content findings to info, and nothing else', () => {
    const strict = checkDocument(everything());
    const relaxed = checkDocument(everything({ auditOnly: true }));
    expect(relaxed.findings).toHaveLength(strict.findings.length);
    relaxed.findings.forEach((f, i) => {
      const before = strict.findings[i];
      expect(f.code).toBe(before?.code);
      if (CONTENT_FINDINGS.includes(f.code)) expect([f.severity, f.relaxed]).toEqual(['info', true]);
      else expect([f.severity, f.relaxed]).toEqual([before?.severity, false]);
    });
    expect(new Set(relaxed.findings.filter((f) => f.relaxed).map((f) => f.code))).toEqual(
      new Set(CONTENT_FINDINGS),
    );
    expect(relaxed.approvalRequired).toBe(true);
    expect(relaxed.verdict).toBe('block');
  });

  it('turns a document with only content findings into verdict ok', () => {
    const input = baseInput({
      texts: [page(1, LETTER_TO_FATHER), page(2, 'Sag 27.24.00-G01-999-25, 010190-1234')],
    });
    expect(checkDocument(input).verdict).toBe('block');
    expect(checkDocument({ ...input, auditOnly: true }).verdict).toBe('ok');
  });
});

describe('verdict', () => {
  it('is the worst severity, info counting as ok', () => {
    expect(verdictOf([])).toBe('ok');
    expect(verdictOf([{ severity: 'info' }])).toBe('ok');
    expect(verdictOf([{ severity: 'info' }, { severity: 'warn' }])).toBe('warn');
    expect(verdictOf([{ severity: 'warn' }, { severity: 'block' }, { severity: 'info' }])).toBe('block');
  });

  it('is warn for a document with only warnings', () => {
    const input = baseInput({ texts: [page(1, LETTER_TO_FATHER), page(2, '010190-1234')] });
    expect(checkDocument(input).verdict).toBe('warn');
  });
});

describe('approval', () => {
  it.each(APPROVAL_FINDINGS)('%s makes approval required, with a Danish reason', (code) => {
    const analysis =
      code === 'NO_TEXT_LAYER'
        ? { outcome: 'ok' as const, pagesWithoutText: [1], pages: 1, attachments: 0 }
        : { outcome: 'ok' as const, pagesWithoutText: [], pages: 1, attachments: 1 };
    const result = checkDocument(baseInput({ analysis }));
    expect(result.findings.map((f) => f.code)).toEqual([code]);
    expect(result.approvalRequired).toBe(true);
    expect(result.approvalReasons).toHaveLength(1);
    expect(result.approvalReasons[0]).toMatch(/kontrollen/u);
  });

  it('an acknowledged warning makes approval required; an unacknowledged one or one not present does not', () => {
    const input = baseInput({ texts: [page(1, LETTER_TO_FATHER), page(2, '010190-1234')] });
    expect(checkDocument(input).approvalRequired).toBe(false);
    expect(checkDocument({ ...input, acknowledged: ['TYPE_UNCERTAIN'] }).approvalRequired).toBe(false);
    const acknowledged = checkDocument({ ...input, acknowledged: ['UNKNOWN_CPR'] });
    expect(acknowledged.approvalRequired).toBe(true);
    expect(acknowledged.approvalReasons).toEqual([
      'En advarsel er tilsidesat med begrundelse (ukendt CPR-nummer).',
    ]);
  });

  it('a relaxed (info) finding needs no acknowledgement, so it adds no approval', () => {
    const input = baseInput({ auditOnly: true, texts: [page(1, LETTER_TO_FATHER), page(2, '010190-1234')] });
    expect(checkDocument({ ...input, acknowledged: ['UNKNOWN_CPR'] }).approvalRequired).toBe(false);
  });

  it("the policy's per-type approval is a reason of its own, even with no findings", () => {
    const result = checkDocument(
      baseInput({
        typeRequiresApproval: true,
        documentType: {
          key: 'psykologisk-undersoegelse',
          uncertain: false,
          label: 'Psykologisk undersøgelse',
        },
      }),
    );
    expect(result.verdict).toBe('ok');
    expect(result.approvalRequired).toBe(true);
    expect(result.approvalReasons).toEqual([
      'Dokumenttypen "Psykologisk undersøgelse" skal altid godkendes af en kollega.',
    ]);
  });

  it('is not required for a clean document', () => {
    expect(checkDocument(baseInput())).toEqual({
      verdict: 'ok',
      approvalRequired: false,
      approvalReasons: [],
      findings: [],
    });
  });
});
