/* global window, EventSource */
/*
 * The harness's stand-in for the preload: defines `window.api` with the preload's shape (one function per
 * contract method, plus onEvent) on top of HTTP. serve.ts serves this file with the placeholder below replaced by
 * a map generated from the contract at start-up, and loads it before the app's own script.
 *
 * Every call settles with the backend's Result exactly as the server sent it; only a transport failure (no
 * answer, or an answer that is not a Result) becomes an INTERNAL Result, as a broken IPC channel would.
 */
(function installHarnessApi() {
  'use strict';

  /** @type {{ methods: Record<string, { channel: string, kind: 'json' | 'binary' }>, events: string[], internalMessage: string }} */
  const config = /*__HARNESS_CONFIG__*/ null;
  if (!config) throw new Error('bridge.js was served without its contract map');

  const transportFailure = () => ({
    ok: false,
    error: { code: 'INTERNAL', message: config.internalMessage },
  });

  const isResult = (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value.ok === true
      ? 'value' in value
      : value.ok === false && typeof value.error === 'object' && value.error !== null);

  async function post(channel, body, headers) {
    let response;
    try {
      response = await fetch('/__api/' + encodeURIComponent(channel), {
        method: 'POST',
        headers,
        body,
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      return transportFailure();
    }
    // The status code only says whether the harness accepted the request; the Result in the body is the answer.
    try {
      const result = await response.json();
      return isResult(result) ? result : transportFailure();
    } catch {
      return transportFailure();
    }
  }

  function jsonCall(channel) {
    // `undefined` input goes as an empty body, which the server hands to the dispatcher as `undefined`, as IPC would.
    return (input) =>
      post(channel, input === undefined ? '' : JSON.stringify(input), { 'content-type': 'application/json' });
  }

  function binaryCall(channel) {
    return (bytes, meta) => {
      const headers = {};
      if (meta !== undefined) headers['x-api-meta'] = encodeURIComponent(JSON.stringify(meta));
      if (bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)) {
        headers['content-type'] = 'application/octet-stream';
        return post(channel, bytes, headers);
      }
      // Not bytes: declare it as what it is, so the server refuses it the way the IPC bridge refuses a non-buffer.
      headers['content-type'] = 'text/plain';
      return post(channel, '', headers);
    };
  }

  // One EventSource for all listeners, opened on the first subscription.
  const listeners = new Map(config.events.map((name) => [name, new Set()]));
  let source = null;

  function ensureSource() {
    if (source) return;
    source = new EventSource('/__events');
    for (const name of config.events) {
      source.addEventListener(name, (message) => {
        let payload;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        for (const listener of [...listeners.get(name)]) {
          try {
            listener(payload);
          } catch (err) {
            // One failing listener must not starve the others; report it as an uncaught error would be.
            window.reportError(err);
          }
        }
      });
    }
  }

  function onEvent(name, listener) {
    if (!listeners.has(name)) throw new TypeError('Unknown event: ' + String(name));
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function');
    ensureSource();
    const set = listeners.get(name);
    // Wrap, so subscribing the same function twice gives two independent subscriptions, as with ipcRenderer.on.
    const entry = (payload) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  const api = {};
  for (const [method, def] of Object.entries(config.methods)) {
    api[method] = def.kind === 'binary' ? binaryCall(def.channel) : jsonCall(def.channel);
  }
  api.onEvent = onEvent;

  // Like contextBridge.exposeInMainWorld: the page can use window.api but not replace or extend it.
  Object.defineProperty(window, 'api', {
    value: Object.freeze(api),
    enumerable: true,
    writable: false,
    configurable: false,
  });
})();
