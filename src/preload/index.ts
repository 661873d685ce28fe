import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contract, EVENT_CHANNEL, events, type Api, type Method } from '../shared/contract';

/**
 * `window.api`: one function per contract method, built from the contract (no hand-written list), plus `onEvent`.
 * The page never gets `ipcRenderer`, a generic send, or an IPC event object: only results and event payloads.
 */

function invoker<K extends Method>(method: K): Api[K] {
  const { channel, kind } = contract[method];
  const call =
    kind === 'json'
      ? (input: unknown) => ipcRenderer.invoke(channel, input)
      : (bytes: unknown, meta: unknown) => ipcRenderer.invoke(channel, bytes, meta);
  // The contract's types describe what `invoke` resolves to; main's dispatcher makes that true at run time.
  return call as unknown as Api[K];
}

const methods = Object.fromEntries((Object.keys(contract) as Method[]).map((m) => [m, invoker(m)])) as {
  [K in Method]: Api[K];
};

const onEvent: Api['onEvent'] = (name, listener) => {
  if (!Object.prototype.hasOwnProperty.call(events, name)) {
    throw new TypeError(`Unknown event: ${String(name)}`);
  }
  const handler = (_event: IpcRendererEvent, message: unknown) => {
    const m = message as { name?: unknown; payload?: unknown } | null;
    if (m && m.name === name) listener(m.payload as Parameters<typeof listener>[0]);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
};

const api = { ...methods, onEvent } satisfies Api;

contextBridge.exposeInMainWorld('api', api);
