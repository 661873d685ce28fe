'use strict';
// Entry of the PDF worker when run from source (tests, tsx). pdf.js is loaded before tsx is registered: through
// tsx's loader its 5 MB of JavaScript cost ~400 MB of RSS, which would distort the memory cap. The built app
// runs out/main/pdf-worker.js directly and never uses this file.
(async () => {
  globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  require('tsx/cjs');
  require('./pdf-worker.ts');
})().catch(() => process.exit(70));
