import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMemo,
  cleanMemoFileName,
  MemoBuildError,
  memoDateTime,
  memoLabel,
} from '../../../src/backend/memo/build-memo';
import { validateMemo } from '../../../src/backend/memo/validate-memo';
import type { MemoInput } from '../../../src/shared/domain/memo';
import { danishLetter } from '../../fixtures/documents/pdfkit-fixtures';
import { tempDir } from '../../support/temp-dir';
import { XSD_DIR } from './support';

const XMLLINT = '/usr/bin/xmllint';

let pdf: Buffer;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  pdf = await danishLetter('DejaVuSans');
  dir = tempDir('memo-');
});
afterAll(() => dir.cleanup());

function input(overrides: Partial<MemoInput> = {}): MemoInput {
  return {
    memoVersion: '1.1',
    messageUUID: '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f809a1b',
    createdAt: new Date('2025-06-01T10:00:00.123Z'),
    sender: { cvr: '29189919', label: 'Eksempel Kommune' },
    recipient: { idType: 'CPR', id: '0101011234', label: 'Søren Ærø Østergård' },
    label: 'Afgørelse om boligstøtte',
    caseId: '27.24.00-G01-117-25',
    caseSystem: 'SBSYS',
    document: { fileName: 'afgørelse.pdf', bytes: pdf },
    ...overrides,
  };
}

/** Every element's local name in document order (the builder writes one element per line). */
function elementOrder(xml: string): string[] {
  return [...xml.matchAll(/<memo:(\w+)[\s>]/g)].map((m) => m[1] as string);
}

function text(xml: string, element: string): string | undefined {
  return new RegExp(`<memo:${element}>([^<]*)</memo:${element}>`).exec(xml)?.[1];
}

/** Debian's xmllint (libxml2-utils), the tool the Done-when names. Missing = failed, never skipped. */
function debianXmllint(xml: string, name: string): { ok: boolean; output: string } {
  if (!existsSync(XMLLINT)) {
    throw new Error(`${XMLLINT} is missing: install Debian's libxml2-utils (apt-get install libxml2-utils).`);
  }
  const file = join(dir.path, name);
  writeFileSync(file, xml, 'utf8');
  const run = spawnSync(XMLLINT, ['--noout', '--schema', join(XSD_DIR, 'MeMo_core.xsd'), file], {
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  // xmllint writes "<file> validates" or the errors to stderr; exit 0 only when valid.
  return { ok: run.status === 0, output: `exit ${run.status}: ${run.stderr}` };
}

describe('buildMemo', () => {
  it('builds a MeMo 1.1 message for a PDF that validates with xmllint-wasm and with Debian xmllint --schema', async () => {
    const xml = buildMemo(input());
    expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });
    const debian = debianXmllint(xml, 'cpr.xml');
    expect(debian.output).toMatch(/cpr\.xml validates/);
    expect(debian.ok).toBe(true);

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain(
      '<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1" memoSchVersion="1.1.0">',
    );
    expect(xml).not.toMatch(/<(?!\?xml|\/?memo:)/); // every element carries the memo: prefix
    expect(text(xml, 'messageType')).toBe('DIGITALPOST');
    expect(text(xml, 'messageUUID')).toBe('3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f809a1b');
    expect(text(xml, 'createdDateTime')).toBe('2025-06-01T10:00:00Z');
    expect(text(xml, 'caseID')).toBe('27.24.00-G01-117-25');
    expect(text(xml, 'caseSystem')).toBe('SBSYS');
    expect(text(xml, 'recipientID')).toBe('0101011234');
    expect(text(xml, 'senderID')).toBe('29189919');
    expect(text(xml, 'encodingFormat')).toBe('application/pdf');
    expect(text(xml, 'language')).toBe('da');
    expect(text(xml, 'mandatory')).toBe('false');
    expect(text(xml, 'legalNotification')).toBe('false');
    expect(Buffer.from(text(xml, 'content') ?? '', 'base64').equals(pdf)).toBe(true);
  });

  it('writes the elements in the order of MeMo_core.xsd', () => {
    const xml = buildMemo(
      input({ sender: { cvr: '29189919', label: 'K', contact: { contactPointId: 'CP-1' } } }),
    );
    // The validator proves the order; this pins it so a diff shows what moved.
    expect(elementOrder(xml)).toEqual([
      'Message',
      'MessageHeader',
      'messageType',
      'messageUUID',
      'label',
      'mandatory',
      'legalNotification',
      'Sender',
      'senderID',
      'idType',
      'label',
      'ContactPoint',
      'contactPointID',
      'Recipient',
      'recipientID',
      'idType',
      'label',
      'ContentData',
      'CaseID',
      'caseID',
      'caseSystem',
      'MessageBody',
      'createdDateTime',
      'MainDocument',
      'label',
      'File',
      'encodingFormat',
      'filename',
      'language',
      'content',
    ]);
  });

  it('a CVR recipient, mandatory and legal notification set, a sender contact point: valid for both validators', async () => {
    const xml = buildMemo(
      input({
        recipient: { idType: 'CVR', id: '12345678', label: 'Tømrer Hansen ApS' },
        mandatory: true,
        legalNotification: true,
        sender: {
          cvr: '29189919',
          label: 'Eksempel Kommune',
          contact: {
            contactPointId: 'ydelse-1',
            label: 'Ydelsesservice',
            info: [
              { label: 'Telefon', value: '70 10 20 30' },
              { label: 'Åbent', value: 'man–fre 9–15' },
            ],
          },
        },
      }),
    );
    expect(text(xml, 'idType')).toBe('CVR');
    expect(xml).toContain('<memo:idType>CVR</memo:idType>\n      <memo:label>Tømrer Hansen ApS</memo:label>');
    expect(text(xml, 'mandatory')).toBe('true');
    expect(text(xml, 'legalNotification')).toBe('true');
    expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });
    expect(debianXmllint(xml, 'cvr.xml').ok).toBe(true);
  });

  it('without a case number there is no ContentData, and the message is still valid', async () => {
    const xml = buildMemo(input({ caseId: undefined }));
    expect(xml).not.toContain('ContentData');
    expect((await validateMemo(xml, XSD_DIR)).valid).toBe(true);
  });

  it('cuts a long title to 256 characters ending in "…", never splitting a character, and stays valid', async () => {
    const long = 'Afgørelse om økonomisk hjælp efter aktivlovens § 81 '.repeat(10) + '👨‍👩‍👧';
    const xml = buildMemo(input({ label: long }));
    const label = text(xml, 'label') ?? '';
    expect([...label].length).toBeLessThanOrEqual(256);
    expect(label.endsWith('…')).toBe(true);
    expect(long.startsWith(label.slice(0, -1))).toBe(true);
    expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });

    // Grapheme clusters: an emoji family at the cut is dropped whole, never halved.
    // (a family is five code points: three people joined by two zero-width joiners)
    expect(memoLabel('a'.repeat(252) + '👨‍👩‍👧'.repeat(3))).toBe('a'.repeat(252) + '…');
    expect(memoLabel('a'.repeat(250) + '👨‍👩‍👧'.repeat(3))).toBe('a'.repeat(250) + '👨‍👩‍👧…');
    expect(memoLabel('x'.repeat(256))).toBe('x'.repeat(256));
    expect(memoLabel('x'.repeat(257))).toBe('x'.repeat(255) + '…');
    expect(memoLabel('  Brev\r\n om\tydelse\u0007  ')).toBe('Brev om ydelse');
  });

  it('keeps Danish letters and escapes XML in texts (UTF-8 end to end)', async () => {
    const xml = buildMemo(
      input({
        label: 'Æbler & pærer <økologisk> "Åbent" \'brev\'',
        sender: { cvr: '29189919', label: 'Ærø Kommune' },
      }),
    );
    expect(xml).toContain(
      '<memo:label>Æbler &amp; pærer &lt;økologisk&gt; &quot;Åbent&quot; &apos;brev&apos;</memo:label>',
    );
    expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });
    const debian = debianXmllint(xml, 'danish.xml');
    expect(debian.ok).toBe(true);
    // The file on disk is UTF-8: æ is two bytes.
    expect(readFileSync(join(dir.path, 'danish.xml')).includes(Buffer.from('Ærø Kommune', 'utf8'))).toBe(
      true,
    );
  });

  it('cleans file names of the characters Digital Post rejects and keeps .pdf', async () => {
    expect(cleanMemoFileName('Afgørelse: "bolig" <2025>/del 1|2?*.pdf')).toBe(
      'Afgørelse- -bolig- -2025-del 1-2.pdf',
    );
    expect(cleanMemoFileName('a\\b\r\nc\u00a0d\u2003e\u2028f\u205fg\u2060h\u3000i.PDF')).toBe(
      'a-b-c-d-e-f-g-h-i.PDF',
    );
    expect(cleanMemoFileName('brev')).toBe('brev.pdf');
    expect(cleanMemoFileName('brev.docx')).toBe('brev.docx.pdf');
    expect(cleanMemoFileName('')).toBe('dokument.pdf');
    expect(cleanMemoFileName('???.pdf')).toBe('dokument.pdf');
    expect(cleanMemoFileName(' .pdf')).toBe('dokument.pdf');
    expect(cleanMemoFileName('\u0000\u0001')).toBe('dokument.pdf');
    const long = cleanMemoFileName('æ'.repeat(400) + '.pdf');
    expect([...long].length).toBe(256);
    expect(long.endsWith('æ.pdf')).toBe(true);

    const xml = buildMemo(
      input({ document: { fileName: 'C:\\Sager\\Afgørelse: "endelig"?.pdf', bytes: pdf } }),
    );
    expect(text(xml, 'filename')).toBe('C-Sager-Afgørelse- -endelig.pdf');
    expect((await validateMemo(xml, XSD_DIR)).valid).toBe(true);
  });

  it('refuses memoVersion 1.2 (and anything but 1.1) with a Danish explanation', () => {
    for (const version of ['1.2', '1.0', '1', ' 1.1', '']) {
      let error: unknown;
      try {
        buildMemo(input({ memoVersion: version }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MemoBuildError);
      expect((error as MemoBuildError).code).toBe('MEMO_VERSION_UNSUPPORTED');
      expect((error as Error).message).toMatch(/understøttes ikke.*kun danne MeMo version 1\.1/);
      expect((error as Error).message).toContain('../shared/specs/digital-post/');
    }
  });

  it('refuses a messageUUID that is not version 4', () => {
    const notV4 = [
      '3f1c2a4e-8b7d-1c1e-9a2b-5d6e7f809a1b', // version 1
      '3f1c2a4e-8b7d-4c1e-7a2b-5d6e7f809a1b', // wrong variant
      '3f1c2a4e8b7d4c1e9a2b5d6e7f809a1b', // no dashes
      '',
    ];
    for (const messageUUID of notV4) {
      expect(() => buildMemo(input({ messageUUID }))).toThrow(/UUID af version 4/);
    }
    expect(() => buildMemo(input({ messageUUID: randomUUID() }))).not.toThrow();
    expect(() => buildMemo(input({ messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114' }))).not.toThrow();
  });

  it('refuses what it cannot send: bad ids, no title, an over-long case number, an empty or non-PDF document', () => {
    const cases: Array<[Partial<MemoInput>, RegExp]> = [
      [{ recipient: { idType: 'CPR', id: '010101-1234', label: 'X' } }, /CPR-nummer skal være 10 cifre/],
      [{ recipient: { idType: 'CVR', id: '0101011234', label: 'X' } }, /CVR-nummer skal være 8 cifre/],
      [{ sender: { cvr: '1234', label: 'K' } }, /Afsenderens CVR-nummer/],
      [{ label: ' \n ' }, /mangler en titel/],
      [{ caseId: 'S'.repeat(257) }, /Sagsnummeret er længere end 256 tegn/],
      [{ caseSystem: '' }, /Sagssystemets navn/],
      [{ document: { fileName: 'a.pdf', bytes: new Uint8Array() } }, /tomt/],
      [{ document: { fileName: 'a.pdf', bytes: Buffer.from('PK\u0003\u0004 a zip') } }, /ikke en PDF-fil/],
      [{ createdAt: new Date('nonsense') }, /tidspunkt/],
    ];
    for (const [overrides, message] of cases) {
      expect(() => buildMemo(input(overrides))).toThrow(message);
    }
  });

  it('writes UTC times ending in Z with whole seconds', () => {
    expect(memoDateTime(new Date('2025-01-31T23:59:59.999+01:00'))).toBe('2025-01-31T22:59:59Z');
  });
});

describe('validateMemo', () => {
  it('reports a wrong element order as invalid, with the element named', async () => {
    const xml = buildMemo(input());
    const swapped = xml.replace(
      /(\s*<memo:label>[^<]*<\/memo:label>)(\s*<memo:mandatory>false<\/memo:mandatory>)/,
      '$2$1',
    );
    expect(swapped).not.toBe(xml);
    const result = await validateMemo(swapped, XSD_DIR);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/linje \d+: .*mandatory.*not expected/);
    expect(debianXmllint(swapped, 'swapped.xml').ok).toBe(false);
  });

  it('reports broken XML, a bad UUID, a long text and a time without Z as invalid', async () => {
    const xml = buildMemo(input());
    const broken = await validateMemo(xml.replace('</memo:Recipient>', ''), XSD_DIR);
    expect(broken.valid).toBe(false);
    expect(broken.errors.length).toBeGreaterThan(0);

    const variants = [
      xml.replace(/<memo:messageUUID>[^<]*/, '<memo:messageUUID>3f1c2a4e-8b7d-1c1e-9a2b-5d6e7f809a1b'),
      xml.replace(/<memo:label>[^<]*/, `<memo:label>${'x'.repeat(257)}`),
      xml.replace('2025-06-01T10:00:00Z', '2025-06-01T12:00:00+02:00'),
      xml.replace(' memoSchVersion="1.1.0"', ''),
      xml.replace('<memo:messageType>DIGITALPOST', '<memo:messageType>FYSISKPOST'),
    ];
    for (const variant of variants) {
      const result = await validateMemo(variant, XSD_DIR);
      expect(result.valid).toBe(false);
      expect(result.errors[0]).toMatch(/^linje \d+: /);
    }
    expect((await validateMemo('not xml at all', XSD_DIR)).valid).toBe(false);
  });

  it('never echoes the base64 document into the errors', async () => {
    const xml = buildMemo(input()).replace('<memo:encodingFormat>', '<memo:encodingFormat>&bogus;');
    const result = await validateMemo(xml, XSD_DIR);
    expect(result.valid).toBe(false);
    expect(result.errors.every((e) => e.length <= 501)).toBe(true);
    expect(result.errors.join('\n')).not.toContain(pdf.toString('base64').slice(0, 40));
  });

  it('validates a 12 MB PDF (a base64 text node over libxml2 default 10 MB limit) and is fast for a normal one', async () => {
    const big = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(12_000_000, 0x20),
      Buffer.from('%%EOF\n'),
    ]);
    const xml = buildMemo(input({ document: { fileName: 'stor.pdf', bytes: big } }));
    expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });

    const normal = buildMemo(input());
    await validateMemo(normal, XSD_DIR); // warm
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => validateMemo(normal, XSD_DIR)));
    const perMessage = (performance.now() - started) / 6;
    expect(results.every((r) => r.valid)).toBe(true);
    expect(perMessage).toBeLessThan(1000);
  });

  it('fails loudly when the schema folder is missing', async () => {
    await expect(validateMemo(buildMemo(input()), join(dir.path, 'no-xsd'))).rejects.toThrow(
      /MeMo-skemaet MeMo_core.xsd mangler/,
    );
  });
});
