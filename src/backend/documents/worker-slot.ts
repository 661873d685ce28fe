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

/**
 * V8 flags for every PDF worker process: its garbage collector keeps the heap closer to what is live, which brings
 * two workers reading one long document to about the 300 MB of issue 3 (docs/bench.md). Neither is a cap, so no
 * document can fail because of them: a young generation of at most 2 x 8 MB (Node 20's default is 2 x 16 MB on 64 bit), and
 * an old generation that may grow by 20 % before the next full collection (V8 otherwise picks a factor of up to 4
 * while a fresh worker's heap grows). Measured on the 300-page bench document: ~40 MB less peak RSS per worker for
 * about the same CPU time. The entry's own flags come after these, so a caller can still override them.
 */
export const PDF_WORKER_V8_FLAGS: readonly string[] = [
  '--max-semi-space-size=8',
  '--heap-growing-percent=20',
];

/** Loading pdf.js takes well under a second; this only stops a broken install from hanging the caller. */
const STARTUP_TIMEOUT_MS = 30_000;

export function createWorkerSlot(host: ProcessHost, entry: WorkerEntry): WorkerSlot {
  let current: Promise<LiveWorker> | null = null;
  let currentWorker: LiveWorker | null = null;

  function start(): Promise<LiveWorker> {
    const handle = host.start({ ...entry, execArgv: [...PDF_WORKER_V8_FLAGS, ...entry.execArgv] });
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
