import { describe, expect, it } from 'vitest';
import defaultJson from '../../resources/policy/default.json';
import { parsePolicyPack, policyPackProblems } from '../../src/core/policy/check-policy';
import { DEFAULT_FINDING_SEVERITIES } from '../../src/shared/domain/findings';
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
    pack.eligibility.ownRight.types = pack.eligibility.ownRight.types.filter((k) => k !== 'brev');
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

describe('eligibility, finding severities and the stale-data limit', () => {
  it('the default pack has domain.md’s severities, a 90-day limit and unique rule ids', () => {
    const pack = clone();
    expect(pack.findingSeverities).toEqual(DEFAULT_FINDING_SEVERITIES);
    expect(pack.staleDataDays).toBe(90);
    expect(pack.eligibility.ages).toEqual({ childPartyFrom: 10, ownMailboxFrom: 15, adultFrom: 18 });
    expect(pack.eligibility.nonCustodialParent).toEqual({
      onRequestTypes: ['orientering'],
      asPartyTypes: ['samvaer-afgoerelse'],
    });
    const ids = Object.values(pack.eligibility.rules).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('requires every finding code, and only those', () => {
    const missing = clone();
    delete (missing.findingSeverities as Partial<PolicyPack['findingSeverities']>).CASE_DATA_STALE;
    expect(parsePolicyPack(missing)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^findingSeverities/)],
    });
    const extra = clone();
    Object.assign(extra.findingSeverities, { NEW_CODE: 'warn' });
    expect(policyPackSchema.safeParse(extra).success).toBe(false);
    const badSeverity = clone();
    Object.assign(badSeverity.findingSeverities, { UNKNOWN_CPR: 'fatal' });
    expect(policyPackSchema.safeParse(badSeverity).success).toBe(false);
  });

  it('requires the new fields, every rule with a reason, and no unknown keys', () => {
    for (const field of ['eligibility', 'findingSeverities', 'staleDataDays'] as const) {
      const pack: Partial<PolicyPack> = clone();
      delete pack[field];
      expect(policyPackSchema.safeParse(pack).success, field).toBe(false);
    }
    const noRule = clone();
    delete (noRule.eligibility.rules as Partial<PolicyPack['eligibility']['rules']>).deceased;
    expect(policyPackSchema.safeParse(noRule).success).toBe(false);
    const extraRule = clone();
    Object.assign(extraRule.eligibility.rules, { neighbour: { id: 'neighbour', text: 'Nabo.' } });
    expect(policyPackSchema.safeParse(extraRule).success).toBe(false);
    expect(policyPackSchema.safeParse({ ...clone(), staleDataDays: 0 }).success).toBe(false);
    expect(policyPackSchema.safeParse({ ...clone(), staleDataDays: 1.5 }).success).toBe(false);
  });

  it.each([
    [
      'a type that does not exist',
      (p: PolicyPack) => p.eligibility.ownRight.types.push('ukendt-type'),
      /ownRight\.types: dokumenttypen "ukendt-type" findes ikke/,
    ],
    [
      'a non-custodial type whose audience lacks the parent',
      (p: PolicyPack) => p.eligibility.nonCustodialParent.asPartyTypes.push('afgoerelse'),
      /"afgoerelse" står i en liste, men dens audience/,
    ],
    [
      'an audience for the parent that no rule covers',
      (p: PolicyPack) => (p.eligibility.nonCustodialParent.onRequestTypes = []),
      /"orientering" er rettet til forældre uden forældremyndighed/,
    ],
    ['ages out of order', (p: PolicyPack) => (p.eligibility.ages.ownMailboxFrom = 9), /eligibility\.ages/],
    [
      'a rule id used twice',
      (p: PolicyPack) => (p.eligibility.rules.deceased.id = p.eligibility.rules.requester.id),
      /"requester" bruges også af/,
    ],
    [
      'an unknown placeholder',
      (p: PolicyPack) => (p.eligibility.rules.represented.text = 'Repræsenteret af {navn}.'),
      /ukendt pladsholder "\{navn\}"/,
    ],
    [
      'a lowered eligibility severity',
      (p: PolicyPack) => (p.findingSeverities.RECIPIENT_NOT_ELIGIBLE = 'warn'),
      /RECIPIENT_NOT_ELIGIBLE: skal være "block"/,
    ],
    [
      'a lowered protected-address severity',
      (p: PolicyPack) => (p.findingSeverities.PROTECTED_ADDRESS_LEAK = 'info'),
      /PROTECTED_ADDRESS_LEAK: skal være "block"/,
    ],
  ])('finds %s', (_, edit, problem) => {
    const pack = clone();
    edit(pack);
    expect(policyProblems(pack)).toEqual([expect.stringMatching(problem)]);
    expect(parsePolicyPack(pack)).toMatchObject({ ok: false });
  });

  it('lets a municipality set other severities and limits', () => {
    const pack = clone();
    pack.findingSeverities.UNKNOWN_CPR = 'block';
    pack.findingSeverities.TYPE_UNCERTAIN = 'info';
    pack.staleDataDays = 30;
    expect(parsePolicyPack(pack)).toEqual({ ok: true, pack });
  });
});
