import { randomUUID, X509Certificate } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { memoXsdDir, validateMemo } from '../../src/backend/memo/validate-memo';
import type { Sf1601Urls } from '../../src/backend/connectors/sf1601/sf1601.connector';
import type { TestPki } from './test-pki';
import { REPO_ROOT, RESOURCES_DIR } from './temp-dir';

/**
 * A local mock of KOMBIT Serviceplatformen for the SF1601 tests (docs/sf1601.md; ../shared/design/digital-post.md
 * §2): the STS (`POST /sts`), the access token service (`POST /token`), KombiPostAfsend (`POST /kombi`) and
 * PostForespoerg (`GET /postforespoerg`), over HTTPS with a client certificate on every call.
 *
 * It is strict where the real service is, and stricter where the connector's output is ours to pin down:
 *
 * - every call: the client certificate must chain to the test CA, be in date and not be on the CRL. The server asks
 *   for a certificate but lets the handshake through (`rejectUnauthorized: false`), so it can answer a clear 403
 *   naming the problem; it never serves a request without checking `authorized` and the issuer itself;
 * - STS: the exact JSON of digital-post.md §2.1, `AnvenderKontekst.Cvr`, a known entity id in `AppliesTo`, and
 *   `UseKey` equal to the DER of the certificate on the TLS connection. It issues a base64 SAML assertion with
 *   `<saml:Conditions NotOnOrAfter="…">`;
 * - token: `saml-token=` must be an assertion this mock issued, to the same certificate, not expired;
 * - KombiPostAfsend and PostForespoerg: `Authorization: Holder-of-key <token>` issued to THIS certificate for THIS
 *   service, `x-TransaktionsId` a UUID, `x-TransaktionsTid` `yyyy-MM-ddTHH:mm:ssZ`; KombiPostAfsend also an XML
 *   content type, a well-formed body in the frame of `kombi_request.skeleton.xml`, a known `KombiValgKode`, the MeMo
 *   valid against resources/xsd/memo-1.1 with the token's CVR as sender, and for `Fysisk Post`/`Automatisk Valg` a
 *   `ForsendelseISamling` whose `ForsendelseI` is valid against the Fjernprint XSDs and equal to the recipient's
 *   golden file in test/fixtures/sf1601/ (with the parts that vary, the messageUUID and the PDF, taken from the MeMo).
 *
 * Every KombiPostAfsend attempt is logged (`attempts`, and a JSONL file when asked) with whether it delivered the
 * message, so tests count deliveries per UUID; faults can be injected for the next N calls. It runs in the test's
 * process (`startSf1601Mock`) or as its own (sf1601-mock-main.ts).
 */

export const SF1601_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'sf1601');
/** The attempt log's name in the process mode's `--data-dir` (as the sandbox's). */
export const MOCK_ATTEMPT_LOG = 'attempts.jsonl';
/** The process mode's entry (sf1601-mock-main.ts), run with `--import tsx`. */
export const SF1601_MOCK_MAIN = join(REPO_ROOT, 'test', 'support', 'sf1601-mock-main.ts');
/** ../shared/specs/digital-post/fjernprint-xsd next to the repository (as the MeMo tests read ../shared). */
export const FJERNPRINT_XSD_DIR = join(REPO_ROOT, '..', 'shared', 'specs', 'digital-post', 'fjernprint-xsd');

export const ENTITY = {
  kombiPostAfsend: 'http://entityid.kombit.dk/service/kombipostafsend/1',
  postForespoerg: 'http://entityid.kombit.dk/service/postforespoerg/1',
} as const;

const TOKEN_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0';
const REQUEST_TYPE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue';
const KEY_TYPE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey';
const KOMBI_VALG = ['Digital Post', 'Fysisk Post', 'Automatisk Valg'] as const;
type KombiValg = (typeof KOMBI_VALG)[number];
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TRANSAKTIONS_TID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// ---- golden files -----------------------------------------------------------------------------------------

/** Golden ForsendelseI files by recipient (`CPR:…`/`CVR:…`, as in the MeMo), in test/fixtures/sf1601/. */
export const GOLDEN_BY_RECIPIENT: Readonly<Record<string, string>> = {
  'CPR:3001104209': 'forsendelse-cpr.xml',
  'CVR:30862492': 'forsendelse-cvr.xml',
};
export const KOMBI_SKELETON = 'kombi_request.skeleton.xml';

/**
 * The comparable form of an XML text: comments and whitespace-only runs between markup (tags and `{{…}}`
 * placeholders) removed, trimmed. Text content is kept as it is. The golden files are pretty-printed; the connector
 * writes everything on one line.
 */
export function compactXml(xml: string): string {
  return xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(>|\}\})\s+(<|\{\{)/g, '$1$2')
    .trim();
}

/** A golden file, compacted, with its `{{name}}` placeholders as they are. */
export function goldenText(file: string): string {
  return compactXml(readFileSync(join(SF1601_FIXTURES, file), 'utf8'));
}

/** A golden file, compacted, with `{{name}}` placeholders filled in. An unfilled placeholder throws. */
export function renderGolden(file: string, values: Record<string, string>): string {
  const text = goldenText(file);
  return text.replace(/\{\{([\w:]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`golden ${file}: no value for {{${name}}}`);
    return value;
  });
}

/** Where two texts first differ, with some context, for a readable mismatch. */
export function firstDifference(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const from = Math.max(0, i - 60);
  return `at ${i}: expected …${expected.slice(from, i + 60)}… got …${actual.slice(from, i + 60)}…`;
}

/** The parts of a kombi_request, split the way the skeleton golden file names them. */
export interface KombiParts {
  /** The request with the MeMo and the ForsendelseISamling replaced by their placeholders, compacted. */
  skeleton: string;
  kombiValgKode: string | null;
  memo: string | null;
  forsendelseISamling: string | null;
}

export function splitKombiRequest(body: string): KombiParts {
  const memo = /<memo:Message\b[\s\S]*<\/memo:Message>/.exec(body)?.[0] ?? null;
  const samling =
    /<fjernprint:ForsendelseISamling\b[\s\S]*<\/fjernprint:ForsendelseISamling>/.exec(body)?.[0] ?? null;
  let skeleton = body;
  if (memo) skeleton = skeleton.replace(memo, '{{memo:Message}}');
  skeleton = samling
    ? skeleton.replace(samling, '{{fjernprint:ForsendelseISamling}}')
    : skeleton.replace('{{memo:Message}}', '{{memo:Message}}{{fjernprint:ForsendelseISamling}}');
  const code = /<KombiValgKode>([^<]*)<\/KombiValgKode>/.exec(body)?.[1] ?? null;
  if (code !== null) {
    skeleton = skeleton.replace(
      `<KombiValgKode>${code}</KombiValgKode>`,
      '<KombiValgKode>{{KombiValgKode}}</KombiValgKode>',
    );
  }
  return { skeleton: compactXml(skeleton), kombiValgKode: code, memo, forsendelseISamling: samling };
}

/** What the golden ForsendelseI needs from the MeMo: the values that vary per message. */
export function memoValues(
  memo: string,
): { messageUUID: string; pdfBase64: string; recipient: string } | null {
  const uuid = /<memo:messageUUID>([^<]+)<\/memo:messageUUID>/.exec(memo)?.[1];
  const content = /<memo:MainDocument>[\s\S]*?<memo:content>([^<]+)<\/memo:content>/.exec(memo)?.[1];
  const recipient = /<memo:Recipient>([\s\S]*?)<\/memo:Recipient>/.exec(memo)?.[1] ?? '';
  const id = /<memo:recipientID>([^<]+)<\/memo:recipientID>/.exec(recipient)?.[1];
  const idType = /<memo:idType>([^<]+)<\/memo:idType>/.exec(recipient)?.[1];
  if (!uuid || !content || !id || !idType) return null;
  return { messageUUID: uuid, pdfBase64: content.replace(/\s+/g, ''), recipient: `${idType}:${id}` };
}

/** The expected ForsendelseISamling for a MeMo (its recipient's golden file), or null when it has none. */
export function expectedForsendelse(memo: string): string | null {
  const values = memoValues(memo);
  const file = values && GOLDEN_BY_RECIPIENT[values.recipient];
  if (!values || !file) return null;
  return renderGolden(file, { messageUUID: values.messageUUID, pdfBase64: values.pdfBase64 });
}

// ---- the Fjernprint XSDs ----------------------------------------------------------------------------------

/**
 * The Fjernprint schemas, made to compile with libxml2. They are complete for `ForsendelseI`; what stops them is
 * that libxml2 (and so lxml and xmllint) imports a namespace only once, from the first file that imports it, and
 * skips every later `<import>` of it from another file, so most declarations of `urn:oio:dkal:1.0.0`,
 * `urn:oio:sagdok:3.0.0` and the dkcc namespaces are never read (the "TitelTekst does not resolve" of the README).
 * Here every import of a namespace points at one hub file that includes all of that namespace's files, and an
 * import of a file's own namespace becomes an include. The files are read from ../shared and changed only in memory.
 */
let fjernprintSchemas: { schema: XMLFileInfo; preload: XMLFileInfo[] } | null = null;

function loadFjernprintSchemas(): { schema: XMLFileInfo; preload: XMLFileInfo[] } {
  if (fjernprintSchemas) return fjernprintSchemas;
  if (!existsSync(join(FJERNPRINT_XSD_DIR, 'ForsendelseI.xsd'))) {
    throw new Error(
      `${FJERNPRINT_XSD_DIR} is missing. The SF1601 tests validate the ForsendelseI against the originals in ` +
        '../shared/specs/digital-post/ (next to the repository); check out the shared folder beside the repo.',
    );
  }
  const texts = new Map<string, string>();
  const read = (file: string) => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readFileSync(join(FJERNPRINT_XSD_DIR, file), 'utf8');
      texts.set(file, text);
    }
    return text;
  };
  const closure = new Set<string>();
  const todo = ['ForsendelseI.xsd'];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (closure.has(file)) continue;
    closure.add(file);
    for (const m of read(file).matchAll(/schemaLocation="([^"]+)"/g)) todo.push(m[1]!);
  }
  const namespaceOf = (text: string) => /targetNamespace="([^"]*)"/.exec(text)?.[1] ?? '';
  const byNamespace = new Map<string, string[]>();
  for (const file of [...closure].sort()) {
    const ns = namespaceOf(read(file));
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), file]);
  }
  const hubName = (ns: string) => `hub-${ns.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.xsd`;
  const files: XMLFileInfo[] = [...closure].map((file) => {
    const text = read(file);
    const own = namespaceOf(text);
    const contents = text.replace(
      /<import\s+namespace="([^"]*)"\s+schemaLocation="([^"]*)"\s*\/>/g,
      (_, ns: string, location: string) =>
        ns === own
          ? `<include schemaLocation="${location}"/>`
          : `<import namespace="${ns}" schemaLocation="${hubName(ns)}"/>`,
    );
    return { fileName: file, contents };
  });
  const hubs: XMLFileInfo[] = [...byNamespace].map(([ns, members]) => ({
    fileName: hubName(ns),
    contents:
      `<?xml version="1.0" encoding="UTF-8"?>\n<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="${ns}" elementFormDefault="qualified">` +
      members.map((m) => `<include schemaLocation="${m}"/>`).join('') +
      '</schema>',
  }));
  const root = hubs.find((h) => h.fileName === hubName('urn:oio:fjernprint:1.0.0'))!;
  fjernprintSchemas = { schema: root, preload: [...files, ...hubs.filter((h) => h !== root)] };
  return fjernprintSchemas;
}

/**
 * Validates the `ForsendelseI` inside a `ForsendelseISamling` (the Samling itself is not in the Fjernprint XSDs)
 * against ForsendelseI.xsd. Errors are libxml2's, with the base64 echo left out.
 */
export async function validateForsendelseI(samling: string): Promise<{ valid: boolean; errors: string[] }> {
  const inner = /<fjernprint:ForsendelseI>[\s\S]*<\/fjernprint:ForsendelseI>/.exec(samling)?.[0];
  if (!inner) return { valid: false, errors: ['no <fjernprint:ForsendelseI> in the ForsendelseISamling'] };
  const xml = inner.replace(
    '<fjernprint:ForsendelseI>',
    '<fjernprint:ForsendelseI xmlns:fjernprint="urn:oio:fjernprint:1.0.0">',
  );
  const { schema, preload } = loadFjernprintSchemas();
  const result = await validateXML({
    xml: [{ fileName: 'forsendelse.xml', contents: xml }],
    schema: [schema],
    preload,
    maxMemoryPages: Math.max(512, Math.ceil((xml.length * 3) / 65536) + 512),
    modifyArguments: (args) => ['--huge', '--nonet', ...args],
  });
  return {
    valid: result.valid,
    errors: result.errors.filter((e) => e.loc !== null).map((e) => e.message.slice(0, 300)),
  };
}

/** Whether a text is well-formed XML (libxml2, through a canonicalisation). */
async function wellFormed(xml: string): Promise<string | null> {
  const result = await validateXML({
    xml: [{ fileName: 'kombi.xml', contents: xml }],
    normalization: 'c14n',
    maxMemoryPages: Math.max(512, Math.ceil((xml.length * 3) / 65536) + 512),
    modifyArguments: (args) => ['--huge', '--nonet', ...args],
  });
  return result.valid ? null : (result.errors[0]?.message ?? 'not well-formed').slice(0, 300);
}

// ---- the mock ---------------------------------------------------------------------------------------------

export type KombiFault = 'fail_5xx' | 'fail_4xx' | 'fail_401' | 'result_false' | 'reset' | 'hang';
export type StsFault = 'fail_5xx' | 'fail_4xx';

export type KombiOutcome =
  /** Recorded and answered Result true. */
  | 'accepted'
  /** Recorded, then the connection was reset without an answer (cut off after the request). */
  | 'accepted_then_reset'
  /** Recorded, then no answer ever (the client times out). */
  | 'accepted_then_hung'
  | 'fault_5xx'
  | 'fault_4xx'
  | 'fault_401'
  | 'result_false'
  /** The request broke a rule (headers, XML, MeMo, ForsendelseI): 400/415, nothing recorded. */
  | 'invalid'
  /** The certificate or the token was refused: 401/403, nothing recorded. */
  | 'unauthorized';

/** One KombiPostAfsend call, as the sandbox logs them (`uuid`, `delivered`, `outcome`, `status`). */
export interface KombiAttempt {
  time: string;
  /** The MeMo's messageUUID, when the body had one. */
  uuid: string | null;
  kombiValgKode: string | null;
  outcome: KombiOutcome;
  /** True when this attempt recorded the message as received. */
  delivered: boolean;
  /** The HTTP status answered; null when none was (reset, hang). */
  status: number | null;
  /** Why it was refused, for a failing test's message. */
  reason: string | null;
}

/** A message the mock recorded as received. */
export interface ReceivedMessage {
  uuid: string;
  kombiValgKode: KombiValg;
  memoXml: string;
  forsendelseISamling: string | null;
  /** Null for `Fysisk Post` (answered with an advis instead). */
  transmissionId: string | null;
  transaktionsId: string;
  transaktionsTid: string;
  clientFingerprint: string;
  cvr: string;
  receivedAt: string;
}

export type MockService = 'sts' | 'token' | 'kombi' | 'postforespoerg' | 'unknown';

/** Every HTTP request the mock saw, with the certificate it came with. */
export interface MockCall {
  service: MockService;
  method: string;
  path: string;
  /** SHA-256 fingerprint of the client certificate on the connection; null without one. */
  clientFingerprint: string | null;
  /** Whether the certificate passed the checks. */
  certificateOk: boolean;
  /** Why not: `NO_CERTIFICATE`, `UNKNOWN_CA`, or OpenSSL's code (`CERT_HAS_EXPIRED`, `CERT_REVOKED`, …). */
  certificateProblem: string | null;
  status: number | null;
}

export interface Sf1601MockOptions {
  pki: TestPki;
  /** `test` (default): a server certificate from the test CA. `foreign`: one from the foreign CA, which the connector must refuse. */
  serverCertificate?: 'test' | 'foreign';
  /** Default 127.0.0.1 (the URLs use the IP). `localhost` makes the URLs use the name. */
  host?: '127.0.0.1' | 'localhost';
  /** 0 (default) for a free port. */
  port?: number;
  /** The municipality's CVR the STS expects; any 8 digits when absent. */
  cvr?: string;
  /** CPR/CVR numbers PostForespoerg answers `true` for; everyone else `false`. */
  enrolled?: Iterable<string>;
  /** SAML assertion lifetime (default 8 h, as KOMBIT's). */
  samlLifetimeMs?: number;
  /** Access token lifetime (default 3600 s). */
  accessTokenSeconds?: number;
  /** Also append every attempt as a JSON line here (the crash suite counts deliveries from it). */
  attemptLogFile?: string;
  /** Called with every attempt once it is logged, before the answer is written. */
  onAttempt?: (attempt: KombiAttempt) => void;
  clock?: () => Date;
}

export interface Sf1601Mock {
  readonly port: number;
  /** The four addresses, for the settings' `urls`. */
  readonly urls: Sf1601Urls;
  readonly calls: readonly MockCall[];
  readonly attempts: readonly KombiAttempt[];
  readonly received: readonly ReceivedMessage[];
  /** How many STS and token calls succeeded (the token cache's test). */
  readonly issued: { saml: number; access: number };
  /** Every recorded delivery of a UUID (more than one only when it was sent again). */
  deliveries(uuid: string): ReceivedMessage[];
  /** The next `times` KombiPostAfsend calls that pass the checks fail this way. */
  fault(mode: KombiFault, times?: number): void;
  /** The next `times` STS calls fail this way. */
  stsFault(mode: StsFault, times?: number): void;
  /** The next `times` PostForespoerg calls answer 503. */
  postForespoergFault(times?: number): void;
  /** What PostForespoerg answers for a CPR/CVR number. */
  setDigitalPost(id: string, enrolled: boolean): void;
  /** Forgets every access token it issued: the next call with one is answered 401. */
  revokeAccessTokens(): void;
  /** The first attempt (logged already or still to come) that matches; rejects after `timeoutMs`. */
  waitForAttempt(match: (a: KombiAttempt) => boolean, timeoutMs?: number): Promise<KombiAttempt>;
  close(): Promise<void>;
}

interface IssuedAssertion {
  fingerprint: string;
  entityId: string;
  cvr: string;
  notOnOrAfter: number;
}

interface IssuedAccessToken {
  fingerprint: string;
  entityId: string;
  cvr: string;
  expiresAt: number;
}

type ClientCheck =
  | { ok: true; fingerprint: string; derBase64: string }
  | { ok: false; fingerprint: string | null; code: string; message: string };

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'invalid',
  ) {
    super(message);
  }
}

const CERT_MESSAGES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'Klientcertifikatet er udløbet.',
  CERT_NOT_YET_VALID: 'Klientcertifikatet er endnu ikke gyldigt.',
  CERT_REVOKED: 'Klientcertifikatet er spærret (står på CRL).',
};

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A `kombi_response` as digital-post.md §2.3 describes it (the C# model's fields). */
export function kombiResponse(parts: {
  result: boolean;
  transmissionId?: string;
  advis?: string;
  fejl?: [code: string, text: string];
}): string {
  const transmission = parts.transmissionId ? `<TransmissionID>${parts.transmissionId}</TransmissionID>` : '';
  const advis = parts.advis
    ? `<HovedoplysningerSvarREST><SvarReaktion><Advis><AdvisId>${randomUUID()}</AdvisId><AdvisTekst>${xmlText(parts.advis)}</AdvisTekst></Advis></SvarReaktion></HovedoplysningerSvarREST>`
    : '';
  const fejl = parts.fejl
    ? `<HovedoplysningerSvarREST><SvarReaktion><Fejl><FejlKode>${xmlText(parts.fejl[0])}</FejlKode><FejlTekst>${xmlText(parts.fejl[1])}</FejlTekst></Fejl></SvarReaktion></HovedoplysningerSvarREST>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?><kombi_response><Result>${parts.result}</Result>${transmission}${advis}${fejl}</kombi_response>`;
}

function samlAssertion(a: {
  id: string;
  issued: Date;
  notOnOrAfter: Date;
  entityId: string;
  cvr: string;
  useKey: string;
}) {
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${a.id}" IssueInstant="${a.issued.toISOString()}" Version="2.0">` +
    '<saml:Issuer>https://sts.sf1601-mock.test</saml:Issuer>' +
    '<saml:Subject><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key">' +
    `<saml:SubjectConfirmationData><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${a.useKey}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></saml:SubjectConfirmationData>` +
    '</saml:SubjectConfirmation></saml:Subject>' +
    `<saml:Conditions NotBefore="${a.issued.toISOString()}" NotOnOrAfter="${a.notOnOrAfter.toISOString()}">` +
    `<saml:AudienceRestriction><saml:Audience>${a.entityId}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AttributeStatement><saml:Attribute Name="dk:gov:saml:attribute:CvrNumberIdentifier"><saml:AttributeValue>${a.cvr}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>` +
    '</saml:Assertion>'
  );
}

export async function startSf1601Mock(options: Sf1601MockOptions): Promise<Sf1601Mock> {
  const { pki } = options;
  const clock = options.clock ?? (() => new Date());
  const samlLifetimeMs = options.samlLifetimeMs ?? 8 * 3600_000;
  const accessTokenSeconds = options.accessTokenSeconds ?? 3600;
  const host = options.host ?? '127.0.0.1';
  const testCa = new X509Certificate(pki.caPem);
  const xsdDir = memoXsdDir(RESOURCES_DIR);
  // Fail at start, not at the first physical send, when ../shared is missing.
  loadFjernprintSchemas();

  const calls: MockCall[] = [];
  const attempts: KombiAttempt[] = [];
  const received: ReceivedMessage[] = [];
  const issued = { saml: 0, access: 0 };
  const assertions = new Map<string, IssuedAssertion>();
  const accessTokens = new Map<string, IssuedAccessToken>();
  const enrolled = new Set(options.enrolled ?? []);
  let kombiFault: { mode: KombiFault; remaining: number } | null = null;
  let stsFaultState: { mode: StsFault; remaining: number } | null = null;
  let postForespoergFaults = 0;
  const attemptWaiters = new Set<() => void>();
  const sockets = new Set<Socket>();

  function logAttempt(attempt: Omit<KombiAttempt, 'time'>): KombiAttempt {
    const entry: KombiAttempt = { time: clock().toISOString(), ...attempt };
    attempts.push(entry);
    if (options.attemptLogFile) appendFileSync(options.attemptLogFile, `${JSON.stringify(entry)}\n`);
    try {
      options.onAttempt?.(entry);
    } catch {
      // An observer's failure is not the mock's.
    }
    for (const w of [...attemptWaiters]) w();
    return entry;
  }

  /** The client certificate: present, issued by the test CA, and accepted by OpenSSL (in date, not revoked). */
  function checkClient(socket: TLSSocket): ClientCheck {
    const peer = socket.getPeerCertificate(true);
    if (!peer || !peer.raw) {
      return { ok: false, fingerprint: null, code: 'NO_CERTIFICATE', message: 'Intet klientcertifikat.' };
    }
    const fingerprint = peer.fingerprint256;
    const leaf = new X509Certificate(peer.raw);
    if (!leaf.checkIssued(testCa) || !leaf.verify(testCa.publicKey)) {
      return {
        ok: false,
        fingerprint,
        code: 'UNKNOWN_CA',
        message: 'Klientcertifikatet er ikke udstedt af en godkendt udsteder.',
      };
    }
    if (!socket.authorized) {
      const code = String(socket.authorizationError ?? 'UNAUTHORIZED');
      return {
        ok: false,
        fingerprint,
        code,
        message: CERT_MESSAGES[code] ?? `Klientcertifikatet blev afvist (${code}).`,
      };
    }
    return { ok: true, fingerprint, derBase64: peer.raw.toString('base64') };
  }

  function readBody(req: IncomingMessage, max = 64 * 1024 * 1024): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          reject(new Refusal(413, 'Forespørgslen er for stor.'));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  function holderOfKey(
    req: IncomingMessage,
    client: { fingerprint: string },
    entityId: string,
  ): IssuedAccessToken {
    const auth = req.headers.authorization ?? '';
    const m = /^Holder-of-key (\S+)$/.exec(auth);
    if (!m) throw new Refusal(401, 'Authorization skal være "Holder-of-key <token>".', 'unauthorized');
    const token = accessTokens.get(m[1]!);
    if (!token || token.expiresAt <= clock().getTime()) {
      throw new Refusal(401, 'Adgangstokenet er ukendt eller udløbet.', 'unauthorized');
    }
    if (token.fingerprint !== client.fingerprint) {
      throw new Refusal(403, 'Holder-of-key: tokenet er udstedt til et andet certifikat.', 'unauthorized');
    }
    if (token.entityId !== entityId) {
      throw new Refusal(403, `Tokenet gælder ${token.entityId}, ikke ${entityId}.`, 'unauthorized');
    }
    const id = String(req.headers['x-transaktionsid'] ?? '');
    if (!UUID.test(id)) throw new Refusal(400, 'x-TransaktionsId skal være et UUID.');
    const time = String(req.headers['x-transaktionstid'] ?? '');
    if (!TRANSAKTIONS_TID.test(time)) {
      throw new Refusal(400, 'x-TransaktionsTid skal have formen yyyy-MM-ddTHH:mm:ssZ.');
    }
    return token;
  }

  function sts(req: IncomingMessage, raw: string, client: { fingerprint: string; derBase64: string }) {
    if (req.method !== 'POST') throw new Refusal(405, 'STS tager kun POST.');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new Refusal(415, 'STS tager application/json.');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new Refusal(400, 'Kroppen er ikke JSON.');
    }
    if (body.TokenType !== TOKEN_TYPE) throw new Refusal(400, 'Forkert TokenType.');
    if (body.RequestType !== REQUEST_TYPE) throw new Refusal(400, 'Forkert RequestType.');
    if (body.KeyType !== KEY_TYPE) throw new Refusal(400, 'Forkert KeyType.');
    const cvr = (body.AnvenderKontekst as { Cvr?: unknown } | undefined)?.Cvr;
    if (typeof cvr !== 'string' || !/^\d{8}$/.test(cvr)) {
      throw new Refusal(400, 'AnvenderKontekst.Cvr skal være 8 cifre.');
    }
    if (options.cvr !== undefined && cvr !== options.cvr) {
      throw new Refusal(403, 'Certifikatet har ingen serviceaftale for dette CVR.', 'unauthorized');
    }
    const entityId = (body.AppliesTo as { EndpointReference?: { Address?: unknown } } | undefined)
      ?.EndpointReference?.Address;
    if (entityId !== ENTITY.kombiPostAfsend && entityId !== ENTITY.postForespoerg) {
      throw new Refusal(400, 'AppliesTo er ikke en kendt service.');
    }
    if (body.UseKey !== client.derBase64) {
      throw new Refusal(400, 'UseKey er ikke certifikatet på forbindelsen.');
    }
    if ('OnBehalfOf' in body && body.OnBehalfOf !== null)
      throw new Refusal(400, 'OnBehalfOf skal være null.');
    if (stsFaultState && stsFaultState.remaining > 0) {
      const mode = stsFaultState.mode;
      stsFaultState.remaining -= 1;
      if (stsFaultState.remaining === 0) stsFaultState = null;
      throw new Refusal(mode === 'fail_5xx' ? 503 : 403, 'STS-fejl (injiceret).', 'fault');
    }
    const now = clock();
    const notOnOrAfter = new Date(now.getTime() + samlLifetimeMs);
    const assertion = Buffer.from(
      samlAssertion({ id: randomUUID(), issued: now, notOnOrAfter, entityId, cvr, useKey: client.derBase64 }),
      'utf8',
    ).toString('base64');
    assertions.set(assertion, {
      fingerprint: client.fingerprint,
      entityId,
      cvr,
      notOnOrAfter: notOnOrAfter.getTime(),
    });
    issued.saml += 1;
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        RequestedSecurityToken: { Assertion: assertion },
        TokenType: TOKEN_TYPE,
        Lifetime: { Created: now.toISOString(), Expires: notOnOrAfter.toISOString() },
      }),
    };
  }

  function token(req: IncomingMessage, raw: string, client: { fingerprint: string }) {
    if (req.method !== 'POST') throw new Refusal(405, 'Tokenservicen tager kun POST.');
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      throw new Refusal(415, 'Tokenservicen tager application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(raw);
    const assertion = form.get('saml-token') ?? '';
    const found = assertions.get(assertion);
    if (!found) throw new Refusal(401, 'saml-token er ikke udstedt af denne STS.', 'unauthorized');
    if (found.fingerprint !== client.fingerprint) {
      throw new Refusal(403, 'saml-token er udstedt til et andet certifikat.', 'unauthorized');
    }
    if (found.notOnOrAfter <= clock().getTime()) {
      throw new Refusal(401, 'saml-token er udløbet.', 'unauthorized');
    }
    const value = randomUUID();
    accessTokens.set(value, {
      fingerprint: client.fingerprint,
      entityId: found.entityId,
      cvr: found.cvr,
      expiresAt: clock().getTime() + accessTokenSeconds * 1000,
    });
    issued.access += 1;
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        access_token: value,
        token_type: 'Holder-of-key',
        expires_in: accessTokenSeconds,
      }),
    };
  }

  function postForespoerg(req: IncomingMessage, client: { fingerprint: string }, url: URL) {
    if (req.method !== 'GET') throw new Refusal(405, 'PostForespoerg tager kun GET.');
    holderOfKey(req, client, ENTITY.postForespoerg);
    const cpr = url.searchParams.get('cprNumber');
    const cvr = url.searchParams.get('cvrNumber');
    const id = cpr ?? cvr;
    if ((cpr === null) === (cvr === null) || !id || !(cpr ? /^\d{10}$/ : /^\d{8}$/).test(id)) {
      throw new Refusal(400, 'Angiv cprNumber (10 cifre) eller cvrNumber (8 cifre).');
    }
    if (postForespoergFaults > 0) {
      postForespoergFaults -= 1;
      throw new Refusal(503, 'PostForespoerg er utilgængelig (injiceret).', 'fault');
    }
    return { status: 200, type: 'application/json', body: JSON.stringify({ result: enrolled.has(id) }) };
  }

  /** The checks of a KombiPostAfsend body; the parts of it when they pass. */
  async function checkKombi(body: string, cvr: string) {
    const notWellFormed = await wellFormed(body);
    if (notWellFormed) throw new Refusal(400, `kombi_request er ikke velformet XML: ${notWellFormed}`);
    const parts = splitKombiRequest(body);
    const skeleton = goldenText(KOMBI_SKELETON);
    if (parts.skeleton !== skeleton) {
      throw new Refusal(
        400,
        `kombi_request har ikke den forventede opbygning (${firstDifference(parts.skeleton, skeleton)}).`,
      );
    }
    const code = parts.kombiValgKode as KombiValg;
    if (!KOMBI_VALG.includes(code)) throw new Refusal(400, `Ukendt KombiValgKode "${parts.kombiValgKode}".`);
    const memo = parts.memo!;
    const memoCheck = await validateMemo(memo, xsdDir);
    if (!memoCheck.valid) throw new Refusal(400, `memo.invalid: ${memoCheck.errors.slice(0, 3).join('; ')}`);
    const values = memoValues(memo);
    if (!values) throw new Refusal(400, 'MeMo-meddelelsen mangler messageUUID, modtager eller indhold.');
    const sender = /<memo:Sender>[\s\S]*?<memo:senderID>([^<]+)<\/memo:senderID>/.exec(memo)?.[1];
    if (sender !== cvr) throw new Refusal(403, 'Afsenderen i MeMo er ikke tokenets CVR.', 'unauthorized');
    if (code === 'Digital Post') {
      if (parts.forsendelseISamling)
        throw new Refusal(400, 'Digital Post skal ikke have en ForsendelseISamling.');
    } else {
      if (!parts.forsendelseISamling) throw new Refusal(400, `${code} kræver en ForsendelseISamling.`);
      const schemaCheck = await validateForsendelseI(parts.forsendelseISamling);
      if (!schemaCheck.valid) {
        throw new Refusal(400, `ForsendelseI er ikke gyldig: ${schemaCheck.errors.slice(0, 3).join('; ')}`);
      }
      const expected = expectedForsendelse(memo);
      if (expected === null) {
        throw new Refusal(400, `Mocken har ingen golden fil for modtageren ${values.recipient.slice(0, 4)}…`);
      }
      const actual = compactXml(parts.forsendelseISamling);
      if (actual !== expected) {
        throw new Refusal(
          400,
          `ForsendelseI svarer ikke til golden-filen (${firstDifference(actual, expected)}).`,
        );
      }
    }
    return { code, memo, values, forsendelse: parts.forsendelseISamling };
  }

  async function kombi(req: IncomingMessage, body: string, client: { fingerprint: string }) {
    let uuid: string | null = null;
    let code: string | null = null;
    const refused = (e: Refusal) => {
      logAttempt({
        uuid,
        kombiValgKode: code,
        outcome: e.code === 'unauthorized' ? 'unauthorized' : 'invalid',
        delivered: false,
        status: e.status,
        reason: e.message,
      });
      return e;
    };
    try {
      if (req.method !== 'POST') throw new Refusal(405, 'KombiPostAfsend tager kun POST.');
      const token = holderOfKey(req, client, ENTITY.kombiPostAfsend);
      if (!/^application\/xml\s*(;\s*charset="?utf-8"?\s*)?$/i.test(req.headers['content-type'] ?? '')) {
        throw new Refusal(415, 'KombiPostAfsend tager application/xml (UTF-8).');
      }
      uuid = /<memo:messageUUID>([^<]+)<\/memo:messageUUID>/.exec(body)?.[1] ?? null;
      code = /<KombiValgKode>([^<]*)<\/KombiValgKode>/.exec(body)?.[1] ?? null;
      const checked = await checkKombi(body, token.cvr);
      const mode = kombiFault && kombiFault.remaining > 0 ? kombiFault.mode : null;
      if (mode) {
        kombiFault!.remaining -= 1;
        if (kombiFault!.remaining === 0) kombiFault = null;
      }
      const base = { uuid, kombiValgKode: code, reason: null };
      switch (mode) {
        case 'fail_5xx':
          logAttempt({ ...base, outcome: 'fault_5xx', delivered: false, status: 503 });
          return { status: 503, type: 'text/plain', body: 'Service Unavailable' };
        case 'fail_401':
          logAttempt({ ...base, outcome: 'fault_401', delivered: false, status: 401 });
          return { status: 401, type: 'application/json', body: '{"message":"Token er ikke gyldigt"}' };
        case 'fail_4xx':
          logAttempt({ ...base, outcome: 'fault_4xx', delivered: false, status: 400 });
          return {
            status: 400,
            type: 'application/xml',
            body: kombiResponse({
              result: false,
              fejl: ['memo.invalid', 'Modtager & adresse passer ikke sammen (injiceret 4xx)'],
            }),
          };
        case 'result_false':
          logAttempt({ ...base, outcome: 'result_false', delivered: false, status: 200 });
          return {
            status: 200,
            type: 'application/xml',
            body: kombiResponse({
              result: false,
              fejl: [
                'recipient.unknown',
                'Modtageren kan ikke modtage Digital Post (injiceret Result false)',
              ],
            }),
          };
        default:
          break;
      }
      const transmissionId = checked.code === 'Fysisk Post' ? null : randomUUID();
      received.push({
        uuid: checked.values.messageUUID,
        kombiValgKode: checked.code,
        memoXml: checked.memo,
        forsendelseISamling: checked.forsendelse,
        transmissionId,
        transaktionsId: String(req.headers['x-transaktionsid']),
        transaktionsTid: String(req.headers['x-transaktionstid']),
        clientFingerprint: client.fingerprint,
        cvr: token.cvr,
        receivedAt: clock().toISOString(),
      });
      if (mode === 'reset') {
        logAttempt({ ...base, outcome: 'accepted_then_reset', delivered: true, status: null });
        req.socket.destroy();
        return null;
      }
      if (mode === 'hang') {
        logAttempt({ ...base, outcome: 'accepted_then_hung', delivered: true, status: null });
        return null;
      }
      logAttempt({ ...base, outcome: 'accepted', delivered: true, status: 200 });
      return {
        status: 200,
        type: 'application/xml; charset=utf-8',
        body:
          transmissionId === null
            ? kombiResponse({ result: true, advis: 'Forsendelsen sendes som fysisk brev' })
            : kombiResponse({ result: true, transmissionId }),
      };
    } catch (error) {
      if (error instanceof Refusal) throw refused(error);
      throw error;
    }
  }

  const server: Server = createServer(
    {
      key: options.serverCertificate === 'foreign' ? pki.foreignServer.key : pki.server.key,
      cert: options.serverCertificate === 'foreign' ? pki.foreignServer.cert : pki.server.cert,
      ca: [pki.caPem],
      crl: [pki.crlPem],
      requestCert: true,
      // The mock answers a refused certificate itself with a 403 that says why (checkClient below).
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://mock');
      const service: MockService =
        url.pathname === '/sts'
          ? 'sts'
          : url.pathname === '/token'
            ? 'token'
            : url.pathname === '/kombi'
              ? 'kombi'
              : url.pathname === '/postforespoerg'
                ? 'postforespoerg'
                : 'unknown';
      const client = checkClient(req.socket as TLSSocket);
      const call: MockCall = {
        service,
        method: req.method ?? '',
        path: url.pathname,
        clientFingerprint: client.fingerprint,
        certificateOk: client.ok,
        certificateProblem: client.ok ? null : client.code,
        status: null,
      };
      calls.push(call);
      const answer = (status: number, type: string, body: string) => {
        call.status = status;
        res.writeHead(status, { 'content-type': type, connection: 'close' });
        res.end(body);
      };
      const refuse = (e: Refusal) =>
        service === 'kombi'
          ? answer(
              e.status,
              'application/xml; charset=utf-8',
              kombiResponse({ result: false, fejl: [e.code, e.message] }),
            )
          : answer(e.status, 'application/json', JSON.stringify({ error: e.code, message: e.message }));
      // The whole request is read before any answer, so a refusal never cuts off a client still writing its body.
      const handled = readBody(req).then((body) => {
        if (!client.ok) throw new Refusal(403, client.message, client.code);
        switch (service) {
          case 'sts':
            return sts(req, body, client);
          case 'token':
            return token(req, body, client);
          case 'kombi':
            return kombi(req, body, client);
          case 'postforespoerg':
            return postForespoerg(req, client, url);
          default:
            throw new Refusal(404, 'Ukendt adresse.');
        }
      });
      if (!client.ok && service === 'kombi') {
        logAttempt({
          uuid: null,
          kombiValgKode: null,
          outcome: 'unauthorized',
          delivered: false,
          status: 403,
          reason: client.message,
        });
      }
      handled.then(
        (result) => {
          if (result) answer(result.status, result.type, result.body);
        },
        (error: unknown) => {
          if (error instanceof Refusal) refuse(error);
          else answer(500, 'text/plain', `mock error: ${(error as Error).message}`);
        },
      );
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that gives up in the handshake (it refused our certificate) is not the mock's problem.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const base = `https://${host}:${port}`;

  return {
    port,
    urls: {
      sts: `${base}/sts`,
      accessToken: `${base}/token`,
      kombiPostAfsend: `${base}/kombi`,
      postForespoerg: `${base}/postforespoerg`,
    },
    calls,
    attempts,
    received,
    issued,
    deliveries: (uuid) => received.filter((r) => r.uuid === uuid),
    fault(mode, times = 1) {
      kombiFault = { mode, remaining: times };
    },
    stsFault(mode, times = 1) {
      stsFaultState = { mode, remaining: times };
    },
    postForespoergFault(times = 1) {
      postForespoergFaults = times;
    },
    setDigitalPost(id, value) {
      if (value) enrolled.add(id);
      else enrolled.delete(id);
    },
    revokeAccessTokens() {
      accessTokens.clear();
    },
    waitForAttempt(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const found = attempts.find(match);
          if (!found) return false;
          clearTimeout(timer);
          attemptWaiters.delete(look);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          attemptWaiters.delete(look);
          reject(
            new Error(
              `no matching KombiPostAfsend attempt within ${timeoutMs} ms (seen: ${attempts.map((a) => a.outcome).join(', ')})`,
            ),
          );
        }, timeoutMs);
        if (!look()) attemptWaiters.add(look);
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
