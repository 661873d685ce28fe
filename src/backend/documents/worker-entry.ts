import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WorkerEntry } from './process-host';

/**
 * The one place that knows where the PDF worker's entry is. Built, it is `out/main/pdf-worker.js` (the
 * `pdf-worker` input of electron.vite.config.ts), next to the bundle or one level up when this code sits in
 * out/main/chunks/. From source (tests, tsx) it is pdf-worker-dev.cjs, which loads pdf.js and then runs the
 * TypeScript entry through tsx.
 */
export function pdfWorkerEntry(here: string = __dirname): WorkerEntry {
  const candidates = [join(here, 'pdf-worker.js')];
  if (basename(here) === 'chunks') candidates.push(join(dirname(here), 'pdf-worker.js'));
  const built = candidates.find((path) => existsSync(path));
  if (built) return { modulePath: built, execArgv: [] };
  return { modulePath: join(here, 'pdf-worker-dev.cjs'), execArgv: [] };
}
