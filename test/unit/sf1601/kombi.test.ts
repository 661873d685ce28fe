import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage, PostalAddress } from '../../../src/backend/connectors/connector';
import {
  buildForsendelseI,
  buildKombiRequest,
  KombiBuildError,
  memoFacts,
  parseKombiResponse,
} from '../../../src/backend/connectors/sf1601/kombi';
import { buildMemo } from '../../../src/backend/memo/build-memo';
import {
  compactXml,
  expectedForsendelse,
  KOMBI_SKELETON,
  renderGolden,
  splitKombiRequest,
  validateForsendelseI,
} from '../../support/sf1601-mock';

/**
 * The SF1601 request body against the golden files in test/fixtures/sf1601/ (written by hand from the Fjernprint XSDs
 * and digital-post.md §2.2–2.4) and against the Fjernprint XSDs themselves, and the reading of kombi_response.
 */

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PDF_BASE64 = PDF.toString('base64');

/** Oliver of the demo case 27.24.06-G01-088-26, as forsendelse-cpr.xml has him. */
const OLIVER = {
  cpr: '3001104209',
  label: 'Indkaldelse til samtale/møde',
  address: {
    name: 'Oliver Fantasisen',
    street: 'Fantasivænget 7, 1. th.',
    postalCode: '8270',
    city: 'Højbjerg',
  } satisfies PostalAddress,
};

/** The company of forsendelse-cvr.xml, with every XML special character in its name, street and title. */
const CAFE = {
  cvr: '30862492',
  label: 'Afgørelse om "udeservering" & vilkår',
  address: {
    name: 'Café Mønstret & Søn <ApS>',
    street: "Mønstergade 21 'Baghuset'",
    postalCode: '8000',
    city: 'Aarhus C',
  } satisfies PostalAddress,
};

function memo(input: {
  idType: 'CPR' | 'CVR';
  id: string;
  name: string;
  label: string;
  uuid?: string;
}): string {
  return buildMemo({
    memoVersion: '1.1',
    messageUUID: input.uuid ?? randomUUID(),
    createdAt: new Date('2026-11-28T09:00:00Z'),
    sender: { cvr: '12345678', label: 'Demo Kommune' },
    recipient: { idType: input.idType, id: input.id, label: input.name },
    label: input.label,
    caseId: '27.24.06-G01-088-26',
    caseSystem: 'Demo-sagssystem',
    document: { fileName: 'brev.pdf', bytes: PDF },
  });
}

const oliverMemo = (uuid = randomUUID()) =>
  memo({ idType: 'CPR', id: OLIVER.cpr, name: OLIVER.address.name, label: OLIVER.label, uuid });
const cafeMemo = (uuid = randomUUID()) =>
  memo({ idType: 'CVR', id: CAFE.cvr, name: CAFE.address.name, label: CAFE.label, uuid });

const message = (over: Partial<OutgoingMessage> & { memoXml: string }): OutgoingMessage => ({
  messageUUID: /<(?:memo:)?messageUUID>([^<]+)</.exec(over.memoXml)![1]!,
  channel: 'digital',
  ...over,
});

/** The text of every element with this local name (any prefix), unescaped once. */
function texts(xml: string, localName: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${localName}\\b[^>]*>([^<]*)</`, 'g'))].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

describe('the golden files', () => {
  it.each(['forsendelse-cpr.xml', 'forsendelse-cvr.xml'])(
    '%s is valid against the Fjernprint XSDs (ForsendelseI.xsd, all imports resolved)',
    async (file) => {
      const golden = renderGolden(file, { messageUUID: randomUUID(), pdfBase64: PDF_BASE64 });
      expect(await validateForsendelseI(golden)).toEqual({ valid: true, errors: [] });
    },
  );

  it('the Fjernprint validation can fail: wrong order, an unknown PostKategoriKode, a bad postcode', async () => {
    const golden = renderGolden('forsendelse-cpr.xml', { messageUUID: randomUUID(), pdfBase64: PDF_BASE64 });
    const swapped = golden.replace(
      /(<dkal:FilformatNavn[^>]*>PDF<\/dkal:FilformatNavn>)(<dkal:MeddelelseIndholdData[^>]*>[^<]*<\/dkal:MeddelelseIndholdData>)/,
      '$2$1',
    );
    expect(swapped).not.toBe(golden);
    for (const bad of [
      swapped,
      golden.replace('>Prioritaire<', '>Hurtig<'),
      golden.replace('>8270</dkcc2005:PostCodeIdentifier>', '>827</dkcc2005:PostCodeIdentifier>'),
      golden.replace('>0000000000<', '>3001104209X<'),
    ]) {
      const result = await validateForsendelseI(bad);
      expect(result.valid).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('buildForsendelseI', () => {
  it('is exactly forsendelse-cpr.xml for Oliver (CPR), with the MeMo’s UUID and PDF', () => {
    const uuid = randomUUID();
    const facts = memoFacts(oliverMemo(uuid));
    const built = buildForsendelseI({ facts, address: OLIVER.address, forsendelseTypeIdentifikator: 4242 });
    expect(built).toBe(renderGolden('forsendelse-cpr.xml', { messageUUID: uuid, pdfBase64: PDF_BASE64 }));
  });

  it('is exactly forsendelse-cvr.xml for the company (CVR), every special character escaped once', () => {
    const uuid = randomUUID();
    const facts = memoFacts(cafeMemo(uuid));
    const built = buildForsendelseI({ facts, address: CAFE.address, forsendelseTypeIdentifikator: 4242 });
    expect(built).toBe(renderGolden('forsendelse-cvr.xml', { messageUUID: uuid, pdfBase64: PDF_BASE64 }));
    expect(texts(built, 'PersonName')).toEqual([CAFE.address.name]);
    expect(texts(built, 'PostalAddressFirstLineText')).toEqual([CAFE.address.street]);
    expect(texts(built, 'TitelTekst')).toEqual([CAFE.label]);
    expect(built).not.toMatch(/&amp;amp;|&amp;lt;|&amp;quot;/);
  });

  it('writes the fields the print order needs, whatever the golden files say', () => {
    const facts = memoFacts(oliverMemo());
    const built = buildForsendelseI({ facts, address: OLIVER.address, forsendelseTypeIdentifikator: 4242 });
    expect(texts(built, 'AfsendelseIdentifikator')).toEqual([facts.messageUUID]);
    expect(texts(built, 'PersonName')).toEqual(['Oliver Fantasisen']);
    expect(texts(built, 'PostalAddressFirstLineText')).toEqual(['Fantasivænget 7, 1. th.']);
    expect(texts(built, 'PostalAddressSecondLineText')).toEqual(['8270 Højbjerg']);
    expect(texts(built, 'PostCodeIdentifier')).toEqual(['8270']);
    expect(texts(built, 'CountryIdentificationCode')).toEqual(['DK']);
    expect(built).toContain('scheme="iso3166-alpha2"');
    expect(texts(built, 'FilformatNavn')).toEqual(['PDF']);
    expect(texts(built, 'MeddelelseIndholdData')).toEqual([PDF_BASE64]);
    expect(texts(built, 'TitelTekst')).toEqual([OLIVER.label]);
    expect(texts(built, 'PostKategoriKode')).toEqual(['Prioritaire']);
    expect(texts(built, 'ForsendelseTypeIdentifikator')).toEqual(['4242']);
  });

  it('replaces a CPR number with 0000000000 (it appears nowhere), and keeps a CVR number', () => {
    const cpr = buildForsendelseI({ facts: memoFacts(oliverMemo()), address: OLIVER.address });
    expect(texts(cpr, 'CPRnummerIdentifikator')).toEqual(['0000000000']);
    expect(cpr).not.toContain(OLIVER.cpr);
    expect(cpr).not.toContain('CVRnummerIdentifikator');
    const cvr = buildForsendelseI({ facts: memoFacts(cafeMemo()), address: CAFE.address });
    expect(texts(cvr, 'CVRnummerIdentifikator')).toEqual([CAFE.cvr]);
    expect(cvr).not.toContain('CPRnummerIdentifikator');
  });

  it('leaves ForsendelseTypeIdentifikator out when the settings have none, and stays valid', async () => {
    const built = buildForsendelseI({ facts: memoFacts(oliverMemo()), address: OLIVER.address });
    expect(built).not.toContain('ForsendelseTypeIdentifikator');
    expect(await validateForsendelseI(built)).toEqual({ valid: true, errors: [] });
  });

  it('cuts a long name to 130 and an address line to 34 characters (code points), and stays valid', async () => {
    const built = buildForsendelseI({
      facts: memoFacts(oliverMemo()),
      address: {
        name: `${'Æ'.repeat(140)}`,
        street: `${'Ø'.repeat(30)}vej 1234567`,
        postalCode: '8270',
        city: 'Højbjerg-med-et-meget-langt-bynavn',
      },
    });
    expect([...texts(built, 'PersonName')[0]!]).toHaveLength(130);
    expect([...texts(built, 'PostalAddressFirstLineText')[0]!]).toHaveLength(34);
    expect([...texts(built, 'PostalAddressSecondLineText')[0]!]).toHaveLength(34);
    expect(await validateForsendelseI(built)).toEqual({ valid: true, errors: [] });
  });

  it('refuses in Danish an address that cannot be printed', () => {
    const facts = memoFacts(oliverMemo());
    expect(() => buildForsendelseI({ facts, address: { ...OLIVER.address, postalCode: '827' } })).toThrow(
      /Postnummeret .* fire cifre/,
    );
    expect(() => buildForsendelseI({ facts, address: { ...OLIVER.address, street: ' ' } })).toThrow(
      KombiBuildError,
    );
    expect(() => buildForsendelseI({ facts, address: { ...OLIVER.address, name: '' } })).toThrow(
      /mangler navn, vej eller by/,
    );
  });
});

describe('buildKombiRequest', () => {
  it.each([
    ['digital', 'Digital Post'],
    ['physical', 'Fysisk Post'],
    ['auto', 'Automatisk Valg'],
  ] as const)(
    '%s: the skeleton golden file with "%s", the MeMo and the right ForsendelseISamling',
    (channel, code) => {
      const memoXml = oliverMemo();
      const body = buildKombiRequest({
        message: message({ memoXml, channel, postalAddress: OLIVER.address }),
        forsendelseTypeIdentifikator: 4242,
      });
      const memoPart = memoXml.replace(/^<\?xml[^>]*\?>\s*/, '');
      const forsendelse = channel === 'digital' ? '' : (expectedForsendelse(memoXml) ?? 'no golden');
      expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<kombi_request>')).toBe(true);
      expect(body).toContain(memoPart);
      expect(compactXml(body)).toBe(
        renderGolden(KOMBI_SKELETON, {
          KombiValgKode: code,
          'memo:Message': compactXml(memoPart),
          'fjernprint:ForsendelseISamling': forsendelse,
        }),
      );
      const parts = splitKombiRequest(body);
      expect(parts.kombiValgKode).toBe(code);
      expect(parts.forsendelseISamling === null).toBe(channel === 'digital');
      // Digital Post: no address goes along, even when the case has one.
      if (channel === 'digital') expect(body).not.toContain('Fantasivænget');
    },
  );

  it('the CVR recipient’s automatic send carries forsendelse-cvr.xml', () => {
    const memoXml = cafeMemo();
    const body = buildKombiRequest({
      message: message({ memoXml, channel: 'auto', postalAddress: CAFE.address }),
      forsendelseTypeIdentifikator: 4242,
    });
    expect(compactXml(splitKombiRequest(body).forsendelseISamling ?? '')).toBe(expectedForsendelse(memoXml));
  });

  it('refuses paper without a postal address, in Danish, before anything is sent', () => {
    for (const channel of ['physical', 'auto'] as const) {
      expect(() => buildKombiRequest({ message: message({ memoXml: oliverMemo(), channel }) })).toThrow(
        /ingen postadresse/,
      );
    }
  });

  it('refuses a MeMo without the memo: prefix', () => {
    const unprefixed = oliverMemo()
      .replace(/<memo:/g, '<')
      .replace(/<\/memo:/g, '</')
      .replace('xmlns:memo=', 'xmlns=');
    expect(() => buildKombiRequest({ message: message({ memoXml: unprefixed }) })).toThrow(/præfikset memo:/);
  });
});

describe('parseKombiResponse', () => {
  it('reads an accepted Digital Post answer with its TransmissionID', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<kombi_response>\n  <Result>true</Result>\n  <TransmissionID>9f1c2a4e-8b7d-4c1e-9a2b-5d6e7f809a1b</TransmissionID>\n</kombi_response>\n';
    expect(parseKombiResponse(body)).toEqual({
      result: true,
      transmissionId: '9f1c2a4e-8b7d-4c1e-9a2b-5d6e7f809a1b',
      advis: null,
      error: null,
    });
  });

  it('reads a Fysisk Post answer: Result true with an advis and no TransmissionID', () => {
    const body =
      '<kombi_response><Result>true</Result><HovedoplysningerSvarREST><SvarReaktion><Advis><AdvisId>A-1</AdvisId>' +
      '<AdvisTekst>Forsendelsen er modtaget til fysisk post &amp; printes</AdvisTekst></Advis></SvarReaktion>' +
      '</HovedoplysningerSvarREST></kombi_response>';
    expect(parseKombiResponse(body)).toEqual({
      result: true,
      transmissionId: null,
      advis: 'Forsendelsen er modtaget til fysisk post & printes',
      error: null,
    });
  });

  it('reads a refusal with FejlKode and FejlTekst, unescaped', () => {
    const body =
      '<kombi_response><Result>false</Result><HovedoplysningerSvarREST><SvarReaktion><Fejl>' +
      '<FejlKode>memo.invalid</FejlKode><FejlTekst>Element &lt;label&gt; mangler &amp; mere</FejlTekst>' +
      '</Fejl></SvarReaktion></HovedoplysningerSvarREST></kombi_response>';
    expect(parseKombiResponse(body)).toEqual({
      result: false,
      transmissionId: null,
      advis: null,
      error: { code: 'memo.invalid', text: 'Element <label> mangler & mere' },
    });
  });

  it('reads a namespaced answer', () => {
    const body =
      '<ns2:kombi_response xmlns:ns2="urn:oio:sf1601:kombi:1.0"><ns2:Result>true</ns2:Result>' +
      '<ns2:TransmissionID>T-42</ns2:TransmissionID></ns2:kombi_response>';
    expect(parseKombiResponse(body)).toMatchObject({ result: true, transmissionId: 'T-42' });
  });

  it('reads xs:boolean as the schema writes it: true, false, 1, 0', () => {
    const r = (v: string) =>
      parseKombiResponse(`<kombi_response><Result>${v}</Result></kombi_response>`)?.result;
    expect([r('true'), r('1'), r('false'), r('0'), r(' true ')]).toEqual([true, true, false, false, true]);
  });

  it('gives null for what is not a readable kombi_response: the caller cannot tell whether it was taken', () => {
    for (const body of [
      '',
      'garbage',
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      '{"result":true}',
      '<kombi_response><TransmissionID>T-1</TransmissionID></kombi_response>',
      '<kombi_response><Result>maybe</Result></kombi_response>',
      '<kombi_response><Result/></kombi_response>',
      '<kombi_request><Result>true</Result></kombi_request>',
    ]) {
      expect(parseKombiResponse(body), body).toBeNull();
    }
  });
});
