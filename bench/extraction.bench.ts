/**
 * `npm run bench` (tsx bench/extraction.bench.ts): the extraction figures of issue 3, point 9, measured in one run
 * on documents generated here (pdfkit, the committed DejaVu Sans): a 5-page letter and a 300-page case bundle.
 * Prints one table. A benchmark, not a test: it asserts nothing and always exits 0 unless it cannot run at all.
 * docs/bench.md explains the figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, type Backend } from '../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../src/backend/dispatch';
import { createExtractor } from '../src/backend/documents/extractor';
import {
  createForkProcessHost,
  readProcRssBytes,
  type ProcessHost,
  type WorkerHandle,
} from '../src/backend/documents/process-host';
import type { Extraction } from '../src/backend/documents/types';
import { danishCaseBundle } from '../test/fixtures/documents/bundle-fixtures';

const LETTER_PAGES = 5;
const BUNDLE_PAGES = 300;
const LATENCY_WARMUP = 5;
const LATENCY_RUNS = 30;
const THROUGHPUT_RUNS = 5;
const RSS_SAMPLE_MS = 5;

const TARGETS = {
  letterMedianMs: 150,
  ratio: 0.35,
  peakRssMb: 300,
};

/**
 * Drop-to-analysis for one dropped letter: bytes in, everything the checks need out. Pluggable so the bench can
 * later time the backend's analysis channel (store included) instead of the extractor and the entity rules.
 */
export type AnalyseLetter = (bytes: Uint8Array) => Promise<unknown>;

/** Through the backend's own channel, as the window calls it: worker, entities, document type and the draft stored. */
export function backendAnalysis(backend: Backend): AnalyseLetter {
  return async (bytes) => {
    const res = await backend.dispatcher.binary(
      'documents:analyze',
      bytes,
      { fileName: 'brev.pdf' },
      BINARY_CONTENT_TYPE,
    );
    if (!res.ok) throw new Error(`analysis failed: ${res.error.code}`);
    return res.value;
  };
}

/** A fork host that remembers its live workers, so their RSS can be summed while they work. */
function recordingHost(): ProcessHost & { live(): WorkerHandle[] } {
  const inner = createForkProcessHost();
  const live = new Set<WorkerHandle>();
  return {
    start(entry) {
      const handle = inner.start(entry);
      live.add(handle);
      handle.onExit(() => live.delete(handle));
      return handle;
    },
    live: () => [...live],
  };
}

/** Samples the summed VmRSS of the live workers until stopped; returns the peak in bytes. */
function rssPeak(host: { live(): WorkerHandle[] }): { stop(): number } {
  let peak = 0;
  const sample = () => {
    let sum = 0;
    for (const handle of host.live()) sum += readProcRssBytes(handle.pid) ?? 0;
    peak = Math.max(peak, sum);
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** Runs pdftotext on the file, text to stdout, and returns the wall time of the whole command in ms. */
function timePdftotext(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('pdftotext', ['-q', '-enc', 'UTF-8', path, '-'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`pdftotext exited with ${code}`));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

function expectOk(extraction: Extraction, pages: number, what: string): void {
  if (extraction.outcome !== 'ok' || extraction.pages !== pages) {
    throw new Error(
      `${what}: expected ok with ${pages} pages, got ${extraction.outcome} (${extraction.pages})`,
    );
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |';
  return [
    line(rows[0]!),
    '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |',
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The worker counts measured on the 300 pages: the default (1) and both cores of the CI-class machine (2). */
const WORKER_COUNTS = [1, 2] as const;

interface Throughput {
  workers: number;
  ours: number[];
  poppler: number[];
  peakRss: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-bench-'));
  const setups = WORKER_COUNTS.map((workers) => {
    const host = recordingHost();
    return { workers, host, extractor: createExtractor({ processHost: host, workers }) };
  });
  const backend = createBackend({
    dataDir: join(dir, 'data'),
    resourcesDir: join(__dirname, '..', 'resources'),
    passphrase: 'bench-passphrase-not-secret',
    currentUser: { name: () => 'bench' },
    appVersion: 'bench',
  });
  try {
    const letter = await danishCaseBundle(LETTER_PAGES, { title: 'Afgørelse om særlige udgifter' });
    const bundle = await danishCaseBundle(BUNDLE_PAGES, { title: 'Sagsakter' });
    const bundlePath = join(dir, `bundle-${BUNDLE_PAGES}.pdf`);
    writeFileSync(join(dir, `letter-${LETTER_PAGES}.pdf`), letter);
    writeFileSync(bundlePath, bundle);

    // Warm-up: start the worker(s), let V8 compile pdf.js's hot paths on both documents.
    let warmBundle: Extraction | null = null;
    for (const { extractor } of setups) {
      await extractor.describeWorker();
      expectOk(await extractor.analyze(letter), LETTER_PAGES, 'letter');
      warmBundle = await extractor.analyze(bundle);
      expectOk(warmBundle, BUNDLE_PAGES, 'bundle');
    }
    await timePdftotext(bundlePath);

    // 300 pages: ours and pdftotext, interleaved so both see the same machine state; the worker counts take turns.
    const throughput: Throughput[] = setups.map(({ workers }) => ({
      workers,
      ours: [],
      poppler: [],
      peakRss: 0,
    }));
    for (let i = 0; i < THROUGHPUT_RUNS; i++) {
      for (const [s, { host, extractor }] of setups.entries()) {
        const t = throughput[s]!;
        const rss = rssPeak(host);
        const run = await timed(() => extractor.analyze(bundle));
        t.peakRss = Math.max(t.peakRss, rss.stop());
        expectOk(run.value, BUNDLE_PAGES, 'bundle');
        t.ours.push(run.ms);
        t.poppler.push(await timePdftotext(bundlePath));
      }
    }

    // Drop-to-analysis of the 5-page letter with a warm worker, through the backend (store included).
    const analyseLetter = backendAnalysis(backend);
    for (let i = 0; i < LATENCY_WARMUP; i++) await analyseLetter(letter);
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) latencies.push((await timed(() => analyseLetter(letter))).ms);

    const letterMs = median(latencies);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const charsPerPage = Math.round(warmBundle!.chars / warmBundle!.pages);
    const throughputRows = throughput.flatMap((t) => {
      const oursPps = BUNDLE_PAGES / (median(t.ours) / 1000);
      const popplerPps = BUNDLE_PAGES / (median(t.poppler) / 1000);
      const ratio = oursPps / popplerPps;
      const peakMb = t.peakRss / (1024 * 1024);
      const n = `${t.workers} worker${t.workers === 1 ? '' : 's'}`;
      return [
        [
          `${BUNDLE_PAGES} pages, our extraction (${n}, warm)`,
          `${oursPps.toFixed(0)} pages/s (${median(t.ours).toFixed(0)} ms)`,
          '',
          '',
        ],
        [
          `${BUNDLE_PAGES} pages, pdftotext (whole command, beside ${n})`,
          `${popplerPps.toFixed(0)} pages/s (${median(t.poppler).toFixed(0)} ms)`,
          '',
          '',
        ],
        [
          `Ratio ours / pdftotext, ${n}`,
          `${ratio.toFixed(2)}×`,
          `≥ ${TARGETS.ratio}×`,
          verdict(ratio >= TARGETS.ratio),
        ],
        [
          `Summed peak RSS of the worker(s), ${n}, ${BUNDLE_PAGES} pages`,
          `${peakMb.toFixed(0)} MB`,
          `≤ ${TARGETS.peakRssMb} MB`,
          verdict(peakMb <= TARGETS.peakRssMb),
        ],
        [
          `Both 300-page targets at once, ${n}`,
          '',
          '',
          verdict(ratio >= TARGETS.ratio && peakMb <= TARGETS.peakRssMb),
        ],
      ];
    });

    console.log(
      `Extraction bench · ${new Date().toISOString()} · ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}) · ` +
        `node ${process.version}`,
    );
    console.log(
      `Documents: ${LETTER_PAGES}-page letter (${letter.length} bytes), ${BUNDLE_PAGES}-page bundle ` +
        `(${bundle.length} bytes, ${charsPerPage} non-whitespace chars/page); ${THROUGHPUT_RUNS} runs of the ` +
        `bundle (median), ${LATENCY_RUNS} of the letter after ${LATENCY_WARMUP} warm-up runs.`,
    );
    console.log();
    console.log(
      table([
        ['Figure', 'Measured', 'Target', 'Result'],
        ...throughputRows,
        [
          `${LETTER_PAGES}-page letter, drop-to-analysis, warm (median)`,
          `${letterMs.toFixed(1)} ms (p90 ${percentile(latencies, 90).toFixed(1)}, min ${Math.min(...latencies).toFixed(1)})`,
          `≤ ${TARGETS.letterMedianMs} ms`,
          verdict(letterMs <= TARGETS.letterMedianMs),
        ],
      ]),
    );
  } finally {
    for (const { extractor } of setups) extractor.close();
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
