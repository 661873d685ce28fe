import { describe, expect, it } from 'vitest';
import type { Party } from '../../../src/shared/domain/case-file';
import { CaseNumberPatternError, extractEntities, type SourceText } from '../../../src/core/entities';

const parties: Party[] = [
  {
    id: 'mor',
    kind: 'person',
    name: 'Hanne Jensen',
    cpr: '010180-1234',
    roles: ['parent'],
    custody: true,
    address: { street: 'Vestergade 12, 2. th.', postalCode: '8000', city: 'Aarhus C' },
    addressProtected: true,
  },
  {
    id: 'far',
    kind: 'person',
    name: 'Peter Jensen',
    cpr: '020279-4321',
    roles: ['parent'],
    custody: true,
    address: { street: 'Nørregade 3', postalCode: '8200', city: 'Aarhus N' },
  },
];

const LETTER = `Aarhus Kommune
Børn og Unge
Rådhuspladsen 2
8000 Aarhus C

Peter Jensen
Nørregade 3
8200 Aarhus N

Sagsnr. 27.24.00-G01-117-25
Vedr.: Anna Jensen, CPR-nr. 150312-4567

Kære Peter Jensen

Mor, Hanne Jensen (010180-1234), bor nu på Vestergade 12, 2.th.
`;

describe('extractEntities', () => {
  it('finds every entity in page text, form fields and annotations, each with its page and source', () => {
    const pages: SourceText[] = [
      { page: 1, text: LETTER, source: 'page' },
      { page: 2, text: 'Se også sag 27.24.00 - G01 - 98 - 2023 og KLE 27.24.00.', source: 'page' },
      { page: 2, text: '0203041234', source: 'form' },
      { page: 3, text: 'Husk Vestergade 12 (Hanne)', source: 'annotation' },
    ];
    const found = extractEntities(pages, { parties });
    expect(found.cprs.map((c) => [c.value, c.page, c.source])).toEqual([
      ['150312-4567', 1, 'page'],
      ['010180-1234', 1, 'page'],
      ['020304-1234', 2, 'form'],
    ]);
    expect(found.leadingCpr).toMatchObject({ value: '150312-4567', page: 1, source: 'page' });
    expect(found.caseNumbers.map((c) => [c.value, c.page])).toEqual([
      ['27.24.00-G01-117-25', 1],
      ['27.24.00-G01-98-23', 2],
    ]);
    expect(found.salutationNames).toEqual(['Peter Jensen']);
    const mentions = found.partyMentions.map((m) => `${m.page}/${m.source} ${m.partyId} ${m.kind} ${m.raw}`);
    // The letterhead's "8000 Aarhus C" is the mother's postal code and city too: reported here, weighed by the
    // checks (domain.md counts it only near a protected person's name).
    expect(mentions).toEqual([
      '1/page mor postalCity 8000 Aarhus',
      '1/page far name Peter Jensen',
      '1/page far street Nørregade 3',
      '1/page far postalCity 8200 Aarhus',
      '1/page far name Peter Jensen',
      '1/page mor name Hanne Jensen',
      '1/page mor street Vestergade 12, 2.th.',
      '3/annotation mor street Vestergade 12',
    ]);
  });

  it('takes the leading CPR from a form field when page 1 has no text, and applies policy patterns', () => {
    const found = extractEntities(
      [
        { page: 1, text: '', source: 'page' },
        { page: 1, text: 'SAG-2024-00042 150312-4567', source: 'form' },
      ],
      { extraCaseNumberPatterns: ['SAG-\\d{4}-\\d{5}'] },
    );
    expect(found.leadingCpr).toMatchObject({ value: '150312-4567', source: 'form' });
    expect(found.caseNumbers).toMatchObject([
      { value: 'SAG-2024-00042', page: 1, source: 'form', pattern: 0 },
    ]);
    expect(found.partyMentions).toEqual([]);
    expect(found.salutationNames).toEqual([]);
  });

  it('refuses a bad policy pattern', () => {
    expect(() => extractEntities([], { extraCaseNumberPatterns: ['('] })).toThrow(CaseNumberPatternError);
  });

  it('handles a 300-page, 1 MB document well within the time a drop allows', () => {
    const filler =
      'Forvaltningen har vurderet sagen efter barnets lov og lagt vægt på skolens udtalelse af 3. marts. ';
    const pages: SourceText[] = Array.from({ length: 300 }, (_, i) => ({
      page: i + 1,
      source: 'page' as const,
      text: `${filler.repeat(34)}\nHanne Jensen, Vestergade 12, 010180-1234, konto 1234 0102034567, 27.24.00-G01-${i}-25\n`,
    }));
    const chars = pages.reduce((n, p) => n + p.text.length, 0);
    expect(chars).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const found = extractEntities(pages, { parties });
    const took = performance.now() - started;
    expect(found.cprs).toHaveLength(300);
    expect(found.caseNumbers).toHaveLength(300);
    expect(found.partyMentions).toHaveLength(600);
    expect(took).toBeLessThan(2000);
  });
});
