import { describe, expect, it } from 'vitest';
import defaultJson from '../../resources/policy/default.json';
import { parsePolicyPack, policyPackProblems } from '../../src/core/policy/check-policy';
import { policyPackSchema, policyProblems, type PolicyPack } from '../../src/shared/domain/policy';

const clone = (): PolicyPack => structuredClone(policyPackSchema.parse(defaultJson));

describe('the default policy pack', () => {
  it('parses and has no problems', () => {
    const parsed = parsePolicyPack(defaultJson);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('has the ten document types of domain.md, with their labels', () => {
    const pack = clone();
    expect(Object.fromEntries(pack.documentTypes.map((t) => [t.key, t.label]))).toMatchObject({
      afgoerelse: 'Afgørelse',
      partshoering: 'Partshøring',
      indkaldelse: 'Indkaldelse til samtale/møde',
      'boernefaglig-undersoegelse': 'Børnefaglig undersøgelse',
      'psykologisk-undersoegelse': 'Psykologisk undersøgelse / psykolograpport',
      'underretning-kvittering': 'Kvittering for modtaget underretning',
      aktindsigt: 'Svar på anmodning om aktindsigt',
      orientering: 'Orientering til forælder uden forældremyndighed',
      'samvaer-afgoerelse': 'Afgørelse om samvær/kontakt',
      brev: 'Generelt brev',
    });
  });

  it('asks approval for investigations, psychologist reports and access-to-records replies (domain.md)', () => {
    const needApproval = clone()
      .documentTypes.filter((t) => t.approvalRequired)
      .map((t) => t.key)
      .sort();
    expect(needApproval).toEqual(['aktindsigt', 'boernefaglig-undersoegelse', 'psykologisk-undersoegelse']);
  });

  it('addresses each special type to its own audience', () => {
    const audience = (key: string) => clone().documentTypes.find((t) => t.key === key)?.audience;
    expect(audience('underretning-kvittering')).toEqual(['professional']);
    expect(audience('aktindsigt')).toEqual(['requester']);
    expect(audience('orientering')).toEqual(['non-custodial-parent']);
    expect(audience('samvaer-afgoerelse')).toContain('non-custodial-parent');
    for (const t of clone().documentTypes)
      if (!['orientering', 'samvaer-afgoerelse'].includes(t.key))
        expect(t.audience, t.key).not.toContain('non-custodial-parent');
  });
});

describe('policyPackSchema', () => {
  it('rejects unknown keys, at the top and inside a type', () => {
    expect(policyPackSchema.safeParse({ ...clone(), staleDays: 30 }).success).toBe(false);
    const pack = clone();
    const withExtra = { ...pack, documentTypes: [{ ...pack.documentTypes[0], colour: 'red' }] };
    expect(policyPackSchema.safeParse(withExtra).success).toBe(false);
    const detection = clone();
    Object.assign(detection.documentTypes[0]?.detection ?? {}, { regexes: ['x'] });
    expect(policyPackSchema.safeParse(detection).success).toBe(false);
  });

  it.each([
    ['another format', { format: 'other' }],
    ['another format version', { formatVersion: 2 }],
    ['a threshold above 1', { typeRecognition: { minConfidence: 1.5 } }],
    ['no document types', { documentTypes: [] }],
  ])('rejects %s', (_, change) => {
    expect(policyPackSchema.safeParse({ ...clone(), ...change }).success).toBe(false);
  });

  it('rejects a key that is not kebab-case, an unknown audience and a phrase of only punctuation', () => {
    const bad = (edit: (t: PolicyPack['documentTypes'][number]) => void): boolean => {
      const pack = clone();
      const first = pack.documentTypes[0];
      if (first) edit(first);
      return policyPackSchema.safeParse(pack).success;
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((t) => (t.key = 'Afgørelse'))).toBe(false);
    expect(bad((t) => ((t.audience as string[]) = ['neighbour']))).toBe(false);
    expect(bad((t) => (t.detection.keywords = ['--']))).toBe(false);
  });
});

describe('policyProblems and policyPackProblems', () => {
  it('finds a duplicate type key', () => {
    const pack = clone();
    const first = pack.documentTypes[0];
    if (first) pack.documentTypes.push({ ...first, detection: { titlePhrases: [], keywords: [] } });
    expect(policyProblems(pack)).toEqual([expect.stringContaining('"afgoerelse" findes flere gange')]);
  });

  it('finds a missing brev fallback type', () => {
    const pack = clone();
    pack.documentTypes = pack.documentTypes.filter((t) => t.key !== 'brev');
    expect(policyProblems(pack)).toEqual([expect.stringContaining('"brev" (generelt brev) mangler')]);
    expect(parsePolicyPack(pack)).toMatchObject({ ok: false });
  });

  it('finds a title shared by two types, and a phrase counting both for and against a type', () => {
    const pack = clone();
    const [a, b] = pack.documentTypes;
    if (!a || !b) throw new Error('pack');
    b.detection.titlePhrases.push(a.detection.titlePhrases[0] ?? '');
    a.detection.negativePhrases = [a.detection.keywords[0] ?? ''];
    expect(policyProblems(pack)).toHaveLength(2);
  });

  it('names each case-number pattern that cannot be used, through core’s matcher', () => {
    const pack = clone();
    pack.caseNumberPatterns = ['SAG-\\d{4}-\\d{3}', '(\\d+)+x', '[unclosed'];
    const problems = policyPackProblems(pack);
    expect(problems).toEqual([
      expect.stringMatching(/^caseNumberPatterns\[1\]: .*gentagelse/),
      expect.stringMatching(/^caseNumberPatterns\[2\]: .*ugyldigt/),
    ]);
    expect(parsePolicyPack(pack)).toEqual({ ok: false, problems });
  });

  it('reports schema errors with the path of the field', () => {
    const result = parsePolicyPack({ ...clone(), auditOnly: 'ja' });
    expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^auditOnly: /)] });
  });
});
