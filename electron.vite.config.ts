import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three builds from one config: the Electron main process (with the CLI as a second entry, so the
// `sendeassistent` command runs the same backend code), the sandboxed preload, and the window.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          // The PDF extraction worker, started as its own process (child_process in the CLI, utilityProcess in the app).
          'pdf-worker': resolve(__dirname, 'src/backend/documents/pdf-worker.ts'),
          // The sandbox connector's simulated Digital Post, started as its own process like the PDF worker.
          sandbox: resolve(__dirname, 'src/backend/connectors/sandbox/sandbox-main.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can only require `electron`: bundle everything else (the contract and zod) into it.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
