import { httpsCall, type HttpsResult, type LoadedIdentity } from './transport';

/**
 * SF1601's token dance (docs/sf1601.md; digital-post.md §2.1): a SAML token from KOMBIT's STS for the service's entity
 * id (JSON body with the CVR and the client certificate as `UseKey`), exchanged for an access token
 * (`saml-token=` form field); both over mutual TLS with the same certificate. Both are cached until shortly before
 * they expire; `invalidate` drops them (the service answered 401).
 */

export const ENTITY_IDS = {
  kombiPostAfsend: 'http://entityid.kombit.dk/service/kombipostafsend/1',
  postForespoerg: 'http://entityid.kombit.dk/service/postforespoerg/1',
} as const;
export type ServiceName = keyof typeof ENTITY_IDS;

export interface AccessToken {
  type: string;
  value: string;
  expiresAt: number;
}

export type TokenResult =
  | { ok: true; token: AccessToken }
  | {
      ok: false;
      /** How far the failing call got, and whether a certificate was the problem. */
      failure:
        Extract<HttpsResult, { kind: 'failed' }> | { kind: 'refused'; status: number; step: 'sts' | 'token' };
    };

/** Renew this long before expiry, so a token never runs out in the middle of a call. */
const MARGIN_MS = 5 * 60_000;

function samlExpiry(assertionBase64: string): number | null {
  let xml: string;
  try {
    xml = Buffer.from(assertionBase64, 'base64').toString('utf8');
  } catch {
    return null;
  }
  const m = /<(?:[\w-]+:)?Conditions\b[^>]*\bNotOnOrAfter="([^"]+)"/.exec(xml);
  const t = m ? Date.parse(m[1]!) : Number.NaN;
  return Number.isFinite(t) ? t : null;
}

export function createTokenClient(options: {
  identity: LoadedIdentity;
  cvr: string;
  stsUrl: string;
  accessTokenUrl: string;
  proxy: string | null;
  timeoutMs: number;
  now: () => number;
}) {
  const saml = new Map<ServiceName, { assertion: string; expiresAt: number }>();
  const access = new Map<ServiceName, AccessToken>();

  async function samlToken(
    service: ServiceName,
  ): Promise<
    { ok: true; assertion: string } | { ok: false; failure: Extract<TokenResult, { ok: false }>['failure'] }
  > {
    const cached = saml.get(service);
    if (cached && cached.expiresAt - MARGIN_MS > options.now())
      return { ok: true, assertion: cached.assertion };
    const body = {
      TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
      RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
      KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
      AnvenderKontekst: { Cvr: options.cvr },
      UseKey: options.identity.certificateBase64,
      AppliesTo: { EndpointReference: { Address: ENTITY_IDS[service] } },
      OnBehalfOf: null,
    };
    const result = await httpsCall(
      {
        url: options.stsUrl,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: options.timeoutMs,
        proxy: options.proxy,
      },
      options.identity,
    );
    if (result.kind === 'failed') return { ok: false, failure: result };
    if (result.status !== 200)
      return { ok: false, failure: { kind: 'refused', status: result.status, step: 'sts' } };
    let assertion: unknown;
    try {
      assertion = (JSON.parse(result.body) as { RequestedSecurityToken?: { Assertion?: unknown } })
        .RequestedSecurityToken?.Assertion;
    } catch {
      assertion = undefined;
    }
    if (typeof assertion !== 'string' || assertion === '') {
      return { ok: false, failure: { kind: 'refused', status: 502, step: 'sts' } };
    }
    // Without a readable NotOnOrAfter the token is used for this call only.
    saml.set(service, { assertion, expiresAt: samlExpiry(assertion) ?? options.now() });
    return { ok: true, assertion };
  }

  return {
    async token(service: ServiceName): Promise<TokenResult> {
      const cached = access.get(service);
      if (cached && cached.expiresAt - MARGIN_MS > options.now()) return { ok: true, token: cached };
      const s = await samlToken(service);
      if (!s.ok) return s;
      const result = await httpsCall(
        {
          url: options.accessTokenUrl,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ 'saml-token': s.assertion }).toString(),
          timeoutMs: options.timeoutMs,
          proxy: options.proxy,
        },
        options.identity,
      );
      if (result.kind === 'failed') return { ok: false, failure: result };
      if (result.status !== 200) {
        saml.delete(service);
        return { ok: false, failure: { kind: 'refused', status: result.status, step: 'token' } };
      }
      let parsed: { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
      try {
        parsed = JSON.parse(result.body) as typeof parsed;
      } catch {
        parsed = {};
      }
      if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
        return { ok: false, failure: { kind: 'refused', status: 502, step: 'token' } };
      }
      const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 0;
      const token: AccessToken = {
        type:
          typeof parsed.token_type === 'string' && parsed.token_type ? parsed.token_type : 'Holder-of-key',
        value: parsed.access_token,
        expiresAt: options.now() + seconds * 1000,
      };
      access.set(service, token);
      return { ok: true, token };
    },

    /** Drops the cached tokens of a service (it answered 401: the token is no longer accepted). */
    invalidate(service: ServiceName): void {
      access.delete(service);
      saml.delete(service);
    },
  };
}

export type TokenClient = ReturnType<typeof createTokenClient>;
