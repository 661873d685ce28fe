#!/usr/bin/env node
'use strict';
// The `sendeassistent` command: loads the CLI that `npm run build` puts in out/ (Node cannot run .ts files).
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write(
    'Fejl: sendeassistent er ikke bygget. Kør "npm run build" i ' +
      root +
      ' og prøv igen.\n' +
      '(The CLI is missing from out/main/cli.js: run "npm run build" first.)\n',
  );
  process.exit(2);
}
const { runCli, readSecret } = require(built);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
runCli(process.argv.slice(2), {
  version,
  resourcesDir: join(root, 'resources'),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  prompt: process.stdin.isTTY ? readSecret : undefined,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write('Uventet fejl: ' + (err && err.message ? err.message : String(err)) + '\n');
    process.exitCode = 2;
  },
);
