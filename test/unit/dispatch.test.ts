import { describe, expect, it } from 'vitest';
import { createDispatcher, type HandlerMap } from '../../src/backend/dispatch';
import { channelDefs } from '../../src/shared/contract';
import { AppError } from '../../src/shared/result';
import { MemoryLogger } from '../support/fakes';

const CANARY_CPR = '010203-4567';

function handlers(over: HandlerMap): HandlerMap {
  const all: HandlerMap = {};
  for (const d of channelDefs) all[d.channel] = () => ({});
  return { ...all, ...over };
}

describe('dispatch', () => {
  it('turns a thrown AppError into its code and message', async () => {
    const logger = new MemoryLogger();
    const d = createDispatcher(
      handlers({
        'cases:get': () => {
          throw new AppError('NOT_FOUND', 'no such case');
        },
      }),
      logger,
    );
    expect(await d.json('cases:get', { caseNumber: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/findes ikke/) },
    });
  });

  it('answers INTERNAL, and logs no personal data, when a handler crashes or breaks its output schema', async () => {
    const logger = new MemoryLogger();
    const d = createDispatcher(
      handlers({
        'cases:get': () => {
          throw new Error(`boom for ${CANARY_CPR}`);
        },
        'cases:list': () => ({ cases: [{ caseNumber: CANARY_CPR }] }),
      }),
      logger,
    );
    expect(await d.json('cases:get', { caseNumber: CANARY_CPR })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(await d.json('cases:list', { query: CANARY_CPR })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(await d.json('cases:list', { query: 5 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain(CANARY_CPR);
  });

  it('answers NOT_FOUND for a channel that is not in the contract, and for the wrong kind of call', async () => {
    const d = createDispatcher(handlers({}), new MemoryLogger());
    expect(await d.json('no:such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await d.json('documents:inspect', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await d.binary('cases:list', new Uint8Array(1), {}, 'application/octet-stream')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('never parses meta or calls the handler for a refused body', async () => {
    let called = false;
    const d = createDispatcher(
      handlers({
        'documents:inspect': () => {
          called = true;
          return {};
        },
      }),
      new MemoryLogger(),
    );
    await d.binary('documents:inspect', new Uint8Array(0), { bad: 'meta' }, 'application/octet-stream');
    await d.binary('documents:inspect', new Uint8Array(4), { bad: 'meta' }, 'text/plain');
    expect(called).toBe(false);
  });
});
