import { randomUUID } from 'node:crypto';
import type { Connector, LookupOutcome, OutgoingMessage, SendOutcome } from '../connector';
import { buildKombiRequest, KombiBuildError, parseKombiResponse } from './kombi';
import { createTokenClient, type TokenResult } from './tokens';
import {
  httpsCall,
  IdentityError,
  loadIdentity,
  type HttpsResult,
  type LoadedIdentity,
  type TlsIdentity,
} from './transport';

/**
 * The KOMBIT SF1601 connector (docs/sf1601.md): Digital Post through Serviceplatformen's KombiPostAfsend, with the
 * municipality's certificate on every call. It fails closed: a certificate that cannot be used, is expired, or that
 * either side refuses never reaches `sent`, and certificate checking cannot be switched off.
 *
 * How answers map to the outbox (docs/outbox.md):
 * - HTTP 200 with `Result` true: `accepted` ("Afleveret til Digital Post": accepted, never "modtaget");
 * - 200 with `Result` false, other 4xx: `rejected` with the service's reason;
 * - 401: the token is dropped and the call counts as a `server_error` (tried again with the same UUID);
 * - 5xx: `server_error`;
 * - nothing reached the service (no connection, DNS, TLS handshake, a certificate problem, the token services
 *   unreachable or refusing the login): `offline`: the message waits in the queue, without using its attempts, and
 *   its last error says why in Danish;
 * - the request may have been written (a reset or a timeout after the handshake, an answer that cannot be read):
 *   `interrupted`. SF1601 cannot be asked by UUID, so the message becomes `unknown` and a person resolves it.
 */

export interface Sf1601Urls {
  sts: string;
  accessToken: string;
  kombiPostAfsend: string;
  postForespoerg: string;
}

export const SF1601_ENDPOINTS: Record<'test' | 'production', Sf1601Urls> = {
  test: {
    sts: 'https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue',
    accessToken: 'https://exttest.serviceplatformen.dk/service/AccessTokenService_1/token',
    kombiPostAfsend: 'https://exttest.serviceplatformen.dk/service/KombiPostAfsend_1/kombi',
    postForespoerg: 'https://exttest.serviceplatformen.dk/service/PostForespoerg_1/digitalpost',
  },
  production: {
    sts: 'https://n2adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue',
    accessToken: 'https://prod.serviceplatformen.dk/service/AccessTokenService_1/token',
    kombiPostAfsend: 'https://prod.serviceplatformen.dk/service/KombiPostAfsend_1/kombi',
    postForespoerg: 'https://prod.serviceplatformen.dk/service/PostForespoerg_1/digitalpost',
  },
};

export interface Sf1601Options {
  identity: TlsIdentity;
  /** The municipality's CVR (`AnvenderKontekst`), the sender's. */
  cvr: string;
  urls: Sf1601Urls;
  /** An HTTPS proxy (`http://host:port`), or null. */
  proxy: string | null;
  /** The municipality's Fjernprint `ForsendelseTypeIdentifikator` from KOMBIT, for paper. */
  forsendelseTypeIdentifikator?: number;
  /** Per call (default 60 s). */
  timeoutMs?: number;
  now?: () => Date;
}

const RECEIPT_TEXT: Record<OutgoingMessage['channel'], string> = {
  digital: 'Afleveret til Digital Post',
  auto: 'Afleveret til Digital Post (digitalt eller som fysisk brev)',
  physical: 'Afleveret til Digital Post som fysisk brev',
};

const short = (text: string, max = 300): string => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** The Danish reason for a call that never reached the service. */
function notReached(failure: Extract<HttpsResult, { kind: 'failed' }>, what: string): string {
  if (failure.certificate) {
    return `Certifikatet blev afvist ved forbindelsen til ${what} (${failure.code}): enten er kommunens certifikat ikke godkendt (udløbet, spærret eller fra en anden udsteder), eller serverens certifikat kunne ikke bekræftes. Intet er sendt; forsendelsen venter. Kontakt IT.`;
  }
  if (failure.timedOut)
    return `${what} svarede ikke i tide (${failure.code}). Intet er sendt; forsendelsen venter.`;
  return `Der er ingen forbindelse til ${what} (${failure.code}). Intet er sendt; forsendelsen venter.`;
}

function tokenFailure(result: Extract<TokenResult, { ok: false }>): SendOutcome {
  const f = result.failure;
  if (f.kind === 'failed') {
    // The token calls never carry the message: whatever broke, nothing was sent.
    return { kind: 'offline', message: notReached(f, 'Serviceplatformens login (STS)') };
  }
  const step = f.step === 'sts' ? 'sikkerhedstokenservicen (STS)' : 'adgangstokenservicen';
  if (f.status >= 500) return { kind: 'server_error', message: `${step} svarede med fejl ${f.status}.` };
  return {
    kind: 'offline',
    message: `${step} afviste login (${f.status}). Kontrollér kommunens CVR, certifikat og serviceaftale for KombiPostAfsend i KOMBITs administrationsmodul. Intet er sendt; forsendelsen venter.`,
  };
}

/** The service's reason, from a kombi_response or a plain body, shortened; never the request. */
function reasonOf(body: string): string {
  const parsed = parseKombiResponse(body);
  const text = parsed?.error?.text ?? parsed?.error?.code;
  if (text) return short(text);
  const fault = /<(?:[\w-]+:)?(?:FejlTekst|faultstring|message)>([^<]{1,500})</i.exec(body)?.[1];
  if (fault) return short(fault);
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: unknown };
    const m = json.message ?? json.error;
    if (typeof m === 'string') return short(m);
  } catch {
    // not JSON
  }
  return 'uden begrundelse';
}

export function createSf1601Connector(options: Sf1601Options): Connector & {
  /** PostForespoerg: can this CPR/CVR receive Digital Post? Null when it could not be asked. */
  digitalPostStatus(idType: 'CPR' | 'CVR', id: string): Promise<boolean | null>;
} {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Read and checked once here (a wrong password or an unreadable file stops the connector from opening at all),
  // and its validity again before every call.
  const identity: LoadedIdentity = loadIdentity(options.identity, now());
  const tokens = createTokenClient({
    identity,
    cvr: options.cvr,
    stsUrl: options.urls.sts,
    accessTokenUrl: options.urls.accessToken,
    proxy: options.proxy,
    timeoutMs,
    now: () => now().getTime(),
  });
  let closed = false;

  function stillValid(): string | null {
    const t = now().getTime();
    if (identity.validTo.getTime() <= t) {
      return `Kommunens certifikat udløb ${identity.validTo.toISOString().slice(0, 10)}. Intet er sendt; forsendelsen venter. Kontakt IT for et nyt certifikat.`;
    }
    return null;
  }

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    if (closed) return { kind: 'offline', message: 'Forbindelsen til SF1601 er lukket.' };
    const expired = stillValid();
    if (expired) return { kind: 'offline', message: expired };
    let body: string;
    try {
      body = buildKombiRequest({
        message,
        forsendelseTypeIdentifikator: options.forsendelseTypeIdentifikator,
      });
    } catch (error) {
      if (error instanceof KombiBuildError) return { kind: 'rejected', message: error.message };
      throw error;
    }
    const token = await tokens.token('kombiPostAfsend');
    if (!token.ok) return tokenFailure(token);
    const result = await httpsCall(
      {
        url: options.urls.kombiPostAfsend,
        method: 'POST',
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          accept: 'application/xml',
          authorization: `${token.token.type} ${token.token.value}`,
          'x-transaktionsid': message.messageUUID,
          'x-transaktionstid': now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
        },
        body,
        timeoutMs,
        proxy: options.proxy,
      },
      identity,
    );
    if (result.kind === 'failed') {
      if (result.stage === 'sent') {
        return {
          kind: 'interrupted',
          message: `Forbindelsen til KombiPostAfsend blev afbrudt, efter forsendelsen kan være modtaget (${result.code}).`,
        };
      }
      return { kind: 'offline', message: notReached(result, 'KombiPostAfsend') };
    }
    const { status } = result;
    if (status === 200) {
      const answer = parseKombiResponse(result.body);
      if (!answer) {
        // The service answered, but not in a form we can read: whether it took the message is not known.
        return {
          kind: 'interrupted',
          message: 'KombiPostAfsend svarede 200 med et svar, der ikke kunne læses.',
        };
      }
      if (!answer.result) {
        return { kind: 'rejected', message: `Digital Post afviste forsendelsen: ${reasonOf(result.body)}` };
      }
      const advis = answer.advis ? ` (${short(answer.advis, 150)})` : '';
      return {
        kind: 'accepted',
        receipt: {
          reference: answer.transmissionId,
          receivedAt: now().toISOString(),
          text: `${RECEIPT_TEXT[message.channel]}${advis}`,
        },
      };
    }
    if (status === 401) {
      tokens.invalidate('kombiPostAfsend');
      return {
        kind: 'server_error',
        message: 'KombiPostAfsend afviste adgangstokenet (401); der hentes et nyt.',
      };
    }
    if (status >= 400 && status < 500) {
      return {
        kind: 'rejected',
        message: `Digital Post afviste forsendelsen (${status}): ${reasonOf(result.body)}`,
      };
    }
    return { kind: 'server_error', message: `KombiPostAfsend svarede med fejl ${status}.` };
  }

  async function lookup(): Promise<LookupOutcome> {
    return {
      kind: 'unavailable',
      message:
        'SF1601 kan ikke slå en forsendelse op ud fra dens id. En medarbejder skal undersøge, om Digital Post modtog den, og afgøre sagen.',
    };
  }

  async function health(): Promise<{ ok: boolean; message: string }> {
    const expired = stillValid();
    if (expired) return { ok: false, message: expired };
    const token = await tokens.token('kombiPostAfsend');
    if (token.ok) return { ok: true, message: 'Forbundet til Serviceplatformen (SF1601).' };
    const outcome = tokenFailure(token);
    return { ok: false, message: 'message' in outcome ? outcome.message : 'Ingen forbindelse.' };
  }

  async function digitalPostStatus(idType: 'CPR' | 'CVR', id: string): Promise<boolean | null> {
    if (closed || stillValid()) return null;
    const token = await tokens.token('postForespoerg');
    if (!token.ok) return null;
    const url = new URL(options.urls.postForespoerg);
    url.searchParams.set(idType === 'CPR' ? 'cprNumber' : 'cvrNumber', id);
    const result = await httpsCall(
      {
        url: url.toString(),
        method: 'GET',
        headers: {
          accept: 'application/json',
          authorization: `${token.token.type} ${token.token.value}`,
          'x-transaktionsid': randomUUID(),
          'x-transaktionstid': now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
        },
        timeoutMs,
        proxy: options.proxy,
      },
      identity,
    );
    if (result.kind !== 'response' || result.status !== 200) {
      if (result.kind === 'response' && result.status === 401) tokens.invalidate('postForespoerg');
      return null;
    }
    try {
      const answer = (JSON.parse(result.body) as { result?: unknown }).result;
      return typeof answer === 'boolean' ? answer : null;
    } catch {
      return null;
    }
  }

  return {
    kind: 'sf1601',
    send,
    lookup,
    health,
    digitalPostStatus,
    close: async () => {
      closed = true;
    },
  };
}

export { IdentityError };
