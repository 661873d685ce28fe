import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Dispatcher } from '../backend/dispatch';
import { BINARY_CONTENT_TYPE } from '../backend/dispatch';
import type { EventListener } from '../backend/events';
import { channelDefs, EVENT_CHANNEL } from '../shared/contract';
import { fail } from '../shared/result';
import { isAllowedSender, type SenderContext } from './security-policy';

export interface IpcBridgeOptions {
  readonly dispatcher: Dispatcher;
  readonly senders: SenderContext;
  /** The backend's event subscription; events go to `target()` when there is one. */
  readonly onEvent: (listener: EventListener) => () => void;
  readonly target: () => WebContents | null;
}

/** Only a top-level frame can be our page; an iframe with a look-alike URL is still someone else. */
function senderUrl(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  return frame && frame.parent === null ? frame.url : null;
}

/** Over IPC an ArrayBuffer arrives as itself and a Buffer as a Uint8Array; anything else is not a document body. */
function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

/** One `ipcMain.handle` per contract channel, each behind the sender check. Returns a function that undoes it all. */
export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  for (const def of channelDefs) {
    ipcMain.handle(def.channel, async (event, ...args: unknown[]) => {
      if (!isAllowedSender(senderUrl(event), options.senders)) return fail('FORBIDDEN');
      if (def.kind === 'json') return options.dispatcher.json(def.channel, args[0]);
      const body = asBytes(args[0]);
      // A null declared type makes dispatch refuse with UNSUPPORTED_MEDIA_TYPE before anything is parsed.
      return options.dispatcher.binary(def.channel, body, args[1], body ? BINARY_CONTENT_TYPE : null);
    });
  }
  const unsubscribe = options.onEvent((name, payload) => {
    const target = options.target();
    // Events are pushed only to our own page, by the same rule as the calls that come in.
    if (target && !target.isDestroyed() && isAllowedSender(target.getURL(), options.senders)) {
      target.send(EVENT_CHANNEL, { name, payload });
    }
  });
  return () => {
    unsubscribe();
    for (const def of channelDefs) ipcMain.removeHandler(def.channel);
  };
}
