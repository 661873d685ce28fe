'use strict';
// The `sendeassistent` command run from the TypeScript source (through tsx), for the integration phase, which runs
// before `npm run build`: the same runCli and host as bin/sendeassistent.cjs, which loads the built out/main/cli.js
// (that one is tested after the build, in test/e2e/cli-*.spec.ts).
require('tsx/cjs');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const { runCli } = require(join(root, 'src', 'cli', 'index.ts'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
runCli(process.argv.slice(2), {
  version,
  resourcesDir: join(root, 'resources'),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write('Uventet fejl: ' + (err && err.message ? err.message : String(err)) + '\n');
    process.exitCode = 2;
  },
);
