// The layer rules of docs/architecture.md, enforced here rather than by agreement.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare builtins (`fs`, `path`) count as Node imports just like `node:fs`. They are matched as exact names
// (`paths`), not as patterns, since a pattern `domain` would also match a folder such as `./domain/…`.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const NODE_MESSAGE = 'Node built-ins belong in backend/, main/ or cli/.';
const nodeImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: NODE_MESSAGE })),
  patterns: [{ group: ['node:*'], message: NODE_MESSAGE }],
};
const electron = {
  group: ['electron', 'electron/*'],
  message: 'electron may only be imported in src/main and src/preload.',
};
const layer = (name, why) => ({
  group: [`**/${name}/**`, `**/${name}`, `@/${name}/*`],
  message: why,
});

/** One `no-restricted-imports` rule per layer: the deny-list of architecture.md's table. */
const restrict = (...items) => {
  const paths = items.flatMap((i) => i.paths ?? []);
  const patterns = items.flatMap((i) => i.patterns ?? [i]);
  return { 'no-restricted-imports': ['error', paths.length ? { paths, patterns } : { patterns }] };
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'native/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Everything outside the shell: no electron.
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['src/main/**', 'src/preload/**'],
    rules: restrict(electron),
  },
  {
    files: ['src/shared/**'],
    rules: restrict(
      electron,
      nodeImports,
      layer('core', 'shared/ imports only shared/ and zod.'),
      layer('backend', 'shared/ imports only shared/ and zod.'),
      layer('main', 'shared/ imports only shared/ and zod.'),
      layer('preload', 'shared/ imports only shared/ and zod.'),
      layer('renderer', 'shared/ imports only shared/ and zod.'),
      layer('cli', 'shared/ imports only shared/ and zod.'),
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ has no DOM or React.' },
      { group: ['better-sqlite3*', 'pdfjs-dist', 'pdfjs-dist/*'], message: 'shared/ does no I/O.' },
    ),
  },
  {
    files: ['src/core/**'],
    rules: restrict(
      electron,
      nodeImports,
      layer('backend', 'core/ is pure rules: it imports only shared/.'),
      layer('main', 'core/ is pure rules: it imports only shared/.'),
      layer('preload', 'core/ is pure rules: it imports only shared/.'),
      layer('renderer', 'core/ is pure rules: it imports only shared/.'),
      layer('cli', 'core/ is pure rules: it imports only shared/.'),
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'core/ has no DOM or React.' },
      { group: ['better-sqlite3*', 'pdfjs-dist', 'pdfjs-dist/*'], message: 'core/ does no I/O.' },
    ),
  },
  {
    files: ['src/backend/**'],
    rules: restrict(
      electron,
      layer('main', 'backend/ never imports the Electron shell.'),
      layer('preload', 'backend/ never imports the preload.'),
      layer('renderer', 'backend/ never imports the window.'),
      layer('cli', 'backend/ never imports the CLI.'),
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'backend/ has no React.' },
    ),
  },
  {
    files: ['src/main/**'],
    rules: restrict(
      layer('renderer', 'main/ never imports renderer code.'),
      // main/ loads out/main/cli.js at run time; it may name the CLI's types, never import its code.
      {
        ...layer('cli', 'main/ runs the CLI through its entry, not by importing it.'),
        allowTypeImports: true,
      },
    ),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(
      nodeImports,
      layer('backend', 'The preload never imports the backend.'),
      layer('core', 'The preload only forwards calls.'),
      layer('main', 'The preload never imports main/.'),
      layer('renderer', 'The preload never imports the window.'),
      layer('cli', 'The preload never imports the CLI.'),
    ),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      electron,
      nodeImports,
      layer('backend', 'The window talks to the backend only through window.api.'),
      layer('main', 'The window never imports main/.'),
      layer('preload', 'The window uses window.api, not the preload module.'),
      layer('cli', 'The window never imports the CLI.'),
      { group: ['pdfjs-dist', 'pdfjs-dist/*'], message: 'Previews are images from the backend worker.' },
      { group: ['better-sqlite3*'], message: 'The window has no database.' },
    ),
  },
  {
    files: ['src/cli/**'],
    rules: restrict(
      electron,
      layer('main', 'The CLI is a plain-Node host of the backend.'),
      layer('preload', 'The CLI is a plain-Node host of the backend.'),
      layer('renderer', 'The CLI is a plain-Node host of the backend.'),
    ),
  },
);
