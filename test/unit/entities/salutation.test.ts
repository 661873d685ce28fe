import { describe, expect, it } from 'vitest';
import { salutationNames } from '../../../src/core/entities/salutation';

const LETTERHEAD = 'Aarhus Kommune\nBørn og Unge\nRådhuspladsen 2\n8000 Aarhus C\n\n';

describe('salutationNames', () => {
  it('reads the names of a "Kære …" salutation', () => {
    expect(salutationNames('Kære Hanne Jensen og Peter Jensen\n\nVi har modtaget')).toEqual([
      'Hanne Jensen',
      'Peter Jensen',
    ]);
    expect(salutationNames('Kære Hanne, Peter og Anna.\nTekst')).toEqual(['Hanne', 'Peter', 'Anna']);
    expect(salutationNames('Kære Søren Ærø-Åberg!\nTekst')).toEqual(['Søren Ærø-Åberg']);
    expect(salutationNames('Kære hr. J. Jensen,\n')).toEqual(['J. Jensen']);
    expect(salutationNames('Kære Anna von Holstein & Bo Hansen\n')).toEqual([
      'Anna von Holstein',
      'Bo Hansen',
    ]);
    expect(salutationNames('Hej Mette\nTak for snakken')).toEqual(['Mette']);
    expect(salutationNames('Til: Bo Hansen\n\nHermed')).toEqual(['Bo Hansen']);
  });

  it('returns names trimmed and in NFC', () => {
    const decomposed = 'Kære  A\u030Ase Sørensen ,\n'.normalize('NFD');
    const [name] = salutationNames(decomposed);
    expect(name).toBe('Åse Sørensen');
    expect(name).toBe(name?.normalize('NFC'));
  });

  it('gives no names for a generic salutation', () => {
    for (const s of [
      'Kære forældre',
      'Kære Forældre,',
      'Kære borger',
      'Kære modtager',
      'Kære alle',
      'Kære forældre til Anna Jensen',
      'Til forældremyndighedsindehaverne',
      'Til rette vedkommende',
      'Hej',
      'Hej,',
      'Kære familien Jensen',
      'Til orientering',
      'Til mødet kan du tage en bisidder med.',
    ]) {
      expect(salutationNames(`${s}\n\nVi skriver til dig, fordi …`), s).toEqual([]);
    }
  });

  it('reads the address block at the top, not the authority letterhead or a c/o line', () => {
    const letter = `${LETTERHEAD}Hanne Jensen\nPeter Jensen\nVestergade 12, 2. th.\n8000 Aarhus C\n\n12. marts 2025\n\nAfgørelse\n\nKære forældre\n`;
    expect(salutationNames(letter)).toEqual(['Hanne Jensen', 'Peter Jensen']);
    const co =
      'Fortroligt\nHanne Jensen\nc/o Peter Hansen\nVestergade 12A\nDK-8000 Aarhus C\n\nKære Hanne. Vi skriver';
    expect(salutationNames(co)).toEqual(['Hanne', 'Hanne Jensen']);
    expect(salutationNames(`${LETTERHEAD}Kære borger\n`)).toEqual([]);
  });

  it('ignores address-like lines below the salutation and "Til" far down the page', () => {
    const body = 'Kære forældre\n\nMødet holdes hos\nBo Hansen\nNørregade 3\n8000 Aarhus C\n';
    expect(salutationNames(body)).toEqual([]);
    const far = `${'linje\n'.repeat(30)}Til Bo Hansen\n`;
    expect(salutationNames(far)).toEqual([]);
  });
});
