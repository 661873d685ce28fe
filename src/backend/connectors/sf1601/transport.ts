import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import {
  connect as tlsConnect,
  createSecureContext,
  rootCertificates,
  TLSSocket,
  type SecureContext,
} from 'node:tls';

/**
 * HTTPS with the municipality's certificate on every call (mutual TLS), for SF1601 (docs/sf1601.md). Certificate
 * checking is never switched off: the server must chain to the system's CAs (or the extra CAs IT configured), and
 * its name must match. Every failure says how far the call got, because that decides what the outbox may do:
 *
 * - `identity`: the certificate file could not be used (wrong password, not PKCS#12, expired): nothing was sent;
 * - `connect`: no connection (refused, DNS, the proxy said no): nothing was sent;
 * - `tls`: the TLS handshake failed (a certificate the server refused, one we refused, or the line broke): nothing
 *   was sent, since the request is written only after the handshake;
 * - `sent`: the handshake was done, so the request may have been written: a reset or a timeout now means the
 *   service may have it.
 */

export interface TlsIdentity {
  /** The PKCS#12 (.p12/.pfx) file's bytes. */
  pfx: Buffer;
  passphrase: string;
  /** Extra CAs (PEM) to trust besides Node's own roots (IT's `caFile`; the tests' CA). */
  ca?: Buffer[];
}

export type CallStage = 'identity' | 'connect' | 'tls' | 'sent';

export type HttpsResult =
  | { kind: 'response'; status: number; body: string; contentType: string }
  | {
      kind: 'failed';
      stage: CallStage;
      /** A Node/OpenSSL error code, for logs: never a message with data in it. */
      code: string;
      /** The failure is about a certificate (ours or the server's), not the network. */
      certificate: boolean;
      timedOut: boolean;
    };

export interface HttpsCall {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** `http://host:port` of an HTTPS proxy (CONNECT), or none. */
  proxy?: string | null;
}

/** OpenSSL/Node codes that mean a certificate problem, on either side. */
const CERTIFICATE_CODE =
  /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_CERT_ALTNAME|HOSTNAME_MISMATCH|ERR_SSL_.*(CERTIFICATE|UNKNOWN_CA|BAD_CERT|HANDSHAKE_FAILURE|ACCESS_DENIED|DECRYPT)|ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|INVALID_CA|CERT_REVOKED|ERR_OSSL_PKCS12|ERR_CRYPTO)/;

export function isCertificateCode(code: string): boolean {
  return CERTIFICATE_CODE.test(code);
}

/** What the certificate file holds: the certificate (DER) and its validity. Throws with a Danish message. */
export interface LoadedIdentity {
  context: SecureContext;
  /** The client certificate, DER, base64 on one line: the STS call's `UseKey`. */
  certificateBase64: string;
  subject: string;
  validFrom: Date;
  validTo: Date;
}

export class IdentityError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

export function loadIdentity(identity: TlsIdentity, now: Date): LoadedIdentity {
  let context: SecureContext;
  try {
    context = createSecureContext({
      pfx: identity.pfx,
      passphrase: identity.passphrase,
      // `ca` replaces Node's trusted roots, so IT's extra CAs are added to them, not put in their place.
      ...(identity.ca && identity.ca.length > 0 ? { ca: [...rootCertificates, ...identity.ca] } : {}),
      minVersion: 'TLSv1.2',
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'ERR_PKCS12';
    const text = error instanceof Error ? error.message : '';
    if (/mac verify|password|decrypt/i.test(text)) {
      throw new IdentityError(
        'Certifikatets adgangskode er forkert, så certifikatet kan ikke bruges. Intet er sendt. Kontakt IT.',
        code,
      );
    }
    throw new IdentityError(
      'Certifikatfilen kan ikke læses som et PKCS#12-certifikat (.p12/.pfx). Intet er sendt. Kontakt IT.',
      code,
    );
  }
  const socket = new TLSSocket(null as unknown as Socket, { secureContext: context });
  const certificate = socket.getCertificate();
  socket.destroy();
  if (!certificate || !('raw' in certificate) || !certificate.raw) {
    throw new IdentityError(
      'Certifikatfilen indeholder intet certifikat. Intet er sendt. Kontakt IT.',
      'NO_CERT',
    );
  }
  const validFrom = new Date(certificate.valid_from);
  const validTo = new Date(certificate.valid_to);
  if (!(validTo.getTime() > now.getTime())) {
    throw new IdentityError(
      `Kommunens certifikat udløb ${validTo.toISOString().slice(0, 10)}. Intet er sendt. Kontakt IT for et nyt certifikat.`,
      'CERT_HAS_EXPIRED',
    );
  }
  if (validFrom.getTime() > now.getTime()) {
    throw new IdentityError(
      `Kommunens certifikat gælder først fra ${validFrom.toISOString().slice(0, 10)}. Intet er sendt.`,
      'CERT_NOT_YET_VALID',
    );
  }
  const subject = certificate.subject as unknown as Record<string, string | string[]> | undefined;
  const cn = subject?.CN;
  return {
    context,
    certificateBase64: certificate.raw.toString('base64'),
    subject: Array.isArray(cn) ? cn.join(', ') : (cn ?? ''),
    validFrom,
    validTo,
  };
}

/** Opens a tunnel through an HTTPS proxy with CONNECT. */
function connectThroughProxy(
  proxy: URL,
  target: URL,
  timeoutMs: number,
): Promise<{ ok: true; socket: Socket } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    const port = target.port || '443';
    const req = httpRequest({
      host: proxy.hostname,
      port: proxy.port || '80',
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers: { host: `${target.hostname}:${port}` },
      timeout: timeoutMs,
      agent: false,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve({ ok: true, socket });
      else {
        socket.destroy();
        resolve({ ok: false, code: `PROXY_${res.statusCode ?? 0}` });
      }
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('proxy timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? 'EPROXY' }));
    req.end();
  });
}

/** A TCP connection to the service itself (no proxy). */
function connectDirect(
  target: URL,
  timeoutMs: number,
): Promise<{ ok: true; socket: Socket } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    const socket = netConnect({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: Number(target.port || 443),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, code: 'ETIMEDOUT' });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ ok: true, socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, code: error.code ?? 'ECONNREFUSED' });
    });
  });
}

/** One HTTPS call with the identity. Never throws: every outcome is a result. */
export async function httpsCall(call: HttpsCall, identity: LoadedIdentity): Promise<HttpsResult> {
  const target = new URL(call.url);
  if (target.protocol !== 'https:') {
    return { kind: 'failed', stage: 'connect', code: 'ERR_NOT_HTTPS', certificate: false, timedOut: false };
  }
  const deadline = Date.now() + call.timeoutMs;
  // First the TCP connection (through the proxy when there is one): a failure here never sent anything.
  const opened = call.proxy
    ? await connectThroughProxy(new URL(call.proxy), target, call.timeoutMs)
    : await connectDirect(target, call.timeoutMs);
  if (!opened.ok) {
    return {
      kind: 'failed',
      stage: 'connect',
      code: opened.code,
      certificate: false,
      timedOut: opened.code === 'ETIMEDOUT',
    };
  }
  const tcp = opened.socket;
  const servername = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise<HttpsResult>((resolve) => {
    let stage: CallStage = 'tls';
    let settled = false;
    let timedOut = false;
    const settle = (result: HttpsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const payload = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    const req = httpsRequest({
      protocol: 'https:',
      hostname: servername,
      port: target.port || 443,
      path: `${target.pathname}${target.search}`,
      method: call.method,
      // No agent: Node uses `createConnection` below only when `agent` is undefined. With `agent: false` it makes a
      // fresh Agent that opens its own connection, which would skip the proxy tunnel, the client certificate and
      // the extra CAs (and leave the connection opened above unused).
      agent: undefined,
      headers: {
        ...call.headers,
        ...(payload ? { 'content-length': String(payload.length) } : {}),
      },
      // TLS over the connection made above, always checking the server (rejectUnauthorized is never false).
      createConnection: () =>
        tlsConnect({
          socket: tcp,
          secureContext: identity.context,
          // SNI takes host names only, not IP addresses; the name check below still runs.
          ...(/^[\d.]+$|:/.test(servername) ? {} : { servername }),
          host: servername,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
        }),
    });
    req.on('socket', (socket) => {
      socket.once('secureConnect', () => {
        // From here the request is written: whatever breaks now may have reached the service.
        stage = 'sent';
      });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (!res.complete) {
          settle({ kind: 'failed', stage: 'sent', code: 'ECONNRESET', certificate: false, timedOut });
          return;
        }
        settle({
          kind: 'response',
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: String(res.headers['content-type'] ?? ''),
        });
      });
      res.on('error', (error: NodeJS.ErrnoException) =>
        settle({
          kind: 'failed',
          stage: 'sent',
          code: error.code ?? 'ECONNRESET',
          certificate: false,
          timedOut,
        }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = timedOut ? 'ETIMEDOUT' : (error.code ?? 'EUNKNOWN');
      const certificate = !timedOut && isCertificateCode(code);
      // A TLS alert about a certificate is the server refusing the handshake. Under TLS 1.3 the client counts its
      // handshake as done (secureConnect) before the server has checked the client certificate, so the request
      // may have been written, but a server that refuses the certificate never reads it: nothing was sent.
      const refusedInHandshake = certificate && /^ERR_SSL_.*ALERT/.test(code);
      settle({ kind: 'failed', stage: refusedInHandshake ? 'tls' : stage, code, certificate, timedOut });
    });
    const timer = setTimeout(
      () => {
        timedOut = true;
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      },
      Math.max(1, deadline - Date.now()),
    );
    if (payload) req.end(payload);
    else req.end();
  });
}
