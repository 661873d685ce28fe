import { app, utilityProcess, type UtilityProcess } from 'electron';
import type { ProcessHost, WorkerHandle } from '../backend/documents/process-host';

/**
 * The app's ProcessHost: the PDF worker and the sandbox as Electron utilityProcesses (with the RunAsNode fuse off, `fork` of the
 * Electron binary does not work). Memory comes from Chromium's process metrics, on every OS.
 */
export function createUtilityProcessHost(): ProcessHost {
  return {
    start(entry): WorkerHandle {
      const child: UtilityProcess = utilityProcess.fork(entry.modulePath, entry.args ?? [], {
        serviceName: entry.serviceName ?? 'Sendeassistent PDF',
        // stderr could hold document text: never inherited into the app's log.
        stdio: 'ignore',
        execArgv: entry.execArgv,
      });
      let exited = false;
      child.once('exit', () => (exited = true));
      return {
        get pid() {
          return child.pid;
        },
        send: (message) => {
          if (!exited) child.postMessage(message);
        },
        onMessage: (listener) => {
          child.on('message', listener);
          return () => void child.off('message', listener);
        },
        onExit: (listener) => {
          const wrapped = (code: number) => listener({ code, signal: null });
          child.on('exit', wrapped);
          return () => void child.off('exit', wrapped);
        },
        kill: () => {
          if (!exited) child.kill();
        },
        sampleRssBytes: () => {
          const metric = app.getAppMetrics().find((m) => m.pid === child.pid);
          // workingSetSize is in kilobytes.
          return metric ? metric.memory.workingSetSize * 1024 : null;
        },
      };
    },
  };
}
