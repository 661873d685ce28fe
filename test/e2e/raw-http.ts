import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * Plain node:http requests for what a browser or Playwright's `request` will not send: a Content-Length that lies,
 * a body streamed without end, a `..` path left unnormalised, a foreign Host header.
 */

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given, without normalisation. */
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /**
   * Send headers only and wait for the answer without sending the body: proves the server answered before reading.
   * Needs a Content-Length header.
   */
  withholdBody?: boolean;
  /** Stream zero bytes in chunks (chunked encoding) until the server answers or this many bytes have gone. */
  streamUpTo?: number;
}

export function rawRequest(baseUrl: string, spec: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest({
      host: base.hostname,
      port: base.port,
      method: spec.method ?? 'GET',
      path: spec.path,
      headers: spec.headers,
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        req.destroy();
      });
      res.on('error', reject);
    });
    // Once answered, a reset caused by the body we were still sending is expected and harmless.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });

    if (spec.withholdBody) {
      req.flushHeaders();
      return;
    }
    if (spec.streamUpTo !== undefined) {
      const chunk = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const pump = () => {
        while (!answered && sent < spec.streamUpTo!) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
      return;
    }
    req.end(spec.body);
  });
}

/** The Result JSON of an /__api answer. */
export function resultOf(res: RawResponse): { ok: boolean; error?: { code: string; message: string } } {
  return JSON.parse(res.body) as { ok: boolean; error?: { code: string; message: string } };
}
