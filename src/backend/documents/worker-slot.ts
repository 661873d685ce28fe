import type { ProcessHost, WorkerEntry, WorkerHandle } from './process-host';
import { isFromWorker } from './worker-protocol';

export interface LiveWorker {
  handle: WorkerHandle;
  /** The OS figure when the host has one, else the last heartbeat (which stalls while the worker is busy). */
  rssBytes(): number | null;
}

export interface WorkerSlot {
  /** The warm worker, or a fresh one once it is ready. */
  acquire(): Promise<LiveWorker>;
  /** Kills this worker; the next acquire starts a new one. */
  discard(worker: LiveWorker): void;
  close(): void;
}

/** Loading pdf.js takes well under a second; this only stops a broken install from hanging the caller. */
const STARTUP_TIMEOUT_MS = 30_000;

export function createWorkerSlot(host: ProcessHost, entry: WorkerEntry): WorkerSlot {
  let current: Promise<LiveWorker> | null = null;
  let currentWorker: LiveWorker | null = null;

  function start(): Promise<LiveWorker> {
    const handle = host.start(entry);
    let heartbeatRss: number | null = null;
    const worker: LiveWorker = { handle, rssBytes: () => handle.sampleRssBytes() ?? heartbeatRss };
    handle.onMessage((message) => {
      if (isFromWorker(message) && (message.type === 'heartbeat' || message.type === 'ready')) {
        heartbeatRss = message.rssBytes;
      }
    });
    handle.onExit(() => {
      if (currentWorker === worker) {
        current = null;
        currentWorker = null;
      }
    });
    currentWorker = worker;
    return new Promise<LiveWorker>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        handle.kill();
        if (currentWorker === worker) {
          current = null;
          currentWorker = null;
        }
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail('PDF worker did not start in time'), STARTUP_TIMEOUT_MS);
      const offMessage = handle.onMessage((message) => {
        if (isFromWorker(message) && message.type === 'ready') {
          cleanup();
          resolve(worker);
        }
      });
      const offExit = handle.onExit(() => fail('PDF worker exited before it was ready'));
      const cleanup = () => {
        clearTimeout(timer);
        offMessage();
        offExit();
      };
    });
  }

  return {
    acquire() {
      current ??= start();
      return current;
    },
    discard(worker) {
      if (currentWorker === worker) {
        current = null;
        currentWorker = null;
      }
      worker.handle.kill();
    },
    close() {
      currentWorker?.handle.kill();
      current = null;
      currentWorker = null;
    },
  };
}
