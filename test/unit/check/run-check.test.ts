import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck, type RunCheckInput } from '../../../src/core/check/run-check';
import { parsePolicyPack } from '../../../src/core/policy/check-policy';
import { caseFileSchema } from '../../../src/shared/domain/case-file';
import { RESOURCES_DIR } from '../../support/temp-dir';

const parsed = parsePolicyPack(
  JSON.parse(readFileSync(join(RESOURCES_DIR, 'policy', 'default.json'), 'utf8')),
);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const pack = parsed.pack;
const demo = caseFileSchema.parse(
  JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')),
);
const emil = demo.cases.find((c) => c.caseNumber === '27.24.00-G01-117-25')!;

const letter = (body: string): RunCheckInput['texts'] => [{ page: 1, text: body, source: 'page' }];
const analysis: RunCheckInput['analysis'] = {
  outcome: 'ok',
  pagesWithoutText: [],
  pages: 1,
  attachments: 0,
  hasJavaScript: false,
  documentType: { key: 'afgoerelse', confidence: 0.9, uncertain: false },
};
const good = letter(
  'Kære forældre\n\nSagsnr.: 27.24.00-G01-117-25\n\nAfgørelse om støtte\n\nVedr.: Emil Eksempelsen, CPR-nr. 140314-4597\n\nKlagevejledning følger.',
);

describe('runCheck', () => {
  it('checks the proposed recipients when none are chosen, and gives ok for a right letter', () => {
    const r = runCheck({ case: emil, texts: good, analysis, pack, today: '2026-11-28' });
    expect(r.documentType).toMatchObject({ key: 'afgoerelse', chosen: false });
    expect(r.recipients.map((x) => x.partyId).sort()).toEqual(
      r.proposal
        .filter((p) => p.proposed)
        .map((p) => p.partyId)
        .sort(),
    );
    expect(r.recipients.length).toBe(2);
    expect(r.check.verdict).toBe('ok');
  });

  it('blocks a chosen recipient who may not receive, and one who is not a party of the case', () => {
    const child = emil.subjectPartyId;
    const r = runCheck({
      case: emil,
      texts: good,
      analysis,
      pack,
      today: '2026-11-28',
      recipients: [child, 'fremmed'],
    });
    expect(r.check.verdict).toBe('block');
    const refused = r.check.findings.filter((f) => f.code === 'RECIPIENT_NOT_ELIGIBLE').map((f) => f.partyId);
    expect(refused.sort()).toEqual([child, 'fremmed'].sort());
  });

  it('blocks a letter citing another case, and counts an uncertain recognised type but not a chosen one', () => {
    const other = letter('Kære forældre\n\nSagsnr.: 27.24.06-G01-088-26\n\nAfgørelse om støtte');
    expect(
      runCheck({ case: emil, texts: other, analysis, pack, today: '2026-11-28' }).check.findings.map(
        (f) => f.code,
      ),
    ).toContain('CASE_NUMBER_MISMATCH');
    const unsure = { ...analysis, documentType: { key: 'brev', confidence: 0.2, uncertain: true } };
    const recognised = runCheck({ case: emil, texts: good, analysis: unsure, pack, today: '2026-11-28' });
    expect(recognised.check.findings.map((f) => f.code)).toContain('TYPE_UNCERTAIN');
    const chosen = runCheck({
      case: emil,
      texts: good,
      analysis: unsure,
      pack,
      today: '2026-11-28',
      chosenType: 'afgoerelse',
    });
    expect(chosen.check.findings.map((f) => f.code)).not.toContain('TYPE_UNCERTAIN');
    expect(chosen.documentType).toEqual({
      key: 'afgoerelse',
      label: expect.any(String),
      confidence: 1,
      chosen: true,
    });
  });

  it('refuses a type the policy does not have', () => {
    expect(() =>
      runCheck({ case: emil, texts: good, analysis, pack, today: '2026-11-28', chosenType: 'ukendt' }),
    ).toThrow(RangeError);
  });
});
