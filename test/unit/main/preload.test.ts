import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract, EVENT_CHANNEL, type Api } from '../../../src/shared/contract';

// The preload runs against a fake `electron`: a contextBridge that keeps what is exposed, an ipcRenderer that records.
type IpcListener = (event: unknown, ...args: unknown[]) => void;
const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(fn);
      return ipcRenderer;
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => void exposed.set(key, value)),
  };
  return { listeners, ipcRenderer, contextBridge, exposed };
});
vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));

/** What main does: one message on the event channel, with the IPC event object first. */
function emitFromMain(message: unknown) {
  const ipcEvent = { sender: fake.ipcRenderer, senderId: 0, ports: [] };
  for (const l of fake.listeners.get(EVENT_CHANNEL) ?? []) (l as IpcListener)(ipcEvent, message);
}

let api: Api;
beforeAll(async () => {
  await import('../../../src/preload/index');
  api = fake.exposed.get('api') as Api;
});
beforeEach(() => fake.ipcRenderer.invoke.mockClear());

describe('preload', () => {
  it('exposes exactly one object, window.api', () => {
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...fake.exposed.keys()]).toEqual(['api']);
  });

  it("has exactly the contract's methods plus onEvent, all functions", () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(contract), 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never hands out ipcRenderer or one of its functions', () => {
    const leaked = Object.values(api).filter(
      (v) => (v as unknown) === fake.ipcRenderer || Object.values(fake.ipcRenderer).includes(v as never),
    );
    expect(leaked).toEqual([]);
  });

  it.each(Object.entries(contract).filter(([, d]) => d.kind === 'json'))(
    'json method %s invokes its channel with the input only',
    async (method, def) => {
      const input = { ...def.example };
      const fn = api[method as keyof Api] as (i: unknown) => Promise<unknown>;
      await expect(fn(input)).resolves.toEqual({ ok: true, value: { channel: def.channel, args: [input] } });
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(def.channel, input);
    },
  );

  it.each(Object.entries(contract).filter(([, d]) => d.kind === 'binary'))(
    'binary method %s invokes its channel with the bytes and the meta',
    async (method, def) => {
      const bytes = new Uint8Array([37, 80, 68, 70]).buffer;
      const fn = api[method as keyof Api] as (b: ArrayBuffer, m: unknown) => Promise<unknown>;
      await fn(bytes, def.example);
      expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(def.channel, bytes, def.example);
      expect(fake.ipcRenderer.invoke.mock.calls[0]).toHaveLength(3);
    },
  );

  it('getCase goes to cases:get', async () => {
    await api.getCase({ caseNumber: '27.24.00-G01-117-25' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('cases:get', { caseNumber: '27.24.00-G01-117-25' });
  });
});

describe('preload onEvent', () => {
  it('delivers only the named event, and only its payload', () => {
    const got: unknown[][] = [];
    const off = api.onEvent('audit:appended', (...args: unknown[]) => void got.push(args));
    emitFromMain({ name: 'audit:appended', payload: { seq: 7, kind: 'case.viewed' } });
    emitFromMain({
      name: 'documents:progress',
      payload: { jobId: 'j', phase: 'hashing', done: 1, total: 2 },
    });
    emitFromMain(null);
    emitFromMain('audit:appended');
    expect(got).toEqual([[{ seq: 7, kind: 'case.viewed' }]]);
    off();
  });

  it('stops delivering after unsubscribe and removes its IPC listener', () => {
    const listener = vi.fn();
    const off = api.onEvent('documents:progress', listener);
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(1);
    off();
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
    emitFromMain({
      name: 'documents:progress',
      payload: { jobId: 'j', phase: 'hashing', done: 1, total: 2 },
    });
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses an event name the contract does not declare', () => {
    expect(() => (api.onEvent as (n: string, l: () => void) => void)('app:quit', () => {})).toThrow(
      TypeError,
    );
    expect(() => (api.onEvent as (n: string, l: () => void) => void)('__proto__', () => {})).toThrow(
      TypeError,
    );
  });
});
