'use strict';
// Entry of the PDF worker when run from source (tests, tsx). pdf.js is loaded before tsx is registered: through
// tsx's loader its 5 MB of JavaScript cost ~400 MB of RSS, which would distort the memory cap. The built app
// runs out/main/pdf-worker.js directly and never uses this file.
(async () => {
  // Saved before pdf.js's core-js replaces it, and put back once tsx can load restoreEnginePush (worker-runtime.ts
  // explains why that is safe); startPdfWorker's own save would come too late here.
  const enginePush = Array.prototype.push;
  globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  require('tsx/cjs');
  require('./worker-runtime.ts').restoreEnginePush(enginePush);
  require('./pdf-worker.ts');
})().catch(() => process.exit(70));
