import { describe, expect, it } from 'vitest';
import { parsePolicyPack } from '../../../src/core/policy/check-policy';
import { recogniseDocumentType } from '../../../src/core/document-type/recognise';
import type { PolicyPack } from '../../../src/shared/domain/policy';
import defaultJson from '../../../resources/policy/default.json';
import { LETTERS, head, longBundle, page, parents, signature } from './letters';

const parsed = parsePolicyPack(defaultJson);
if (!parsed.ok) throw new Error(`default pack: ${parsed.problems.join('; ')}`);
const pack: PolicyPack = parsed.pack;
const recognise = (text: string) => recogniseDocumentType([page(text)], pack);

describe('recogniseDocumentType with the default pack', () => {
  const typed = Object.entries(LETTERS).filter(([key]) => key !== 'brev');

  it.each(typed)('recognises a %s letter with confidence, from its title', (key, text) => {
    const r = recognise(text);
    expect(r.key).toBe(key);
    expect(r.uncertain).toBe(false);
    expect(r.confidence).toBeGreaterThanOrEqual(pack.typeRecognition.minConfidence);
    const title = r.evidence.find((e) => e.kind === 'title');
    expect(title?.page).toBe(1);
    // The evidence points at the text the caseworker sees.
    expect(title && text.slice(title.index, title.index + 4).toLowerCase()).toBe(
      title?.phrase.slice(0, 4).toLowerCase(),
    );
    expect(r.alternatives.every((a) => a.confidence < r.confidence)).toBe(true);
  });

  it('every type of the default pack has a letter here', () => {
    expect(Object.keys(LETTERS).sort()).toEqual(pack.documentTypes.map((t) => t.key).sort());
  });

  it('a general letter with nothing to go on is a brev, uncertain, so the caseworker chooses', () => {
    const r = recognise(LETTERS.brev ?? '');
    expect(r).toEqual({ key: 'brev', confidence: 0, uncertain: true, evidence: [], alternatives: [] });
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n\n \t '],
    ['irrelevant', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor.'],
  ])('an %s text is an uncertain brev', (_, text) => {
    const r = recognise(text);
    expect(r.key).toBe('brev');
    expect(r.uncertain).toBe(true);
  });

  it('no pages at all is an uncertain brev', () => {
    expect(recogniseDocumentType([], pack)).toMatchObject({ key: 'brev', uncertain: true });
  });
});

describe('the more specific type wins', () => {
  it('a decision on samvær is samvaer-afgoerelse, and the generic afgørelse is far behind', () => {
    const r = recognise(LETTERS['samvaer-afgoerelse'] ?? '');
    expect(r.key).toBe('samvaer-afgoerelse');
    const generic = r.alternatives.find((a) => a.key === 'afgoerelse')?.confidence ?? 0;
    expect(generic).toBeLessThan(0.3);
    // The generic title inside the specific one is not counted as evidence for either.
    expect(r.evidence.filter((e) => e.kind === 'title').map((e) => e.phrase)).toEqual([
      'Afgørelse om samvær',
    ]);
  });

  it('a decision on a kontaktperson is a plain afgørelse, not one on contact (samvær)', () => {
    // "Afgørelse om kontakt" used to match inside "kontaktperson" and sent support decisions down the samvær rules,
    // which make the parent without custody a recipient.
    const text = (LETTERS['samvaer-afgoerelse'] ?? '')
      .replace('Afgørelse om samvær med Emil', 'Afgørelse om kontaktperson til Emil')
      .replaceAll(/samvær\w*/g, 'støtte');
    const r = recognise(text);
    expect(r.key).toBe('afgoerelse');
    const contact = recognise(
      (LETTERS['samvaer-afgoerelse'] ?? '').replace(
        'Afgørelse om samvær med Emil',
        'Afgørelse om kontakt til Emil',
      ),
    );
    expect(contact.key).toBe('samvaer-afgoerelse');
  });

  it('a samvær decision with a title the pack does not list is held back by the negative phrase', () => {
    const text = (LETTERS['samvaer-afgoerelse'] ?? '').replace(
      'Afgørelse om samvær med Emil',
      'Afgørelse om dit samvær med Emil',
    );
    const r = recognise(text);
    expect(r.uncertain).toBe(true);
    expect(['samvaer-afgoerelse', 'afgoerelse']).toContain(r.key);
    const all = [r, ...r.alternatives].map((a) => a.key);
    expect(all).toContain('samvaer-afgoerelse');
  });

  it('the same generic decision without samvær is a confident afgoerelse', () => {
    const r = recognise(LETTERS.afgoerelse ?? '');
    expect(r.key).toBe('afgoerelse');
    expect(r.evidence.some((e) => e.kind === 'negative')).toBe(false);
  });

  it('a kvittering for an underretning is not a general brev', () => {
    const r = recognise(LETTERS['underretning-kvittering'] ?? '');
    expect(r.key).toBe('underretning-kvittering');
    expect(r.confidence).toBeGreaterThan(0.8);
  });

  it('an afgørelse om aktindsigt is aktindsigt, not a generic afgørelse', () => {
    const text = (LETTERS.aktindsigt ?? '').replace(
      'Svar på din anmodning om aktindsigt',
      'Afgørelse om aktindsigt',
    );
    expect(recognise(text)).toMatchObject({ key: 'aktindsigt', uncertain: false });
  });
});

describe('where the title stands', () => {
  const body = 'Vi skriver til jer om Emils skolegang.\nKlagevejledning\nDu kan klage til Ankestyrelsen.';

  it('two competing titles at the top make the result uncertain', () => {
    const text = `${head('Børn og Unge', parents)}\nPartshøring\nIndkaldelse til møde\n${body}${signature}`;
    const two = recognise(text);
    expect(two.uncertain).toBe(true);
    const one = recognise(`${head('Børn og Unge', parents)}\nPartshøring\n${body}${signature}`);
    expect(one.key).toBe('partshoering');
    expect(two.confidence).toBeLessThan(one.confidence - 0.2);
    expect(two.alternatives[0]?.confidence).toBeGreaterThan(0.3);
  });

  it('a title at the top of page 1 counts more than the same words in the body or on a later page', () => {
    const top = recognise(`${head('Børn og Unge', parents)}\nPartshøring\nTekst.`);
    const inBody = recognise(
      `${head('Børn og Unge', parents)}\nBrev\n${'Almindelig tekst i brevet.\n'.repeat(25)}Vi laver en partshøring.`,
    );
    const later = recogniseDocumentType(
      [page(`${head('Børn og Unge', parents)}\nBrev\nTekst.`), page('Partshøring\nTekst.', 2)],
      pack,
    );
    expect(top.confidence).toBeGreaterThan(later.confidence);
    expect(later.confidence).toBeGreaterThan(inBody.confidence);
    expect(inBody.uncertain).toBe(true);
    expect(later.uncertain).toBe(true);
  });

  it('a label before the title still makes it a heading', () => {
    const r = recognise(`${head('Børn og Unge', parents)}\nVedr.: Partshøring i sagen om Emil\nTekst.`);
    expect(r).toMatchObject({ key: 'partshoering', uncertain: false });
  });

  it('keywords alone never make a type certain', () => {
    const r = recognise(
      'Klagevejledning\nDu kan klage over afgørelsen. Vi har besluttet noget. Ankestyrelsen. Begrundelse for afgørelsen.',
    );
    expect(r.key).toBe('afgoerelse');
    expect(r.uncertain).toBe(true);
  });
});

describe('spelling and layout tolerance', () => {
  it.each(['Afgorelse om', 'Afgoerelse om', 'AFGØRELSE OM', 'Afgørelse  om', 'Afgø-\nrelse om'])(
    'reads "%s" as the afgørelse title',
    (title) => {
      const text = (LETTERS.afgoerelse ?? '').replace('Afgørelse om', title);
      const r = recognise(text);
      expect(r.key).toBe('afgoerelse');
      expect(r.uncertain).toBe(false);
      expect(r.evidence.find((e) => e.kind === 'title')?.text).toContain(title.slice(0, 3));
    },
  );

  it('reads a title broken over two lines', () => {
    const text = (LETTERS['boernefaglig-undersoegelse'] ?? '').replace(
      'Børnefaglig undersøgelse efter',
      'Børnefaglig\nundersøgelse efter',
    );
    expect(recognise(text)).toMatchObject({ key: 'boernefaglig-undersoegelse', uncertain: false });
  });

  it('reads decomposed å and a samvær typed without æ', () => {
    const text = (LETTERS['samvaer-afgoerelse'] ?? '')
      .replace('Afgørelse om samvær', 'Afgorelse om samvar')
      .normalize('NFD');
    expect(recognise(text)).toMatchObject({ key: 'samvaer-afgoerelse', uncertain: false });
  });

  it('a phrase must begin a word', () => {
    // "Ikke-partshøring" glues into one word; "Aktindsigtsnotat" ends inside a word (allowed: Danish compounds).
    const r = recognise('Forudgående\nIkke-partshøring\n');
    expect(r.key).toBe('brev');
  });
});

describe('properties', () => {
  it('is deterministic and does not depend on the pack object identity', () => {
    const text = LETTERS.partshoering ?? '';
    const copy = parsePolicyPack(structuredClone(defaultJson));
    if (!copy.ok) throw new Error('copy');
    expect(recogniseDocumentType([page(text)], copy.pack)).toEqual(recognise(text));
    expect(recognise(text)).toEqual(recognise(text));
  });

  it('honours the pack threshold', () => {
    const strict = { ...pack, typeRecognition: { minConfidence: 0.99 } };
    expect(recogniseDocumentType([page(LETTERS.partshoering ?? '')], strict).uncertain).toBe(true);
  });

  // Its speed (the "well under 100 ms") is a figure of bench/check.bench.ts, not a timed test.
  it('types a 300-page bundle by its first page', () => {
    const pages = longBundle();
    expect(pages.reduce((n, p) => n + p.text.length, 0)).toBeGreaterThan(700_000);
    expect(recogniseDocumentType(pages, pack).key).toBe('boernefaglig-undersoegelse');
  });
});
