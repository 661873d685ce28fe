import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Dispatcher, type HandlerMap } from '../../../src/backend/dispatch';
import type { EventListener } from '../../../src/backend/events';
import { registerIpcBridge } from '../../../src/main/ipc-bridge';
import type { SenderContext } from '../../../src/main/security-policy';
import { channelDefs, EVENT_CHANNEL } from '../../../src/shared/contract';
import { fail } from '../../../src/shared/result';
import { MemoryLogger } from '../../support/fakes';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  return { handlers, ipcMain };
});
vi.mock('electron', () => ({ ipcMain: fake.ipcMain }));

const OWN = 'file:///opt/Sendeassistent/resources/app.asar/out/renderer/index.html';
const senders: SenderContext = {
  rendererFileUrl: OWN,
  devServerUrl: undefined,
  isPackaged: true,
  caseInsensitivePaths: false,
};
const frame = (url: string | null, parent: unknown = null) => ({
  senderFrame: url === null ? null : { url, parent },
});
const jsonDefs = channelDefs.filter((d) => d.kind === 'json');
const binaryDefs = channelDefs.filter((d) => d.kind === 'binary');

function fakeDispatcher() {
  return {
    json: vi.fn(async () => ({ ok: true as const, value: 'json' })),
    binary: vi.fn(async () => ({ ok: true as const, value: 'binary' })),
  } satisfies Dispatcher;
}

function setup<D extends Dispatcher = ReturnType<typeof fakeDispatcher>>(
  dispatcher: D = fakeDispatcher() as unknown as D,
  target: ReturnType<typeof fakeTarget> | null = null,
) {
  let emit: EventListener = () => {};
  const unsubscribe = vi.fn();
  const dispose = registerIpcBridge({
    dispatcher,
    senders,
    onEvent: (listener) => {
      emit = listener;
      return unsubscribe;
    },
    target: () => target as never,
  });
  const call = (channel: string, event: unknown, ...args: unknown[]) =>
    (fake.handlers.get(channel) as Handler)(event, ...args);
  return { dispatcher, dispose, unsubscribe, call, emit: (...a: Parameters<EventListener>) => emit(...a) };
}

function fakeTarget(url = OWN) {
  return { send: vi.fn(), isDestroyed: vi.fn(() => false), getURL: vi.fn(() => url) };
}

beforeEach(() => {
  fake.handlers.clear();
  vi.clearAllMocks();
});

describe('ipc-bridge registration', () => {
  it('handles exactly the contract channels, and removes them on dispose', () => {
    const { dispose, unsubscribe } = setup();
    expect([...fake.handlers.keys()].sort()).toEqual(channelDefs.map((d) => d.channel).sort());
    dispose();
    expect(fake.handlers.size).toBe(0);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });
});

describe('ipc-bridge sender check', () => {
  const foreign: [string, unknown][] = [
    ['another file page', frame('file:///home/x/Downloads/index.html')],
    ['devtools', frame('devtools://devtools/bundled/inspector.html')],
    ['about:blank', frame('about:blank')],
    ['a web page', frame('https://example.com/')],
    ['an iframe carrying our URL', frame(OWN, { url: OWN })],
    ['a frame that is gone', frame(null)],
    ['an event without a frame', {}],
  ];

  it.each(foreign)('refuses %s on every channel without calling the dispatcher', async (_what, event) => {
    const { call, dispatcher } = setup();
    for (const def of channelDefs) {
      await expect(call(def.channel, event, def.example, def.example)).resolves.toEqual(fail('FORBIDDEN'));
    }
    expect(dispatcher.json).not.toHaveBeenCalled();
    expect(dispatcher.binary).not.toHaveBeenCalled();
  });

  it('lets our own page through, hash and all', async () => {
    const { call, dispatcher } = setup();
    await call('cases:list', frame(`${OWN}#/sager/27.24.00-G01-117-25`), { query: 'x' });
    expect(dispatcher.json).toHaveBeenCalledWith('cases:list', { query: 'x' });
  });
});

describe('ipc-bridge forwarding', () => {
  it.each(jsonDefs.map((d) => [d.channel, d] as const))(
    'forwards %s to dispatcher.json with the first argument',
    async (channel, def) => {
      const { call, dispatcher } = setup();
      await expect(call(channel, frame(OWN), def.example, 'ignored extra')).resolves.toEqual({
        ok: true,
        value: 'json',
      });
      expect(dispatcher.json).toHaveBeenCalledWith(channel, def.example);
    },
  );

  it.each(binaryDefs.map((d) => [d.channel, d] as const))(
    'turns an ArrayBuffer on %s into bytes typed octet-stream',
    async (channel, def) => {
      const { call, dispatcher } = setup();
      const buffer = new Uint8Array([37, 80, 68, 70]).buffer;
      await call(channel, frame(OWN), buffer, def.example);
      const [ch, body, meta, type] = dispatcher.binary.mock.calls[0] as unknown as [
        string,
        Uint8Array,
        unknown,
        string,
      ];
      expect(ch).toBe(channel);
      expect(body).toBeInstanceOf(Uint8Array);
      expect([...body]).toEqual([37, 80, 68, 70]);
      expect(meta).toEqual(def.example);
      expect(type).toBe('application/octet-stream');
    },
  );

  it.each(binaryDefs.map((d) => [d.channel, d] as const))(
    'passes a Uint8Array on %s through as is',
    async (channel, def) => {
      const { call, dispatcher } = setup();
      const bytes = new Uint8Array([1, 2, 3]);
      await call(channel, frame(OWN), bytes, def.example);
      expect(dispatcher.binary).toHaveBeenCalledWith(channel, bytes, def.example, 'application/octet-stream');
    },
  );

  it.each([
    ['a string', '%PDF-1.7'],
    ['a number', 42],
    ['null', null],
    ['an object', { 0: 37 }],
    ['an array', [37, 80]],
    ['a DataView', new DataView(new ArrayBuffer(4))],
  ])('gives %s body a null declared type', async (_what, body) => {
    const { call, dispatcher } = setup();
    for (const def of binaryDefs) {
      await call(def.channel, frame(OWN), body, def.example);
      expect(dispatcher.binary).toHaveBeenLastCalledWith(def.channel, null, def.example, null);
    }
  });

  it('so the real dispatcher refuses a string body with UNSUPPORTED_MEDIA_TYPE before any handler runs', async () => {
    const handler = vi.fn();
    const handlers: HandlerMap = Object.fromEntries(channelDefs.map((d) => [d.channel, handler]));
    const { call } = setup(createDispatcher(handlers, new MemoryLogger()));
    for (const def of binaryDefs) {
      await expect(call(def.channel, frame(OWN), 'not bytes', def.example)).resolves.toEqual(
        fail('UNSUPPORTED_MEDIA_TYPE'),
      );
    }
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('ipc-bridge events', () => {
  it('pushes backend events to our window as {name, payload}', () => {
    const target = fakeTarget();
    const { emit } = setup(fakeDispatcher(), target);
    emit('audit:appended', { seq: 3, kind: 'case.viewed' });
    expect(target.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      name: 'audit:appended',
      payload: { seq: 3, kind: 'case.viewed' },
    });
  });

  it('sends nothing to a destroyed window or to a page that is not ours', () => {
    const gone = fakeTarget();
    gone.isDestroyed.mockReturnValue(true);
    setup(fakeDispatcher(), gone).emit('audit:appended', { seq: 1, kind: 'x' });
    expect(gone.send).not.toHaveBeenCalled();

    fake.handlers.clear();
    const elsewhere = fakeTarget('https://example.com/');
    setup(fakeDispatcher(), elsewhere).emit('audit:appended', { seq: 1, kind: 'x' });
    expect(elsewhere.send).not.toHaveBeenCalled();
  });

  it('does nothing when there is no window', () => {
    expect(() => setup(fakeDispatcher(), null).emit('audit:appended', { seq: 1, kind: 'x' })).not.toThrow();
  });
});
