/**
 * Entry of the PDF worker process (out/main/pdf-worker.js in the build). It runs pdf.js on bytes it is sent and
 * nothing else; the parent caps its time and memory and kills it when needed.
 */
import { processPort, startPdfWorker } from './worker-runtime';

void startPdfWorker(processPort()).catch(() => {
  // Without pdf.js nothing can be answered; exiting lets the parent report it and start afresh.
  process.exit(70);
});
