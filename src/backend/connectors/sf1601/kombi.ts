import type { OutgoingMessage, PostalAddress } from '../connector';
import { escapeXml } from '../../memo/build-memo';

/**
 * The body of SF1601 KombiPostAfsend (docs/sf1601.md; ../shared/design/digital-post.md §2.2, §2.4): an unqualified
 * `kombi_request` with the `KombiValgKode`, the MeMo message, and for `Fysisk Post` and `Automatisk Valg` a Fjernprint
 * `ForsendelseI` with the recipient's postal address and the same PDF. And the reading of `kombi_response`.
 */

export type KombiValgKode = 'Digital Post' | 'Fysisk Post' | 'Automatisk Valg';

export const KOMBI_VALG: Record<OutgoingMessage['channel'], KombiValgKode> = {
  digital: 'Digital Post',
  physical: 'Fysisk Post',
  auto: 'Automatisk Valg',
};

export const FJERNPRINT_NS = 'urn:oio:fjernprint:1.0.0';
const DKAL_NS = 'urn:oio:dkal:1.0.0';
const ADIR_NS = 'urn:oio:adir:dagpenge:2009.07.01';
const ITST_NS = 'http://rep.oio.dk/itst.dk/xml/schemas/2006/01/17/';
const DKCC_NS = 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/';
const DKCC2005_NS = 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/';
const DKCC2005_3_NS = 'http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/05/19/';
const SAGDOK_NS = 'urn:oio:sagdok:3.0.0';

export class KombiBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KombiBuildError';
  }
}

/** What the ForsendelseI needs that the MeMo message already carries. */
export interface MemoFacts {
  messageUUID: string;
  /** MessageHeader/label: the title. */
  label: string;
  recipientIdType: 'CPR' | 'CVR';
  recipientId: string;
  /** The PDF as base64, from MainDocument/File/content. */
  pdfBase64: string;
}

const first = (xml: string, pattern: RegExp): string | null => pattern.exec(xml)?.[1] ?? null;

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Reads the facts from a MeMo message built by backend/memo/build-memo.ts (one MainDocument, one File). */
export function memoFacts(memoXml: string): MemoFacts {
  const header = first(memoXml, /<memo:MessageHeader>([\s\S]*?)<\/memo:MessageHeader>/);
  const recipient = header && first(header, /<memo:Recipient>([\s\S]*?)<\/memo:Recipient>/);
  const messageUUID = header && first(header, /<memo:messageUUID>([^<]+)<\/memo:messageUUID>/);
  // The header's own label comes before Sender's and Recipient's (schema order), so the first one is it.
  const label = header && first(header, /<memo:label>([^<]*)<\/memo:label>/);
  const idType = recipient && first(recipient, /<memo:idType>(CPR|CVR)<\/memo:idType>/);
  const id = recipient && first(recipient, /<memo:recipientID>(\d+)<\/memo:recipientID>/);
  const content = first(
    memoXml,
    /<memo:MainDocument>[\s\S]*?<memo:content>([A-Za-z0-9+/=\s]+)<\/memo:content>/,
  );
  if (!messageUUID || label === null || !idType || !id || !content) {
    throw new KombiBuildError(
      'MeMo-meddelelsen mangler felter, som forsendelsen til fysisk post skal bruge.',
    );
  }
  return {
    messageUUID,
    label: unescapeXml(label),
    recipientIdType: idType as 'CPR' | 'CVR',
    recipientId: id,
    pdfBase64: content.replace(/\s+/g, ''),
  };
}

/** PersonName is at most 130 characters; an address line (CompletePostalLabelText) at most 34 in the CPR schema. */
const cut = (text: string, max: number): string => [...text.trim()].slice(0, max).join('');

/**
 * The Fjernprint `ForsendelseI` for a letter that may go on paper. The address is written as the unstructured lines
 * of `KontaktOplysningType` (street line, postcode and town, then the postcode and the country), since the case holds
 * the street and number as one text. A CPR recipient is written as `0000000000` (the Feltbeskrivelse, as OS2Forms
 * cites it): the address decides where paper goes, and the CPR number stays out of the print order.
 */
export function buildForsendelseI(input: {
  facts: MemoFacts;
  address: PostalAddress;
  forsendelseTypeIdentifikator?: number;
}): string {
  const { facts, address } = input;
  if (!/^\d{4}$/.test(address.postalCode)) {
    throw new KombiBuildError('Postnummeret i modtagerens adresse skal være fire cifre.');
  }
  if (!address.name.trim() || !address.street.trim() || !address.city.trim()) {
    throw new KombiBuildError('Modtagerens adresse mangler navn, vej eller by.');
  }
  const recipientId =
    facts.recipientIdType === 'CPR'
      ? `<adir:CPRnummerIdentifikator xmlns:adir="${ADIR_NS}">0000000000</adir:CPRnummerIdentifikator>`
      : `<adir:CVRnummerIdentifikator xmlns:adir="${ADIR_NS}">${escapeXml(facts.recipientId)}</adir:CVRnummerIdentifikator>`;
  const lines = [
    `<itst:PersonName xmlns:itst="${ITST_NS}">${escapeXml(cut(address.name, 130))}</itst:PersonName>`,
    `<dkcc2005-3:PostalAddressFirstLineText xmlns:dkcc2005-3="${DKCC2005_3_NS}">${escapeXml(cut(address.street, 34))}</dkcc2005-3:PostalAddressFirstLineText>`,
    `<dkcc2005-3:PostalAddressSecondLineText xmlns:dkcc2005-3="${DKCC2005_3_NS}">${escapeXml(cut(`${address.postalCode} ${address.city}`, 34))}</dkcc2005-3:PostalAddressSecondLineText>`,
    `<dkcc2005:PostCodeIdentifier xmlns:dkcc2005="${DKCC2005_NS}">${address.postalCode}</dkcc2005:PostCodeIdentifier>`,
    `<dkcc:CountryIdentificationCode xmlns:dkcc="${DKCC_NS}" scheme="iso3166-alpha2">DK</dkcc:CountryIdentificationCode>`,
  ];
  const type =
    input.forsendelseTypeIdentifikator === undefined
      ? ''
      : `<fjernprint:ForsendelseTypeIdentifikator>${input.forsendelseTypeIdentifikator}</fjernprint:ForsendelseTypeIdentifikator>`;
  return [
    `<fjernprint:ForsendelseISamling xmlns:fjernprint="${FJERNPRINT_NS}">`,
    '<fjernprint:ForsendelseI>',
    `<fjernprint:AfsendelseIdentifikator>${escapeXml(facts.messageUUID)}</fjernprint:AfsendelseIdentifikator>`,
    type,
    '<fjernprint:ForsendelseModtager>',
    `<dkal:AfsendelseModtager xmlns:dkal="${DKAL_NS}">${recipientId}</dkal:AfsendelseModtager>`,
    `<fjernprint:ModtagerAdresse>${lines.join('')}</fjernprint:ModtagerAdresse>`,
    '</fjernprint:ForsendelseModtager>',
    `<dkal:FilformatNavn xmlns:dkal="${DKAL_NS}">PDF</dkal:FilformatNavn>`,
    `<dkal:MeddelelseIndholdData xmlns:dkal="${DKAL_NS}">${facts.pdfBase64}</dkal:MeddelelseIndholdData>`,
    `<fjernprint:DokumentParametre><sd:TitelTekst xmlns:sd="${SAGDOK_NS}">${escapeXml(facts.label)}</sd:TitelTekst></fjernprint:DokumentParametre>`,
    '<fjernprint:PostParametre><fjernprint:PostKategoriKode>Prioritaire</fjernprint:PostKategoriKode></fjernprint:PostParametre>',
    '</fjernprint:ForsendelseI>',
    '</fjernprint:ForsendelseISamling>',
  ].join('');
}

/** The whole request body, UTF-8: `kombi_request` with the code, the MeMo (without its XML declaration) and the ForsendelseI. */
export function buildKombiRequest(input: {
  message: OutgoingMessage;
  forsendelseTypeIdentifikator?: number;
}): string {
  const { message } = input;
  const code = KOMBI_VALG[message.channel];
  const memo = message.memoXml.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  if (!memo.startsWith('<memo:Message')) {
    throw new KombiBuildError('MeMo-meddelelsen skal skrives med præfikset memo: (memo:Message).');
  }
  let forsendelse = '';
  if (code !== 'Digital Post') {
    if (!message.postalAddress) {
      throw new KombiBuildError(
        'Modtageren kan få brevet med fysisk post, men der er ingen postadresse. Ret sagen, før der sendes.',
      );
    }
    forsendelse = buildForsendelseI({
      facts: memoFacts(message.memoXml),
      address: message.postalAddress,
      forsendelseTypeIdentifikator: input.forsendelseTypeIdentifikator,
    });
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kombi_request><KombiValgKode>${code}</KombiValgKode>${memo}${forsendelse}</kombi_request>`;
}

export interface KombiResponse {
  result: boolean;
  transmissionId: string | null;
  advis: string | null;
  /** FejlKode/FejlTekst when the service says why not. */
  error: { code: string | null; text: string | null } | null;
}

const XS_BOOLEAN: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

/** Reads `kombi_response` (unqualified; tolerant of a namespace prefix). Null when the body is not one. */
export function parseKombiResponse(body: string): KombiResponse | null {
  const tag = (name: string): string | null => {
    const m = new RegExp(
      `<(?:[A-Za-z0-9_]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9_]+:)?${name}>`,
    ).exec(body);
    return m ? unescapeXml(m[1]!.trim()) : null;
  };
  if (!/<(?:[A-Za-z0-9_]+:)?kombi_response[\s>]/.test(body)) return null;
  // xs:boolean: true, false, 1 or 0. Anything else is an answer that cannot be read (null), not a refusal: read as
  // false it would make a message the service may have taken `rejected`, and a person could then send it twice.
  const result = XS_BOOLEAN[(tag('Result') ?? '').toLowerCase()];
  if (result === undefined) return null;
  const code = tag('FejlKode');
  const text = tag('FejlTekst');
  return {
    result,
    transmissionId: tag('TransmissionID'),
    advis: tag('AdvisTekst'),
    error: code !== null || text !== null ? { code, text } : null,
  };
}
