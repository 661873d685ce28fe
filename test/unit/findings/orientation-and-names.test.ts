import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../src/core/findings';
import type { Party } from '../../../src/shared/domain/case-file';
import { CHILD, FATHER, MOTHER, PROTECTED_MOTHER, TEACHER, baseInput, makeCase, page, to } from './fixtures';

// The father without custody, living elsewhere; the mother has custody and lives with the child.
const FATHER_WITHOUT_CUSTODY: Party = { ...FATHER, custody: false, orientationRequested: true };
const orientationCase = makeCase([CHILD, MOTHER, FATHER_WITHOUT_CUSTODY]);
const orientation = {
  key: 'orientering',
  uncertain: false,
  label: 'Orientering',
  matter: 'personal' as const,
};
const codes = (text: string, over: Parameters<typeof baseInput>[0] = {}) =>
  checkDocument(
    baseInput({
      case: orientationCase,
      documentType: orientation,
      orientationTypes: ['orientering'],
      recipients: to('p3'),
      texts: [page(1, text)],
      ...over,
    }),
  ).findings.map((f) => `${f.code}/${f.severity}/${f.partyId}`);

describe('an orientation letter to a parent without custody (domain.md)', () => {
  it('blocks the custodial parent’s CPR', () => {
    expect(codes('Kære Søren\nEmil bor hos sin mor, Mette Hansen, CPR-nr. 030485-1236.')).toContain(
      'THIRD_PARTY_CPR/block/p3',
    );
  });

  it('blocks the custodial parent’s address, though it is not protected', () => {
    expect(codes('Kære Søren\nEmil bor hos sin mor på Kærvej 12, 2. th., 8230 Åbyhøj.')).toContain(
      'PROTECTED_ADDRESS_LEAK/block/p3',
    );
  });

  it('lets the custodial parent’s name and the child’s own details through', () => {
    expect(codes('Kære Søren\nEmil trives i skolen, fortæller hans mor, Mette Hansen.')).toEqual([]);
  });

  it('is only a warning, as before, in any other type', () => {
    const other = { key: 'indkaldelse', uncertain: false, label: 'Indkaldelse', matter: 'personal' as const };
    const found = codes('Kære Søren\nMette Hansen, CPR-nr. 030485-1236, Kærvej 12, 8230 Åbyhøj.', {
      documentType: other,
    });
    expect(found).toContain('THIRD_PARTY_CPR/warn/p3');
    expect(found.filter((f) => f.startsWith('PROTECTED_ADDRESS_LEAK'))).toEqual([]);
  });
});

describe('a protected person’s name alone', () => {
  const protectedCase = makeCase([CHILD, PROTECTED_MOTHER, FATHER, TEACHER]);
  const check = (recipients: string[]) =>
    checkDocument(
      baseInput({
        case: protectedCase,
        recipients: to(...recipients),
        texts: [page(1, 'Kære forældre\nOm Emil Hansen.')],
      }),
    ).findings.filter((f) => f.code === 'PROTECTED_ADDRESS_LEAK');

  it('is no warning to a custody holder entitled to that child', () => {
    expect(check(['p3'])).toEqual([]);
  });

  it('still warns a recipient with no right to that person', () => {
    expect(check([TEACHER.id]).map((f) => `${f.severity}/${f.partyId}`)).toEqual([`warn/${TEACHER.id}`]);
  });
});
