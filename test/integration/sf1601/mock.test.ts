import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/backend/connectors/connector';
import { buildKombiRequest } from '../../../src/backend/connectors/sf1601/kombi';
import {
  createSf1601Connector,
  type Sf1601Urls,
} from '../../../src/backend/connectors/sf1601/sf1601.connector';
import { buildMemo } from '../../../src/backend/memo/build-memo';
import {
  ENTITY,
  MOCK_ATTEMPT_LOG,
  SF1601_MOCK_MAIN,
  startSf1601Mock,
  type KombiAttempt,
  type Sf1601Mock,
} from '../../support/sf1601-mock';
import { tempDir } from '../../support/temp-dir';
import { removeTestPki, testPki, type ClientIdentity, type TestPki } from '../../support/test-pki';

/**
 * The mock's own checks, driven with plain HTTPS requests: each rule the connector tests rely on refuses what breaks
 * it (so a connector that broke it would fail there), and the mock runs as its own process for the crash suite.
 */

const CVR = '12345678';
const OLIVER_CPR = '3001104209';
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1');
const OLIVER_ADDRESS = {
  name: 'Oliver Fantasisen',
  street: 'Fantasivænget 7, 1. th.',
  postalCode: '8270',
  city: 'Højbjerg',
};

interface Answer {
  status: number;
  body: string;
}

function memoFor(uuid: string, over: { senderCvr?: string; label?: string } = {}): string {
  return buildMemo({
    memoVersion: '1.1',
    messageUUID: uuid,
    createdAt: new Date(),
    sender: { cvr: over.senderCvr ?? CVR, label: 'Demo Kommune' },
    recipient: { idType: 'CPR', id: OLIVER_CPR, label: OLIVER_ADDRESS.name },
    label: over.label ?? 'Indkaldelse til samtale/møde',
    caseSystem: 'Demo-sagssystem',
    document: { fileName: 'brev.pdf', bytes: PDF },
  });
}

function kombiBody(
  channel: OutgoingMessage['channel'],
  uuid = randomUUID(),
  memoXml = memoFor(uuid),
): string {
  return buildKombiRequest({
    message: { messageUUID: uuid, memoXml, channel, postalAddress: OLIVER_ADDRESS },
    forsendelseTypeIdentifikator: 4242,
  });
}

// The PKI is made once for this file (testPki) and removed after it.
afterAll(() => removeTestPki());

describe('the SF1601 mock', () => {
  let pki: TestPki;
  let mock: Sf1601Mock;

  /** One HTTPS request with a client certificate (or none), trusting the test CA. */
  const raw = (
    client: ClientIdentity | null,
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = httpsRequest(
        {
          hostname: u.hostname,
          port: u.port,
          path: `${u.pathname}${u.search}`,
          method: init.method ?? 'POST',
          headers: init.headers,
          ca: [pki.caPem],
          ...(client ? { pfx: client.p12, passphrase: client.password } : {}),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });

  const stsBody = (client: ClientIdentity, entity: string = ENTITY.kombiPostAfsend) => ({
    TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
    RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
    KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
    AnvenderKontekst: { Cvr: CVR },
    UseKey: client.derBase64,
    AppliesTo: { EndpointReference: { Address: entity } },
    OnBehalfOf: null as unknown,
  });
  const sts = (client: ClientIdentity | null, body: unknown, type = 'application/json') =>
    raw(client, mock.urls.sts, { headers: { 'content-type': type }, body: JSON.stringify(body) });
  const assertionFor = async (client: ClientIdentity, entity: string = ENTITY.kombiPostAfsend) => {
    const answer = await sts(client, stsBody(client, entity));
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.body) as { RequestedSecurityToken: { Assertion: string } })
      .RequestedSecurityToken.Assertion;
  };
  const tokenCall = (client: ClientIdentity, assertion: string) =>
    raw(client, mock.urls.accessToken, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'saml-token': assertion }).toString(),
    });
  const login = async (client: ClientIdentity, entity: string = ENTITY.kombiPostAfsend) => {
    const answer = await tokenCall(client, await assertionFor(client, entity));
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.body) as { access_token: string }).access_token;
  };
  const kombiHeaders = (token: string, over: Record<string, string> = {}) => ({
    authorization: `Holder-of-key ${token}`,
    'x-transaktionsid': randomUUID(),
    'x-transaktionstid': '2026-11-28T09:00:00Z',
    'content-type': 'application/xml; charset=utf-8',
    ...over,
  });
  const kombi = (client: ClientIdentity, headers: Record<string, string>, body: string) =>
    raw(client, mock.urls.kombiPostAfsend, { headers, body });

  beforeAll(async () => {
    pki = testPki();
    mock = await startSf1601Mock({ pki, cvr: CVR, enrolled: [OLIVER_CPR] });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('accepts a correct request from a plain HTTPS client (so the refusals below mean something)', async () => {
    const token = await login(pki.clients.good);
    const uuid = randomUUID();
    const answer = await kombi(pki.clients.good, kombiHeaders(token), kombiBody('physical', uuid));
    expect(answer).toEqual({ status: 200, body: expect.stringContaining('<Result>true</Result>') });
    expect(mock.deliveries(uuid)).toHaveLength(1);
    expect(mock.attempts.at(-1)).toMatchObject({ uuid, outcome: 'accepted', delivered: true, status: 200 });
  });

  it('issues a SAML assertion for the certificate and service, with Conditions/@NotOnOrAfter eight hours on', async () => {
    const before = Date.now();
    const xml = Buffer.from(await assertionFor(pki.clients.good, ENTITY.postForespoerg), 'base64').toString();
    const notOnOrAfter = Date.parse(/<saml:Conditions [^>]*NotOnOrAfter="([^"]+)"/.exec(xml)![1]!);
    expect(notOnOrAfter - before).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(notOnOrAfter - before).toBeLessThanOrEqual(8 * 3600_000 + 60_000);
    expect(xml).toContain(`<saml:Audience>${ENTITY.postForespoerg}</saml:Audience>`);
    expect(xml).toContain(pki.clients.good.derBase64);
  });

  it.each([
    ['no client certificate', null, 'NO_CERTIFICATE'],
    ['one from the foreign CA', 'foreign', 'UNKNOWN_CA'],
    ['an expired one', 'expired', 'CERT_HAS_EXPIRED'],
    ['one not valid yet', 'notYetValid', 'CERT_NOT_YET_VALID'],
    ['a revoked one', 'revoked', 'CERT_REVOKED'],
  ] as const)('refuses %s with a 403 that says why, on every service', async (_what, which, code) => {
    const client = which === null ? null : pki.clients[which];
    const body = stsBody(client ?? pki.clients.good);
    for (const url of [
      mock.urls.sts,
      mock.urls.accessToken,
      mock.urls.kombiPostAfsend,
      mock.urls.postForespoerg,
    ]) {
      const answer = await raw(client, url, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status, url).toBe(403);
      expect(answer.body, url).toContain(code);
    }
  });

  it.each([
    ['a wrong TokenType', (b: ReturnType<typeof stsBody>) => ({ ...b, TokenType: 'urn:saml1' }), 400],
    ['a wrong RequestType', (b: ReturnType<typeof stsBody>) => ({ ...b, RequestType: 'Renew' }), 400],
    ['a wrong KeyType', (b: ReturnType<typeof stsBody>) => ({ ...b, KeyType: 'Bearer' }), 400],
    ['no CVR', (b: ReturnType<typeof stsBody>) => ({ ...b, AnvenderKontekst: {} }), 400],
    [
      'another CVR',
      (b: ReturnType<typeof stsBody>) => ({ ...b, AnvenderKontekst: { Cvr: '87654321' } }),
      403,
    ],
    [
      'an unknown service',
      (b: ReturnType<typeof stsBody>) => ({
        ...b,
        AppliesTo: { EndpointReference: { Address: 'http://x/1' } },
      }),
      400,
    ],
    ['UseKey of another certificate', (b: ReturnType<typeof stsBody>) => ({ ...b, UseKey: 'AAAA' }), 400],
    ['OnBehalfOf set', (b: ReturnType<typeof stsBody>) => ({ ...b, OnBehalfOf: { Cvr: CVR } }), 400],
  ])('the STS refuses %s', async (_what, change, status) => {
    const answer = await sts(pki.clients.good, change(stsBody(pki.clients.good)));
    expect(answer.status).toBe(status);
  });

  it('the STS refuses UseKey of another certificate of the same CA, and a body that is not JSON', async () => {
    const other = { ...stsBody(pki.clients.good), UseKey: pki.clients.second.derBase64 };
    expect((await sts(pki.clients.good, other)).status).toBe(400);
    expect((await sts(pki.clients.good, stsBody(pki.clients.good), 'text/plain')).status).toBe(415);
    expect(
      (
        await raw(pki.clients.good, mock.urls.sts, {
          headers: { 'content-type': 'application/json' },
          body: '{',
        })
      ).status,
    ).toBe(400);
  });

  it('the token service takes only its own assertions, from the certificate they were issued to', async () => {
    expect(
      (await tokenCall(pki.clients.good, Buffer.from('<saml:Assertion/>').toString('base64'))).status,
    ).toBe(401);
    const assertion = await assertionFor(pki.clients.good);
    expect((await tokenCall(pki.clients.second, assertion)).status).toBe(403);
    const ok = await tokenCall(pki.clients.good, assertion);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
      access_token: expect.any(String),
      token_type: 'Holder-of-key',
      expires_in: 3600,
    });
  });

  describe('KombiPostAfsend refuses, records nothing and delivers nothing', () => {
    let token: string;
    let postForespoergToken: string;
    beforeAll(async () => {
      token = await login(pki.clients.good);
      postForespoergToken = await login(pki.clients.good, ENTITY.postForespoerg);
    });

    const cases: Array<
      [
        string,
        () => { client?: 'good' | 'second'; headers: Record<string, string>; body: string },
        number,
        KombiAttempt['outcome'],
        RegExp,
      ]
    > = [
      [
        'no Authorization',
        () => ({ headers: { ...kombiHeaders('x'), authorization: '' }, body: kombiBody('digital') }),
        401,
        'unauthorized',
        /Holder-of-key <token>/,
      ],
      [
        'a Bearer token',
        () => ({
          headers: kombiHeaders(token, { authorization: `Bearer ${token}` }),
          body: kombiBody('digital'),
        }),
        401,
        'unauthorized',
        /Holder-of-key <token>/,
      ],
      [
        'an unknown token',
        () => ({ headers: kombiHeaders(randomUUID()), body: kombiBody('digital') }),
        401,
        'unauthorized',
        /ukendt eller udløbet/,
      ],
      [
        'a token issued to another certificate (holder-of-key)',
        () => ({ client: 'second', headers: kombiHeaders(token), body: kombiBody('digital') }),
        403,
        'unauthorized',
        /andet certifikat/,
      ],
      [
        'a token for PostForespoerg',
        () => ({ headers: kombiHeaders(postForespoergToken), body: kombiBody('digital') }),
        403,
        'unauthorized',
        /gælder .*postforespoerg/,
      ],
      [
        'x-TransaktionsId not a UUID',
        () => ({ headers: kombiHeaders(token, { 'x-transaktionsid': 'T-1' }), body: kombiBody('digital') }),
        400,
        'invalid',
        /x-TransaktionsId/,
      ],
      [
        'x-TransaktionsTid with milliseconds',
        () => ({
          headers: kombiHeaders(token, { 'x-transaktionstid': '2026-11-28T09:00:00.000Z' }),
          body: kombiBody('digital'),
        }),
        400,
        'invalid',
        /x-TransaktionsTid/,
      ],
      [
        'x-TransaktionsTid with an offset',
        () => ({
          headers: kombiHeaders(token, { 'x-transaktionstid': '2026-11-28T10:00:00+01:00' }),
          body: kombiBody('digital'),
        }),
        400,
        'invalid',
        /x-TransaktionsTid/,
      ],
      [
        'a JSON content type',
        () => ({
          headers: kombiHeaders(token, { 'content-type': 'application/json' }),
          body: kombiBody('digital'),
        }),
        415,
        'invalid',
        /application\/xml/,
      ],
      [
        'a body that is not well-formed',
        () => ({ headers: kombiHeaders(token), body: kombiBody('digital').replace('</kombi_request>', '') }),
        400,
        'invalid',
        /velformet/,
      ],
      [
        'an unknown KombiValgKode',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('digital').replace('>Digital Post<', '>NemSMS<'),
        }),
        400,
        'invalid',
        /Ukendt KombiValgKode "NemSMS"/,
      ],
      [
        'something else in kombi_request',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('digital').replace('<kombi_request>', '<kombi_request><Ekstra/>'),
        }),
        400,
        'invalid',
        /forventede opbygning/,
      ],
      [
        'the MeMo before KombiValgKode',
        () => {
          const body = kombiBody('digital');
          return {
            headers: kombiHeaders(token),
            body: body
              .replace('<KombiValgKode>Digital Post</KombiValgKode>', '')
              .replace('</kombi_request>', '<KombiValgKode>Digital Post</KombiValgKode></kombi_request>'),
          };
        },
        400,
        'invalid',
        /forventede opbygning/,
      ],
      [
        'a MeMo that fails the XSD (no label)',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('digital').replace(/<memo:label>[^<]*<\/memo:label>/, ''),
        }),
        400,
        'invalid',
        /memo\.invalid/,
      ],
      [
        'a MeMo from another sender than the token’s CVR',
        () => {
          const uuid = randomUUID();
          return {
            headers: kombiHeaders(token),
            body: kombiBody('digital', uuid, memoFor(uuid, { senderCvr: '87654321' })),
          };
        },
        403,
        'unauthorized',
        /Afsenderen i MeMo/,
      ],
      [
        'Digital Post with a ForsendelseISamling',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('physical').replace('>Fysisk Post<', '>Digital Post<'),
        }),
        400,
        'invalid',
        /Digital Post skal ikke/,
      ],
      [
        'Fysisk Post without a ForsendelseISamling',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('digital').replace('>Digital Post<', '>Fysisk Post<'),
        }),
        400,
        'invalid',
        /kræver en ForsendelseISamling/,
      ],
      [
        'a ForsendelseI that differs from the golden file (valid against the XSD)',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('auto').replace('>Prioritaire<', '>Economique<'),
        }),
        400,
        'invalid',
        /golden-filen/,
      ],
      [
        'a ForsendelseI with another AfsendelseIdentifikator than the messageUUID',
        () => {
          const uuid = randomUUID();
          return {
            headers: kombiHeaders(token),
            body: kombiBody('physical', uuid).replace(
              `<fjernprint:AfsendelseIdentifikator>${uuid}`,
              `<fjernprint:AfsendelseIdentifikator>${randomUUID()}`,
            ),
          };
        },
        400,
        'invalid',
        /golden-filen/,
      ],
      [
        'a ForsendelseI invalid against the Fjernprint XSDs',
        () => ({
          headers: kombiHeaders(token),
          body: kombiBody('physical')
            .replace('>0000000000<', '>3001104209<')
            .replace('>PDF<', '>PDF-IKKE-GYLDIG<'),
        }),
        400,
        'invalid',
        /ForsendelseI er ikke gyldig/,
      ],
      [
        'a recipient the mock has no golden file for',
        () => {
          const uuid = randomUUID();
          const memo = buildMemo({
            memoVersion: '1.1',
            messageUUID: uuid,
            createdAt: new Date(),
            sender: { cvr: CVR, label: 'Demo Kommune' },
            recipient: { idType: 'CPR', id: '1203831384', label: 'Camilla' },
            label: 'Indkaldelse til samtale/møde',
            caseSystem: 'Demo-sagssystem',
            document: { fileName: 'brev.pdf', bytes: PDF },
          });
          return { headers: kombiHeaders(token), body: kombiBody('physical', uuid, memo) };
        },
        400,
        'invalid',
        /ingen golden fil/,
      ],
    ];

    it.each(cases)('%s', async (_what, make, status, outcome, reason) => {
      const { client = 'good', headers, body } = make();
      const received = mock.received.length;
      const answer = await kombi(pki.clients[client], headers, body);
      expect(answer.status, answer.body).toBe(status);
      expect(answer.body).toContain('<Result>false</Result>');
      expect(mock.attempts.at(-1)).toMatchObject({
        outcome,
        delivered: false,
        status,
        reason: expect.stringMatching(reason),
      });
      expect(mock.received.length).toBe(received);
    });
  });

  it('PostForespoerg: its own token, one of cprNumber/cvrNumber, and the configured answer', async () => {
    const token = await login(pki.clients.good, ENTITY.postForespoerg);
    const kombiToken = await login(pki.clients.good);
    const ask = (query: string, t = token) =>
      raw(pki.clients.good, `${mock.urls.postForespoerg}?${query}`, {
        method: 'GET',
        headers: kombiHeaders(t),
      });
    expect(await ask(`cprNumber=${OLIVER_CPR}`)).toEqual({ status: 200, body: '{"result":true}' });
    expect(await ask('cvrNumber=30862492')).toEqual({ status: 200, body: '{"result":false}' });
    expect((await ask(`cprNumber=${OLIVER_CPR}`, kombiToken)).status).toBe(403);
    expect((await ask('')).status).toBe(400);
    expect((await ask(`cprNumber=${OLIVER_CPR}&cvrNumber=30862492`)).status).toBe(400);
  });
});

describe('the SF1601 mock as its own process', () => {
  it('starts with its own PKI, reports where, takes faults over IPC, logs attempts and stops cleanly', async () => {
    const dir = tempDir();
    const messages: Array<Record<string, unknown>> = [];
    const waiters = new Set<() => void>();
    const child: ChildProcess = fork(
      SF1601_MOCK_MAIN,
      ['--pki-dir', join(dir.path, 'pki'), '--cvr', CVR, '--data-dir', dir.path, '--report-attempts'],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.resume();
    child.on('message', (m) => {
      messages.push(m as Record<string, unknown>);
      for (const w of [...waiters]) w();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const next = (match: (m: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const look = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(look);
          resolve(found);
          return true;
        };
        void exited.then((code) => reject(new Error(`the mock exited (${code}): ${stdout}`)));
        if (!look()) waiters.add(look);
      });
    try {
      const listening = (await next((m) => m.event === 'listening')) as {
        urls: Sf1601Urls;
        pki: { caFile: string; clientP12File: string; clientPassword: string };
      };
      expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ event: 'listening', urls: listening.urls });
      child.send({ type: 'fault', mode: 'reset', times: 1 });
      await next((m) => m.event === 'fault');

      const connector = createSf1601Connector({
        identity: {
          pfx: readFileSync(listening.pki.clientP12File),
          passphrase: listening.pki.clientPassword,
          ca: [readFileSync(listening.pki.caFile)],
        },
        cvr: CVR,
        urls: listening.urls,
        proxy: null,
        timeoutMs: 10_000,
      });
      const uuid = randomUUID();
      const outcome = await connector.send({ messageUUID: uuid, memoXml: memoFor(uuid), channel: 'digital' });
      expect(outcome.kind).toBe('interrupted');
      expect(await next((m) => m.event === 'attempt' && m.uuid === uuid)).toMatchObject({
        outcome: 'accepted_then_reset',
        delivered: true,
      });
      const log = readFileSync(join(dir.path, MOCK_ATTEMPT_LOG), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as KombiAttempt);
      expect(log).toEqual([
        expect.objectContaining({ uuid, outcome: 'accepted_then_reset', delivered: true }),
      ]);
      await connector.close();

      child.send({ type: 'stop' });
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill();
      dir.cleanup();
    }
  });
});
