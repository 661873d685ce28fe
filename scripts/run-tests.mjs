#!/usr/bin/env node
// `npm test`: every gate in the order house-style.md gives, stopping at the first failure, with each phase's
// wall time at the end so a slow phase is visible locally and in CI.
import { spawnSync } from 'node:child_process';

const phases = [
  'lint',
  'typecheck',
  'test:unit',
  'test:integration',
  'test:crash',
  'build',
  'test:e2e',
  'test:electron-smoke',
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const times = [];
let failed = null;
for (const phase of phases) {
  const t0 = Date.now();
  const r = spawnSync(npm, ['run', '--silent', phase], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  times.push([phase, (Date.now() - t0) / 1000, r.status === 0 ? 'ok' : 'FAILED']);
  if (r.status !== 0) {
    failed = phase;
    break;
  }
}
console.log('\nphase                 seconds  result');
for (const [phase, s, res] of times) console.log(`${phase.padEnd(20)} ${s.toFixed(1).padStart(8)}  ${res}`);
if (failed) {
  console.error(`\nnpm test: the phase "${failed}" failed.`);
  process.exit(1);
}
