import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Backend } from '../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../src/backend/dispatch';
import { channelDefs, contract, type BinaryChannel, type JsonChannel } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { demoDateClock } from '../support/fakes';
import { tempDir } from '../support/temp-dir';
import {
  call,
  idKeysOf,
  makeExampleIds,
  signInForExample,
  testBackend,
  userExampleIds,
  withRealIds,
  type ExampleIds,
} from '../support/backend';

/**
 * Every channel of the contract, enumerated from the contract itself, gets hostile input. Each must answer
 * VALIDATION_FAILED (JSON) or its own code (binary bodies), never crash, and the backend must keep working.
 */

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
const jsonDefs = channelDefs.filter((d): d is JsonChannel => d.kind === 'json');
const binaryDefs = channelDefs.filter((d): d is BinaryChannel => d.kind === 'binary');

type Obj = Record<string, unknown>;

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'ikke et tal';
  if (typeof value === 'boolean') return 'true';
  return 'ikke et objekt';
}

/** The hostile variants of one channel's example input, each with a name for the failure message. */
function hostileInputs(schema: z.ZodType, example: Obj): [string, unknown][] {
  const variants: [string, unknown][] = [];
  const keys = Object.keys(example);
  const required = keys.filter((k) => {
    const { [k]: _drop, ...rest } = example;
    return !schema.safeParse(rest).success;
  });
  for (const k of required) {
    const { [k]: _drop, ...rest } = example;
    variants.push([`missing ${k}`, rest]);
  }
  variants.push(['missing input', undefined]);
  variants.push(['null input', null]);
  for (const k of keys) variants.push([`wrong type for ${k}`, { ...example, [k]: wrongTypeFor(example[k]) }]);
  variants.push(['input of wrong type', 42]);
  variants.push(['extra key', { ...example, ukendtFelt: 1 }]);
  const stringKeys = keys.filter((k) => typeof example[k] === 'string');
  for (const k of stringKeys) variants.push([`10 MB string in ${k}`, { ...example, [k]: TEN_MB }]);
  variants.push(['10 MB string as extra key', { ...example, stor: TEN_MB }]);
  variants.push(['10 MB string as input', TEN_MB]);
  variants.push([
    '__proto__ key',
    JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(example).slice(1)}`.replace(',}', '}')),
  ]);
  return variants;
}

describe('the contract under hostile input', () => {
  let backend: Backend;
  let dir: ReturnType<typeof tempDir>;

  /**
   * Examples name records by id; the ones that must exist are made here (a draft, a draft the submit example can
   * really send, a discardable draft of its own, an outbox row), and the examples point at them.
   */
  let ids: ExampleIds;
  /** What each channel's example answered, for the checks after the run. */
  const answered = new Map<string, Result<unknown>>();

  /** A store without users, for the first run's `auth:setUp`. */
  let fresh: Backend;
  let freshDir: ReturnType<typeof tempDir>;

  /*
   * People sign in (the app's mode): before each example the demo user whose role may use the channel signs in
   * (EXAMPLE_ROLE), and every channel but the open ones refuses the call once nobody is signed in (the last test).
   */

  beforeAll(async () => {
    dir = tempDir();
    freshDir = tempDir();
    backend = testBackend(dir.path, { clock: demoDateClock(), currentUser: undefined });
    fresh = testBackend(freshDir.path, { seedDemoData: false, currentUser: undefined });
    await signInForExample(backend.dispatcher, 'cases:list');
    ids = await makeExampleIds(backend.dispatcher);
    mkdirSync(join(dir.path, 'faelles-mappe'));
    Object.assign(ids.byChannel, await userExampleIds(backend.dispatcher, join(dir.path, 'faelles-mappe')));
  });
  afterAll(() => {
    backend.close();
    fresh.close();
    dir.cleanup();
    freshDir.cleanup();
  });

  it('has channels to test', () => {
    expect(jsonDefs.length).toBeGreaterThan(0);
    expect(binaryDefs.length).toBeGreaterThan(0);
  });

  it('has a real record for every id an example names', () => {
    for (const def of jsonDefs) {
      for (const key of idKeysOf(def.example)) {
        expect(ids.byChannel[def.channel]?.[key] ?? ids.byKey[key], `${def.channel}: ${key}`).toBeDefined();
      }
    }
  });

  describe.each(jsonDefs.map((d) => [d.channel, d] as const))('%s', (_channel, def) => {
    it('accepts its example, whose input and output survive structuredClone and a JSON round trip', async () => {
      const example = def.example as Obj;
      expect(structuredClone(example)).toEqual(example);
      expect(JSON.parse(JSON.stringify(example))).toEqual(example);
      await signInForExample(backend.dispatcher, def.channel);
      const target = def.channel === 'auth:setUp' ? fresh : backend;
      const res = await target.dispatcher.json(def.channel, withRealIds(ids, def.channel, example));
      answered.set(def.channel, res);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      expect(structuredClone(res)).toEqual(res);
      expect(JSON.parse(JSON.stringify(res))).toEqual(res);
    });

    it.each(hostileInputs(def.input, def.example as Obj))(
      'answers %s with VALIDATION_FAILED',
      async (_name, input) => {
        const res: Result<unknown> = await backend.dispatcher.json(def.channel, input);
        expect(res).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
        expect(({} as Obj).polluted).toBeUndefined();
      },
    );
  });

  describe.each(binaryDefs.map((d) => [d.channel, d] as const))('%s (binary)', (_channel, def) => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n');

    it('accepts a body of the right type within its cap', async () => {
      const res = await backend.dispatcher.binary(def.channel, pdf, def.example, BINARY_CONTENT_TYPE);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      expect(JSON.parse(JSON.stringify(res))).toEqual(res);
    });

    it('refuses a body over its cap with PAYLOAD_TOO_LARGE', async () => {
      const res = await backend.dispatcher.binary(
        def.channel,
        new Uint8Array(def.maxBytes + 1),
        def.example,
        BINARY_CONTENT_TYPE,
      );
      expect(res.ok === false && res.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('refuses an empty body with PAYLOAD_EMPTY', async () => {
      const res = await backend.dispatcher.binary(
        def.channel,
        new Uint8Array(0),
        def.example,
        BINARY_CONTENT_TYPE,
      );
      expect(res.ok === false && res.error.code).toBe('PAYLOAD_EMPTY');
    });

    it('refuses a wrong content type or a body that is not bytes with UNSUPPORTED_MEDIA_TYPE', async () => {
      const asJson = await backend.dispatcher.binary(def.channel, pdf, def.example, 'application/json');
      expect(asJson.ok === false && asJson.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const notBytes = await backend.dispatcher.binary(def.channel, null, def.example, null);
      expect(notBytes.ok === false && notBytes.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it.each(hostileInputs(def.meta, def.example as Obj))(
      'answers meta with %s with VALIDATION_FAILED',
      async (_n, meta) => {
        const res = await backend.dispatcher.binary(def.channel, pdf, meta, BINARY_CONTENT_TYPE);
        expect(res.ok === false && res.error.code).toBe('VALIDATION_FAILED');
      },
    );
  });

  it('ran the outbox examples on real records: submit made its rows, cancel cancelled a real one', () => {
    const submit = contract.submitSend.example;
    expect(answered.get('outbox:submit')).toMatchObject({
      ok: true,
      value: {
        created: true,
        items: submit.recipients.map((partyId) => ({
          draftId: ids.byChannel['outbox:submit']!.draftId,
          caseNumber: submit.caseNumber,
          recipient: { partyId },
        })),
      },
    });
    expect(answered.get('outbox:cancel')).toMatchObject({
      ok: true,
      value: {
        changed: true,
        refusal: null,
        item: { id: ids.byKey.outboxId, entry: { state: 'cancelled' } },
      },
    });
    for (const channel of ['outbox:retry', 'outbox:resolve']) {
      expect(answered.get(channel), channel).toMatchObject({
        ok: true,
        value: { item: { id: ids.byKey.outboxId } },
      });
    }
    expect(answered.get('drafts:discard')).toEqual({ ok: true, value: { discarded: true } });
  });

  it('still answers normally after all of that', async () => {
    const res = await backend.dispatcher.json('app:info', {});
    expect(res).toMatchObject({ ok: true, value: { appVersion: '0.0.0-test' } });
  });

  it('with nobody signed in, answers only the open channels and refuses every other example as UNAUTHENTICATED', async () => {
    await call(backend.dispatcher, 'auth:signOut', { reason: 'user' });
    const open = new Set(['app:info', 'auth:session', 'auth:setUp', 'auth:signIn', 'auth:signOut']);
    for (const def of jsonDefs) {
      if (open.has(def.channel)) continue;
      const res = await backend.dispatcher.json(def.channel, withRealIds(ids, def.channel, def.example));
      expect(res.ok === false && res.error.code, def.channel).toBe('UNAUTHENTICATED');
    }
    for (const def of binaryDefs) {
      const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
      const res = await backend.dispatcher.binary(def.channel, pdf, def.example, BINARY_CONTENT_TYPE);
      expect(res.ok === false && res.error.code, def.channel).toBe('UNAUTHENTICATED');
    }
    expect(await call(backend.dispatcher, 'auth:session', {})).toMatchObject({ mode: 'users', user: null });
  });
});
