import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  channelDefs,
  MAX_JSON_BODY_BYTES,
  type BinaryChannel,
  type JsonChannel,
} from '../../src/shared/contract';
import { ERROR_MESSAGES, type ErrorCode } from '../../src/shared/result';
import { CHILDREN_CASE } from './demo-data';
import { expect, test } from './fixtures';
import type { PageGlobals } from './page-globals';
import { rawRequest, resultOf } from './raw-http';
import { idKeysOf, makeExampleIds, signInForExample, userExampleIds, withRealIds } from '../support/backend';

/**
 * The HTTP transport of the harness: it must refuse what the IPC bridge refuses, with the same codes, and hand every
 * Result to the page unchanged. Channels come from the contract, never from a list in this file.
 */

const binaryDefs = channelDefs.filter((d): d is BinaryChannel => d.kind === 'binary');
const jsonDefs = channelDefs.filter((d): d is JsonChannel => d.kind === 'json');
const failure = (code: ErrorCode) => ({ ok: false, error: { code, message: ERROR_MESSAGES[code] } });
const metaHeader = (meta: unknown) => encodeURIComponent(JSON.stringify(meta));

test('the contract has binary channels to test', () => {
  expect(binaryDefs.length).toBeGreaterThan(0);
});

for (const def of binaryDefs) {
  test.describe(`binary channel ${def.channel}`, () => {
    test('an over-cap Content-Length is refused before a byte of the body is sent', async ({ harness }) => {
      const res = await rawRequest(harness.url, {
        method: 'POST',
        path: `/__api/${def.channel}`,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(def.maxBytes + 1),
          'x-api-meta': metaHeader(def.example),
        },
        withholdBody: true,
      });
      expect(res.status).toBe(413);
      expect(resultOf(res)).toEqual(failure('PAYLOAD_TOO_LARGE'));
    });

    test('a streamed body without a length is cut off once it passes the cap', async ({ harness }) => {
      const res = await rawRequest(harness.url, {
        method: 'POST',
        path: `/__api/${def.channel}`,
        headers: { 'content-type': 'application/octet-stream', 'x-api-meta': metaHeader(def.example) },
        streamUpTo: def.maxBytes + 16 * 1024 * 1024,
      });
      expect(res.status).toBe(413);
      expect(resultOf(res)).toEqual(failure('PAYLOAD_TOO_LARGE'));
    });

    test('an empty body and a wrong content type get their codes', async ({ request }) => {
      const url = `/__api/${def.channel}`;
      const empty = await request.post(url, {
        headers: { 'content-type': 'application/octet-stream', 'x-api-meta': metaHeader(def.example) },
        data: Buffer.alloc(0),
      });
      expect(await empty.json()).toEqual(failure('PAYLOAD_EMPTY'));

      for (const contentType of ['application/json', 'multipart/form-data; boundary=x', 'text/plain']) {
        const wrong = await request.post(url, {
          headers: { 'content-type': contentType, 'x-api-meta': metaHeader(def.example) },
          data: Buffer.from('%PDF-1.7\n'),
        });
        expect(wrong.status(), contentType).toBe(415);
        expect(await wrong.json(), contentType).toEqual(failure('UNSUPPORTED_MEDIA_TYPE'));
      }

      const badMeta = await request.post(url, {
        headers: { 'content-type': 'application/octet-stream', 'x-api-meta': '%7B%20not%20json' },
        data: Buffer.from('%PDF-1.7\n'),
      });
      expect(await badMeta.json()).toEqual(failure('VALIDATION_FAILED'));
    });
  });
}

test('a document sent through window.api arrives byte for byte, with progress events', async ({
  page,
  harness,
}) => {
  await page.goto('/');
  const bytes = Buffer.from('%PDF-1.7\n% Sendeassistent e2e: æøå ÆØÅ\n%%EOF\n', 'latin1');
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__events = [];
    g.api.onEvent('documents:progress', (p) => g.__events!.push(p));
  });
  await expect.poll(() => harness.eventStreamCount()).toBe(1);

  const result = await page.evaluate(
    (numbers) =>
      (globalThis as unknown as PageGlobals).api.inspectDocument(new Uint8Array(numbers).buffer, {
        fileName: 'brev.pdf',
        jobId: 'job-e2e',
      }),
    [...bytes],
  );
  expect(result).toEqual({
    ok: true,
    value: {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      byteLength: bytes.length,
      kind: 'pdf',
    },
  });
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).__events))
    .toContainEqual({ jobId: 'job-e2e', phase: 'hashing', done: bytes.length, total: bytes.length });
});

test('JSON channels: malformed, wrong type, over cap and unknown are refused with their codes', async ({
  request,
  harness,
}) => {
  expect(jsonDefs.length).toBeGreaterThan(0);
  // Examples that name a record by id get a real one (a draft, a draft the submit example can really send, a
  // discardable draft of its own, an outbox row), so "the example goes through" means it.
  const ids = await makeExampleIds(harness.backend.dispatcher);
  const approvalFolder = join(harness.dataDir, 'faelles-mappe');
  mkdirSync(approvalFolder);
  Object.assign(ids.byChannel, await userExampleIds(harness.backend.dispatcher, approvalFolder));
  for (const def of jsonDefs) {
    // The demo user whose role may use the channel is signed in (the harness runs with users, as the app does).
    await signInForExample(harness.backend.dispatcher, def.channel);
    const url = `/__api/${def.channel}`;
    const malformed = await request.post(url, {
      headers: { 'content-type': 'application/json' },
      data: '{"query": ',
    });
    expect(await malformed.json(), def.channel).toEqual(failure('VALIDATION_FAILED'));

    const asText = await request.post(url, {
      headers: { 'content-type': 'text/plain' },
      data: JSON.stringify(def.example),
    });
    expect(asText.status(), def.channel).toBe(415);
    expect(await asText.json(), def.channel).toEqual(failure('UNSUPPORTED_MEDIA_TYPE'));

    const tooLarge = await rawRequest(harness.url, {
      method: 'POST',
      path: url,
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_JSON_BODY_BYTES + 1) },
      withholdBody: true,
    });
    expect(resultOf(tooLarge), def.channel).toEqual(failure('PAYLOAD_TOO_LARGE'));

    // The contract's own example goes through.
    for (const key of idKeysOf(def.example)) {
      expect(ids.byChannel[def.channel]?.[key] ?? ids.byKey[key], `${def.channel}: ${key}`).toBeDefined();
    }
    const fine = await request.post(url, {
      headers: { 'content-type': 'application/json' },
      data: JSON.stringify(withRealIds(ids, def.channel, def.example)),
    });
    const answer = await fine.json();
    if (def.channel === 'auth:setUp') {
      // The first run's channel: a demo store has its users, so it answers, and refuses (the contract test runs it
      // on a store without users).
      expect(answer, def.channel).toEqual(failure('FORBIDDEN'));
      continue;
    }
    expect(answer.ok, `${def.channel}: ${JSON.stringify(answer)}`).toBe(true);
    if (def.channel === 'outbox:submit') expect(answer.value.created, def.channel).toBe(true);
    if (def.channel === 'outbox:cancel') expect(answer.value.changed, def.channel).toBe(true);
  }

  const unknown = await request.post('/__api/nothing:here', {
    headers: { 'content-type': 'application/json' },
    data: '{}',
  });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual(failure('NOT_FOUND'));
  const viaGet = await request.get(`/__api/${jsonDefs[0]!.channel}`);
  expect(viaGet.status()).toBe(405);
});

test('window.api hands the Result over exactly as the server sent it', async ({ page, request }) => {
  await page.goto('/');
  const calls = [
    { method: 'getCase', channel: 'cases:get', input: { caseNumber: CHILDREN_CASE } },
    { method: 'getCase', channel: 'cases:get', input: { caseNumber: 'findes-ikke' } },
    { method: 'listCases', channel: 'cases:list', input: { query: 'Eksempelsen', extra: true } },
  ] as const;
  for (const call of calls) {
    const viaPage = await page.evaluate(
      ({ method, input }) =>
        (globalThis as unknown as { api: Record<string, (i: unknown) => Promise<unknown>> }).api[method]!(
          input,
        ),
      { method: call.method, input: call.input },
    );
    const viaHttp = await (
      await request.post(`/__api/${call.channel}`, {
        headers: { 'content-type': 'application/json' },
        data: JSON.stringify(call.input),
      })
    ).json();
    expect(viaPage).toEqual(viaHttp);
  }
  // A call without an argument reaches the dispatcher as `undefined`, as over IPC, and is refused there.
  const noArgument = await page.evaluate(() =>
    (globalThis as unknown as { api: Record<string, () => Promise<unknown>> }).api.getCase!(),
  );
  expect(noArgument).toEqual(failure('VALIDATION_FAILED'));
});

test('static files: right content types, nothing outside the build', async ({ request, harness }) => {
  const html = await (await request.get('/')).text();
  const script = /<script type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html)?.[1];
  const style = /<link rel="stylesheet"[^>]*href="\.?\/?([^"]+)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  expect(style).toBeTruthy();
  expect((await request.get(`/${script}`)).headers()['content-type']).toBe('text/javascript; charset=utf-8');
  expect((await request.get(`/${style}`)).headers()['content-type']).toBe('text/css; charset=utf-8');
  const bridge = await request.get('/__harness/bridge.js');
  expect(bridge.headers()['content-type']).toBe('text/javascript; charset=utf-8');
  expect(bridge.headers()['x-content-type-options']).toBe('nosniff');

  for (const path of [
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/%00index.html',
    '/assets/',
    '/nope.js',
    '/__harness/',
  ]) {
    const res = await rawRequest(harness.url, { path });
    expect(res.status, path).toBe(404);
    expect(res.body, path).not.toContain('"name"');
  }
});

test('foreign hosts and origins are refused (DNS rebinding, cross-site calls)', async ({ harness }) => {
  const port = new URL(harness.url).port;
  const rebound = await rawRequest(harness.url, { path: '/', headers: { host: `evil.example:${port}` } });
  expect(rebound.status).toBe(403);

  const crossSite = await rawRequest(harness.url, {
    method: 'POST',
    path: '/__api/cases:list',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: '{}',
  });
  expect(crossSite.status).toBe(403);
  expect(resultOf(crossSite)).toEqual(failure('FORBIDDEN'));

  const events = await rawRequest(harness.url, {
    path: '/__events',
    headers: { origin: 'https://evil.example' },
  });
  expect(events.status).toBe(403);
});
