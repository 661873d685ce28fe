import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import {
  connect as netConnect,
  createServer as createNetServer,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage, PostalAddress, SendOutcome } from '../../../src/backend/connectors/connector';
import { ConnectorStartError, openConnector } from '../../../src/backend/connectors/open-connector';
import {
  createSf1601Connector,
  IdentityError,
  type Sf1601Options,
  type Sf1601Urls,
} from '../../../src/backend/connectors/sf1601/sf1601.connector';
import { httpsCall, loadIdentity } from '../../../src/backend/connectors/sf1601/transport';
import { buildMemo } from '../../../src/backend/memo/build-memo';
import type { ProcessHost } from '../../../src/backend/documents/process-host';
import type { Settings } from '../../../src/shared/domain/settings';
import { MemoryLogger } from '../../support/fakes';
import { expectedForsendelse, startSf1601Mock, type Sf1601Mock } from '../../support/sf1601-mock';
import { RESOURCES_DIR, tempDir } from '../../support/temp-dir';
import { removeTestPki, testPki, type ClientIdentity, type TestPki } from '../../support/test-pki';

/**
 * The real SF1601 connector against the local mock of Serviceplatformen, over mutual TLS with the run's test PKI
 * (docs/sf1601.md, "Tests"): what is accepted, how each failure maps to the outbox's outcomes, and that every bad
 * certificate fails closed with nothing delivered.
 */

const CVR = '12345678';
const PDF = readFileSync(join(RESOURCES_DIR, 'demo', 'letters', '05-oliver-indkaldelse.pdf'));

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

/** A message to Oliver (CPR) or the café (CVR), on a channel, as the outbox hands it to the connector. */
function outgoing(
  channel: OutgoingMessage['channel'],
  to: 'oliver' | 'cafe' = 'oliver',
  messageUUID = randomUUID(),
): OutgoingMessage {
  const r = to === 'oliver' ? OLIVER : CAFE;
  const memoXml = buildMemo({
    memoVersion: '1.1',
    messageUUID,
    createdAt: new Date(),
    sender: { cvr: CVR, label: 'Demo Kommune' },
    recipient: {
      idType: to === 'oliver' ? 'CPR' : 'CVR',
      id: to === 'oliver' ? OLIVER.cpr : CAFE.cvr,
      label: r.address.name,
    },
    label: r.label,
    caseId: '27.24.06-G01-088-26',
    caseSystem: 'Demo-sagssystem',
    document: { fileName: '05-oliver-indkaldelse.pdf', bytes: PDF },
  });
  return { messageUUID, memoXml, channel, ...(channel === 'digital' ? {} : { postalAddress: r.address }) };
}

type Sf1601Connector = ReturnType<typeof createSf1601Connector>;

/** A port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A CONNECT proxy (what a municipality's HTTPS proxy does), recording every tunnel it was asked for. */
async function startConnectProxy(options: { refuse?: boolean } = {}) {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: HttpServer = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    tunnels.push(req.url ?? '');
    if (options.refuse) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect({ host: host!, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * `openssl s_server` as a service that refuses our certificate in the TLS handshake itself, as an OpenSSL-based
 * front end does (the mock, a Node server, answers a 403 instead): it trusts only the foreign CA and sends an alert
 * for anything else. Its own certificate is the test CA's, so the connector trusts it.
 */
async function startRefusingTlsServer(pki: TestPki): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      '127.0.0.1:0',
      '-www',
      '-cert',
      pki.server.certFile,
      '-key',
      pki.server.keyFile,
      '-CAfile',
      pki.foreignCaFile,
      '-Verify',
      '1',
      '-verify_return_error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /ACCEPT\s+\S*:(\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${seen}`)));
  });
  return { url: `https://127.0.0.1:${port}/kombi`, stop: () => void child.kill() };
}

// The PKI is made once for this file (testPki) and removed after it.
afterAll(() => removeTestPki());

describe('the SF1601 connector against the mock, over mutual TLS', () => {
  let pki: TestPki;
  let mock: Sf1601Mock;
  const opened: Sf1601Connector[] = [];
  const toClose: Array<() => Promise<void> | void> = [];

  const identity = (client: ClientIdentity = pki.clients.good, passphrase = client.password) => ({
    pfx: client.p12,
    passphrase,
    ca: [pki.caPem],
  });
  const connector = (over: Partial<Sf1601Options> = {}): Sf1601Connector => {
    const c = createSf1601Connector({
      identity: identity(),
      cvr: CVR,
      urls: mock.urls,
      proxy: null,
      forsendelseTypeIdentifikator: 4242,
      timeoutMs: 10_000,
      ...over,
    });
    opened.push(c);
    return c;
  };
  /** What the mock saw from here on. */
  const since = () => {
    const calls = mock.calls.length;
    const attempts = mock.attempts.length;
    const received = mock.received.length;
    const issued = { ...mock.issued };
    return {
      calls: () => mock.calls.slice(calls),
      attempts: () => mock.attempts.slice(attempts),
      received: () => mock.received.slice(received),
      issued: () => ({ saml: mock.issued.saml - issued.saml, access: mock.issued.access - issued.access }),
    };
  };
  const expectNotSent = (outcome: SendOutcome, kind: SendOutcome['kind'], message: RegExp) => {
    expect(outcome.kind).toBe(kind);
    expect(outcome).toMatchObject({ message: expect.stringMatching(message) });
  };

  beforeAll(async () => {
    pki = testPki();
    mock = await startSf1601Mock({ pki, cvr: CVR, enrolled: [OLIVER.cpr] });
  });
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.close();
    for (const close of toClose.splice(0)) await close();
  });
  afterAll(async () => {
    await mock.close();
  });

  describe('accepted sends', () => {
    it('sends Digital Post, Fysisk Post and Automatisk Valg, each recorded once with the right body', async () => {
      const seen = since();
      const c = connector();

      const digital = outgoing('digital');
      const d = await c.send(digital);
      expect(d).toMatchObject({ kind: 'accepted', receipt: { text: 'Afleveret til Digital Post' } });
      const [dGot] = mock.deliveries(digital.messageUUID);
      expect(mock.deliveries(digital.messageUUID)).toHaveLength(1);
      expect(dGot).toMatchObject({
        kombiValgKode: 'Digital Post',
        forsendelseISamling: null,
        transaktionsId: digital.messageUUID,
        cvr: CVR,
      });
      expect(d.kind === 'accepted' && d.receipt.reference).toBe(dGot!.transmissionId);
      expect(dGot!.transmissionId).toMatch(/^[0-9a-f-]{36}$/);

      const physical = outgoing('physical');
      const p = await c.send(physical);
      expect(p).toMatchObject({
        kind: 'accepted',
        receipt: {
          reference: null,
          text: 'Afleveret til Digital Post som fysisk brev (Forsendelsen sendes som fysisk brev)',
        },
      });
      const [pGot] = mock.deliveries(physical.messageUUID);
      expect(pGot).toMatchObject({ kombiValgKode: 'Fysisk Post', transmissionId: null });
      expect(pGot!.forsendelseISamling).toBe(expectedForsendelse(physical.memoXml));

      const auto = outgoing('auto', 'cafe');
      const a = await c.send(auto);
      const [aGot] = mock.deliveries(auto.messageUUID);
      expect(a).toMatchObject({
        kind: 'accepted',
        receipt: {
          reference: aGot!.transmissionId,
          text: 'Afleveret til Digital Post (digitalt eller som fysisk brev)',
        },
      });
      expect(aGot).toMatchObject({ kombiValgKode: 'Automatisk Valg' });
      expect(aGot!.forsendelseISamling).toBe(expectedForsendelse(auto.memoXml));
      expect(aGot!.forsendelseISamling).toContain('30862492');

      for (const outcome of [d, p, a]) {
        expect(outcome.kind === 'accepted' && outcome.receipt.text).not.toMatch(/modtaget/i);
        expect(outcome.kind === 'accepted' && Date.parse(outcome.receipt.receivedAt)).toBeGreaterThan(0);
      }
      expect(seen.attempts().map((x) => x.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
      // The same client certificate, the municipality's, on the STS, token and KombiPostAfsend calls.
      const calls = seen.calls();
      expect(new Set(calls.map((x) => x.service))).toEqual(new Set(['sts', 'token', 'kombi']));
      expect(new Set(calls.map((x) => x.clientFingerprint))).toEqual(
        new Set([pki.clients.good.fingerprint256]),
      );
      expect(calls.every((x) => x.certificateOk && x.status === 200)).toBe(true);
    });

    it('caches the tokens: a second send makes no STS or token call', async () => {
      const c = connector();
      const first = since();
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      expect(first.issued()).toEqual({ saml: 1, access: 1 });
      const second = since();
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      expect(second.issued()).toEqual({ saml: 0, access: 0 });
      expect(second.calls().map((x) => x.service)).toEqual(['kombi']);
    });

    it('renews the access token after it expires, and the SAML token after its NotOnOrAfter', async () => {
      let now = Date.now();
      const c = connector({ now: () => new Date(now) });
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      // Two hours on: the access token (3600 s) is spent, the SAML assertion (8 h) is not.
      now += 2 * 3600_000;
      const later = since();
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      expect(later.issued()).toEqual({ saml: 0, access: 1 });
      // Nine hours on: both are renewed.
      now += 7 * 3600_000;
      const muchLater = since();
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      expect(muchLater.issued()).toEqual({ saml: 1, access: 1 });
    });

    it('drops the token on a 401 (a server error, retried) and logs in again for the next send', async () => {
      const c = connector();
      expect((await c.send(outgoing('digital'))).kind).toBe('accepted');
      mock.revokeAccessTokens();
      const message = outgoing('digital');
      const seen = since();
      expectNotSent(await c.send(message), 'server_error', /401/);
      expect(mock.deliveries(message.messageUUID)).toEqual([]);
      // The outbox sends the same UUID again: new tokens, and it is delivered once.
      expect((await c.send(message)).kind).toBe('accepted');
      expect(seen.issued()).toEqual({ saml: 1, access: 1 });
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
    });

    it('answers health from a login, and lookup is unavailable: SF1601 cannot be asked by UUID', async () => {
      const c = connector();
      expect(await c.health()).toEqual({ ok: true, message: expect.stringContaining('Serviceplatformen') });
      expect(await c.lookup(randomUUID())).toEqual({
        kind: 'unavailable',
        message: expect.stringMatching(/kan ikke slå en forsendelse op/),
      });
    });
  });

  describe('what the service answers', () => {
    it('4xx: rejected with the service’s reason, nothing delivered', async () => {
      mock.fault('fail_4xx');
      const message = outgoing('digital');
      const outcome = await connector().send(message);
      expectNotSent(outcome, 'rejected', /\(400\): Modtager & adresse passer ikke sammen \(injiceret 4xx\)/);
      expect(mock.deliveries(message.messageUUID)).toEqual([]);
    });

    it('200 with Result false: rejected with the service’s reason', async () => {
      mock.fault('result_false');
      const message = outgoing('physical');
      const outcome = await connector().send(message);
      expectNotSent(
        outcome,
        'rejected',
        /Digital Post afviste forsendelsen: Modtageren kan ikke modtage Digital Post/,
      );
      expect(mock.deliveries(message.messageUUID)).toEqual([]);
    });

    it('5xx: server_error (retried later with the same UUID)', async () => {
      mock.fault('fail_5xx');
      const message = outgoing('digital');
      expectNotSent(await connector().send(message), 'server_error', /503/);
      expect(mock.deliveries(message.messageUUID)).toEqual([]);
    });

    it('STS answering 5xx is a server error; STS refusing the login is offline: nothing sent either way', async () => {
      mock.stsFault('fail_5xx');
      const seen = since();
      expectNotSent(await connector().send(outgoing('digital')), 'server_error', /STS.*503/);
      mock.stsFault('fail_4xx');
      expectNotSent(
        await connector().send(outgoing('digital')),
        'offline',
        /afviste login \(403\).*certifikat/,
      );
      expect(seen.calls().filter((x) => x.service === 'kombi')).toEqual([]);
    });

    it('a reset after the request was written: interrupted (the mock had recorded it)', async () => {
      mock.fault('reset');
      const message = outgoing('digital');
      const outcome = await connector().send(message);
      expectNotSent(outcome, 'interrupted', /afbrudt/);
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
      expect(mock.attempts.at(-1)).toMatchObject({
        uuid: message.messageUUID,
        outcome: 'accepted_then_reset',
      });
    });

    it('no answer after the request was written: interrupted at the timeout', async () => {
      mock.fault('hang');
      const message = outgoing('digital');
      const c = connector({ timeoutMs: 1500 });
      await c.health(); // tokens first, so the short timeout is the KombiPostAfsend call's
      const outcome = await c.send(message);
      expectNotSent(outcome, 'interrupted', /ETIMEDOUT/);
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
    });
  });

  describe('nothing reached the service: offline, never sent', () => {
    const withUrls = async (change: (urls: Sf1601Urls, port: number) => Partial<Sf1601Urls>) => {
      const port = await closedPort();
      return { ...mock.urls, ...change(mock.urls, port) };
    };

    it('connection refused at the STS and at KombiPostAfsend', async () => {
      for (const urls of [
        await withUrls((_u, port) => ({ sts: `https://127.0.0.1:${port}/sts` })),
        await withUrls((_u, port) => ({ kombiPostAfsend: `https://127.0.0.1:${port}/kombi` })),
      ]) {
        const message = outgoing('digital');
        const outcome = await connector({ urls }).send(message);
        expectNotSent(outcome, 'offline', /ingen forbindelse .*ECONNREFUSED.*Intet er sendt/);
        expect(mock.deliveries(message.messageUUID)).toEqual([]);
      }
    });

    it('a name that does not resolve (DNS), at the STS and at KombiPostAfsend', async () => {
      for (const urls of [
        { ...mock.urls, sts: 'https://sf1601-sts.invalid/sts' },
        { ...mock.urls, kombiPostAfsend: 'https://sf1601-kombi.invalid/kombi' },
      ]) {
        const outcome = await connector({ urls }).send(outgoing('digital'));
        expectNotSent(outcome, 'offline', /ingen forbindelse .*(ENOTFOUND|EAI_AGAIN)/);
      }
    });
  });

  describe('certificates: every bad one fails closed', () => {
    it('a wrong PKCS#12 password, or a file that is not PKCS#12: IdentityError at creation, in Danish', () => {
      const seen = since();
      expect(() => connector({ identity: identity(pki.clients.good, 'forkert') })).toThrow(IdentityError);
      expect(() => connector({ identity: identity(pki.clients.good, 'forkert') })).toThrow(
        /adgangskode er forkert.*Intet er sendt/,
      );
      expect(() =>
        connector({ identity: { pfx: readFileSync(pki.notP12File), passphrase: 'x', ca: [pki.caPem] } }),
      ).toThrow(/kan ikke læses som et PKCS#12-certifikat/);
      expect(() => connector({ identity: { pfx: Buffer.from('garbage'), passphrase: 'x' } })).toThrow(
        IdentityError,
      );
      expect(seen.calls()).toEqual([]);
    });

    it('an expired or not yet valid certificate: refused at creation, before any call', () => {
      const seen = since();
      expect(() => connector({ identity: identity(pki.clients.expired) })).toThrow(
        /Kommunens certifikat udløb 2021-01-01\. Intet er sendt/,
      );
      expect(() => connector({ identity: identity(pki.clients.notYetValid) })).toThrow(
        /gælder først fra 2099-01-01/,
      );
      expect(seen.calls()).toEqual([]);
    });

    it('a certificate that expires while the app runs: offline with the expiry, no call made', async () => {
      const validTo = pki.clients.good.validTo.getTime();
      let now = validTo - 60_000;
      const c = connector({ now: () => new Date(now) });
      now = validTo + 1000;
      const seen = since();
      const message = outgoing('digital');
      expectNotSent(
        await c.send(message),
        'offline',
        /certifikat udløb .*Intet er sendt; forsendelsen venter/,
      );
      expect(await c.health()).toMatchObject({ ok: false, message: expect.stringMatching(/udløb/) });
      expect(await c.digitalPostStatus('CPR', OLIVER.cpr)).toBeNull();
      expect(seen.calls()).toEqual([]);
    });

    it.each([
      ['from the foreign CA', 'foreign', 'UNKNOWN_CA'],
      [
        'expired (the connector’s clock set back, so only the service can refuse it)',
        'expired',
        'CERT_HAS_EXPIRED',
      ],
      ['revoked (on the test CA’s CRL)', 'revoked', 'CERT_REVOKED'],
    ] as const)(
      'a client certificate %s: the mock refuses it, offline, nothing delivered',
      async (_what, which, code) => {
        const client = pki.clients[which];
        const seen = since();
        const message = outgoing('digital');
        const c = connector({
          identity: identity(client),
          ...(which === 'expired' ? { now: () => new Date(client.validFrom.getTime() + 86_400_000) } : {}),
        });
        const outcome = await c.send(message);
        expectNotSent(outcome, 'offline', /afviste login \(403\)\. Kontrollér kommunens CVR, certifikat/);
        expect(mock.deliveries(message.messageUUID)).toEqual([]);
        expect(seen.received()).toEqual([]);
        const calls = seen.calls();
        // Refused at the first call, for the right reason; the message never went out.
        expect(calls).toEqual([
          expect.objectContaining({
            service: 'sts',
            clientFingerprint: client.fingerprint256,
            certificateOk: false,
            certificateProblem: code,
            status: 403,
          }),
        ]);
      },
    );

    it('a server whose certificate is from the foreign CA: offline, a certificate failure, nothing sent', async () => {
      const foreign = await startSf1601Mock({ pki, cvr: CVR, serverCertificate: 'foreign' });
      toClose.push(() => foreign.close());
      // Everything at the foreign server, or only KombiPostAfsend (the tokens from the right one).
      for (const urls of [foreign.urls, { ...mock.urls, kombiPostAfsend: foreign.urls.kombiPostAfsend }]) {
        const message = outgoing('digital');
        const outcome = await connector({ urls }).send(message);
        expectNotSent(
          outcome,
          'offline',
          /Certifikatet blev afvist .*serverens certifikat kunne ikke bekræftes/,
        );
        expect(mock.deliveries(message.messageUUID)).toEqual([]);
      }
      // The handshake failed at the connector: the foreign server never got a request.
      expect(foreign.calls).toEqual([]);
      expect(foreign.received).toEqual([]);
      // At the transport: the TLS stage, marked as a certificate failure.
      const result = await httpsCall(
        { url: foreign.urls.sts, method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 },
        loadIdentity(identity(), new Date()),
      );
      expect(result).toMatchObject({ kind: 'failed', stage: 'tls', certificate: true });
    });

    it('a service that refuses our certificate in the TLS handshake (an alert after TLS 1.3’s secureConnect): offline, not interrupted', async () => {
      const refusing = await startRefusingTlsServer(pki);
      toClose.push(refusing.stop);
      const result = await httpsCall(
        { url: refusing.url, method: 'POST', headers: {}, body: '<kombi_request/>', timeoutMs: 5000 },
        loadIdentity(identity(), new Date()),
      );
      expect(result).toMatchObject({ kind: 'failed', stage: 'tls', certificate: true });
      expect(result.kind === 'failed' && result.code).toMatch(/^ERR_SSL_.*ALERT/);
      // Tokens from the mock, then KombiPostAfsend refuses the certificate (as after a revocation, tokens cached).
      const outcome = await connector({ urls: { ...mock.urls, kombiPostAfsend: refusing.url } }).send(
        outgoing('digital'),
      );
      expectNotSent(outcome, 'offline', /Certifikatet blev afvist ved forbindelsen til KombiPostAfsend/);
    });
  });

  describe('PostForespoerg', () => {
    it('answers true, false, and null when it could not be asked', async () => {
      const c = connector();
      const seen = since();
      expect(await c.digitalPostStatus('CPR', OLIVER.cpr)).toBe(true);
      expect(await c.digitalPostStatus('CVR', CAFE.cvr)).toBe(false);
      mock.setDigitalPost(CAFE.cvr, true);
      expect(await c.digitalPostStatus('CVR', CAFE.cvr)).toBe(true);
      mock.setDigitalPost(CAFE.cvr, false);
      mock.postForespoergFault();
      expect(await c.digitalPostStatus('CPR', OLIVER.cpr)).toBeNull();
      // Its own token (entity postforespoerg), then one call per question, all with the municipality's certificate.
      expect(seen.calls().map((x) => [x.service, x.status])).toEqual([
        ['sts', 200],
        ['token', 200],
        ['postforespoerg', 200],
        ['postforespoerg', 200],
        ['postforespoerg', 200],
        ['postforespoerg', 503],
      ]);
      const down = connector({
        urls: { ...mock.urls, postForespoerg: `https://127.0.0.1:${await closedPort()}/pf` },
      });
      expect(await down.digitalPostStatus('CPR', OLIVER.cpr)).toBeNull();
    });
  });

  describe('an HTTPS proxy', () => {
    it('reaches the mock through the proxy (CONNECT for every call) when `proxy` is set', async () => {
      const proxy = await startConnectProxy();
      toClose.push(proxy.close);
      const message = outgoing('digital');
      const seen = since();
      expect((await connector({ proxy: proxy.url }).send(message)).kind).toBe('accepted');
      const target = `127.0.0.1:${mock.port}`;
      expect(proxy.tunnels).toEqual([target, target, target]);
      expect(seen.calls().map((x) => x.service)).toEqual(['sts', 'token', 'kombi']);
      expect(new Set(seen.calls().map((x) => x.clientFingerprint))).toEqual(
        new Set([pki.clients.good.fingerprint256]),
      );
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
    });

    it('a proxy that refuses the tunnel: offline, nothing sent', async () => {
      const proxy = await startConnectProxy({ refuse: true });
      toClose.push(proxy.close);
      const seen = since();
      expectNotSent(await connector({ proxy: proxy.url }).send(outgoing('digital')), 'offline', /PROXY_403/);
      expect(proxy.tunnels).toHaveLength(1);
      expect(seen.calls()).toEqual([]);
    });
  });

  describe('openConnector with sf1601 settings', () => {
    let dir: ReturnType<typeof tempDir>;
    const noProcesses: ProcessHost = {
      start() {
        throw new Error('sf1601 starts no process');
      },
    };
    const validate = async () => ({ valid: true, errors: [] });
    const setting = (over: Partial<Extract<Settings['connector'], { kind: 'sf1601' }>['options']> = {}) =>
      ({
        kind: 'sf1601',
        options: {
          endpoint: 'test',
          certificatePath: pki.clients.good.p12File,
          caFile: pki.caFile,
          forsendelseTypeIdentifikator: 4242,
          urls: mock.urls,
          ...over,
        },
      }) satisfies Settings['connector'];
    const open = (
      over: Partial<Extract<Settings['connector'], { kind: 'sf1601' }>['options']> = {},
      context: { password?: string | null; senderCvr?: string | null; env?: Record<string, string> } = {},
    ) =>
      openConnector(setting(over), {
        dataDir: dir.path,
        processHost: noProcesses,
        logger: new MemoryLogger(),
        validate,
        senderCvr: context.senderCvr === undefined ? CVR : context.senderCvr,
        certificatePassword: () =>
          context.password === undefined ? pki.clients.good.password : context.password,
        env: context.env ?? {},
      });

    beforeAll(() => {
      dir = tempDir();
    });
    afterAll(() => dir.cleanup());

    it('opens with the certificate file, its password from the store and the CA file, and sends', async () => {
      const { connector: c, close } = await open();
      toClose.push(close);
      expect(c.kind).toBe('sf1601');
      const message = outgoing('physical');
      expect(await c.send(message)).toMatchObject({ kind: 'accepted', receipt: { reference: null } });
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
    });

    it('refuses to open, in Danish: no password saved, no file, wrong password, no sender CVR', async () => {
      await expect(open({}, { password: null })).rejects.toThrow(
        new ConnectorStartError(
          'Certifikatets adgangskode er ikke gemt. IT gemmer den med "sendeassistent settings set-certificate-password".',
        ),
      );
      await expect(open({ certificatePath: join(dir.path, 'mangler.p12') })).rejects.toThrow(
        /^Certifikatfilen kan ikke læses \(ENOENT\)/,
      );
      await expect(open({ caFile: join(dir.path, 'mangler.pem') })).rejects.toThrow(
        /^CA-filen kan ikke læses/,
      );
      await expect(open({}, { password: 'forkert' })).rejects.toBeInstanceOf(ConnectorStartError);
      await expect(open({}, { password: 'forkert' })).rejects.toThrow(/adgangskode er forkert/);
      await expect(open({ certificatePath: pki.clients.expired.p12File })).rejects.toThrow(
        /udløb 2021-01-01/,
      );
      await expect(open({}, { senderCvr: null })).rejects.toThrow(/CVR-nummer skal være sat/);
    });

    it('without the CA file the test CA is not trusted: offline with a certificate message, nothing sent', async () => {
      // The PKCS#12 without its CA: Node would trust a CA inside the PKCS#12 for the server too.
      const certificatePath = pki.clients.good.p12WithoutChainFile;
      const seen = since();
      const without = await open({ certificatePath, caFile: undefined });
      toClose.push(without.close);
      const message = outgoing('digital');
      expectNotSent(await without.connector.send(message), 'offline', /Certifikatet blev afvist/);
      expect(seen.calls()).toEqual([]);
      const withCa = await open({ certificatePath });
      toClose.push(withCa.close);
      expect((await withCa.connector.send(message)).kind).toBe('accepted');
      expect(mock.deliveries(message.messageUUID)).toHaveLength(1);
    });

    it('uses HTTPS_PROXY when the settings name no proxy, and the settings’ proxy before it', async () => {
      const fromEnv = await startConnectProxy();
      const fromSettings = await startConnectProxy();
      toClose.push(fromEnv.close, fromSettings.close);
      const a = await open({}, { env: { HTTPS_PROXY: fromEnv.url } });
      toClose.push(a.close);
      expect((await a.connector.send(outgoing('digital'))).kind).toBe('accepted');
      expect(fromEnv.tunnels.length).toBeGreaterThan(0);
      const before = fromEnv.tunnels.length;
      const b = await open({ proxy: fromSettings.url }, { env: { HTTPS_PROXY: fromEnv.url } });
      toClose.push(b.close);
      expect((await b.connector.send(outgoing('digital'))).kind).toBe('accepted');
      expect(fromSettings.tunnels.length).toBeGreaterThan(0);
      expect(fromEnv.tunnels.length).toBe(before);
    });
  });
});
