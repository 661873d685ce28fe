import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Starts worker processes. The port is small on purpose: the Electron app implements it with utilityProcess
 * (the RunAsNode fuse is off, so `fork` from Electron main does not work), tests and the CLI with
 * node:child_process. Messages must be structured-clone safe; bytes travel as Uint8Array.
 */
export interface ProcessHost {
  start(entry: WorkerEntry): WorkerHandle;
}

export interface WorkerEntry {
  /** Absolute path of the module the child runs. */
  modulePath: string;
  /** Node flags for the child, e.g. `['--import', 'tsx']` to run TypeScript in tests. */
  execArgv: string[];
  /** Arguments for the child's `process.argv` (the sandbox's `--data-dir`); none when absent. */
  args?: string[];
  /** A name for the OS's process list (utilityProcess's serviceName). */
  serviceName?: string;
}

export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: unknown) => void): () => void;
  onExit(listener: (exit: WorkerExit) => void): () => void;
  /** Ends the process at once (SIGKILL): a worker stuck in a synchronous loop cannot be asked nicely. */
  kill(): void;
  /**
   * Resident memory of the child as the OS sees it, or null when this host cannot read it; the parent then
   * falls back to the RSS the child reports in its heartbeats.
   */
  sampleRssBytes(): number | null;
}

/** Reads VmRSS from /proc (Linux). Null elsewhere or when the process is gone. */
export function readProcRssBytes(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The ProcessHost of tests and the CLI. */
export function createForkProcessHost(): ProcessHost {
  return {
    start(entry) {
      // 'advanced' serialization keeps Uint8Array as bytes; the default JSON would turn 100 MB into a number array.
      const child = fork(entry.modulePath, entry.args ?? [], {
        execArgv: entry.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      // Drain stderr so a chatty child never blocks on a full pipe; it is not logged (it could hold document text).
      child.stderr?.resume();
      return {
        pid: child.pid,
        send: (message) => {
          if (child.connected) child.send(message as never);
        },
        onMessage: (listener) => {
          child.on('message', listener);
          return () => void child.off('message', listener);
        },
        onExit: (listener) => {
          const wrapped = (code: number | null, signal: NodeJS.Signals | null) => listener({ code, signal });
          child.on('exit', wrapped);
          return () => void child.off('exit', wrapped);
        },
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
        sampleRssBytes: () => readProcRssBytes(child.pid),
      };
    },
  };
}
