#!/usr/bin/env node
// Builds better-sqlite3-multiple-ciphers for Electron's ABI into native/electron-<version>-<platform>-<arch>/, the
// folder src/main/native-module.ts loads it from. node_modules/better-sqlite3-multiple-ciphers/build (the Node-ABI
// build that `npm test` uses) is never touched: the package is copied to a temp folder and built there.
//
//   node scripts/native-electron.mjs build    build (or download) it, replacing what is there
//   node scripts/native-electron.mjs ensure   build only if it is missing (run by `npm start`)
//
// Needs the internet: first a prebuilt binary from the package's GitHub releases (prebuild-install), else
// Electron's headers from https://electronjs.org/headers and a C++ toolchain (node-gyp). See docs/electron-shell.md.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE = 'better-sqlite3-multiple-ciphers';
export const NATIVE_FILE = 'better_sqlite3.node';
const HEADERS_URL = 'https://electronjs.org/headers';
// Electron's headers are cached apart from Node's (the same place @electron/rebuild uses).
const ELECTRON_GYP_DIR = path.join(os.homedir(), '.electron-gyp');

/** Must match nativeFolderName in src/main/native-module.ts (a unit test checks). */
export function nativeFolderName(electronVersion, platform, arch) {
  return `electron-${electronVersion.replace(/^v/, '')}-${platform}-${arch}`;
}

export function targetFile(root, electronVersion, platform, arch) {
  return path.join(root, 'native', nativeFolderName(electronVersion, platform, arch), NATIVE_FILE);
}

/** Read from package.json: `require('electron')` would try to download the binary. */
export function electronVersion(root) {
  const file = path.join(root, 'node_modules', 'electron', 'package.json');
  if (!existsSync(file)) throw new Error(`electron is not installed (${file} missing): run npm ci first.`);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

function run(label, command, args, cwd) {
  console.log(`native-electron: ${label}: ${[command, ...args].join(' ')}`);
  const res = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env });
  if (res.error) console.error(`native-electron: ${label} could not start: ${res.error.message}`);
  return res.status === 0;
}

/** npm sets npm_config_node_gyp to its own node-gyp when it runs a script; else the project's copy, if any. */
function nodeGypScript(root) {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  try {
    return createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

export function build(root, { platform = process.platform, arch = process.arch } = {}) {
  const version = electronVersion(root);
  const target = targetFile(root, version, platform, arch);
  const source = path.join(root, 'node_modules', PACKAGE);
  if (!existsSync(path.join(source, 'package.json'))) {
    throw new Error(`${PACKAGE} is not installed: run npm ci first.`);
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'sendeassistent-native-'));
  const pkg = path.join(work, PACKAGE);
  try {
    cpSync(source, pkg, {
      recursive: true,
      filter: (f) => path.relative(source, f).split(path.sep)[0] !== 'build',
    });
    const built = path.join(pkg, 'build', 'Release', NATIVE_FILE);
    // prebuild-install is a declared dependency of the package, so it resolves from there.
    const prebuild = createRequire(path.join(source, 'package.json')).resolve('prebuild-install/bin.js');
    let method = 'prebuild-install';
    let ok = run(
      method,
      process.execPath,
      [
        prebuild,
        '--runtime',
        'electron',
        '--target',
        version,
        '--arch',
        arch,
        '--platform',
        platform,
        '--verbose',
      ],
      pkg,
    );
    if (!ok || !existsSync(built)) {
      method = 'node-gyp';
      const gyp = nodeGypScript(root);
      if (!gyp) {
        throw new Error(
          'no prebuilt binary, and node-gyp was not found (run through npm: `npm run native:electron`).',
        );
      }
      ok = run(
        method,
        process.execPath,
        [
          gyp,
          'rebuild',
          '--release',
          `--target=${version}`,
          `--arch=${arch}`,
          `--dist-url=${HEADERS_URL}`,
          `--devdir=${ELECTRON_GYP_DIR}`,
          '--jobs=max',
        ],
        pkg,
      );
      if (!ok || !existsSync(built)) {
        throw new Error(
          `could not build ${PACKAGE} for Electron ${version} (${platform}-${arch}). Both a prebuilt download and a ` +
            `build from source failed. Both need the internet (GitHub releases; ${HEADERS_URL}); the build from source ` +
            'also needs Python 3 and a C++ toolchain (on Windows: Visual Studio Build Tools with "Desktop development ' +
            'with C++"). See docs/electron-shell.md.',
        );
      }
    }
    mkdirSync(path.dirname(target), { recursive: true });
    // Copy then rename, so a half-written file never looks like a finished build to `ensure`.
    cpSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    writeFileSync(
      path.join(path.dirname(target), 'build-info.json'),
      `${JSON.stringify({ package: PACKAGE, electron: version, platform, arch, method, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    console.log(`native-electron: ${path.relative(root, target)} ready (${method}).`);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function ensure(root, opts = {}) {
  const target = targetFile(
    root,
    electronVersion(root),
    opts.platform ?? process.platform,
    opts.arch ?? process.arch,
  );
  if (existsSync(target)) {
    console.log(`native-electron: ${path.relative(root, target)} present.`);
    return target;
  }
  return build(root, opts);
}

function main(argv) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const command = argv[0];
  if (command !== 'build' && command !== 'ensure') {
    console.error('usage: node scripts/native-electron.mjs build|ensure');
    return 2;
  }
  try {
    if (command === 'build') build(root);
    else ensure(root);
    return 0;
  } catch (err) {
    console.error(`native-electron: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
