import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/temp-dir';

/** The layer rules of architecture.md, shown on code that breaks them, linted as if it sat in each folder. */
const eslint = new ESLint({ cwd: REPO_ROOT });

async function errorsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [string, string, boolean][] = [
  ["import { app } from 'electron';", 'src/backend/fixture.ts', true],
  ["import { app } from 'electron';", 'src/shared/fixture.ts', true],
  ["import { app } from 'electron';", 'src/core/fixture.ts', true],
  ["import { app } from 'electron';", 'src/renderer/src/fixture.tsx', true],
  ["import { app } from 'electron';", 'src/cli/fixture.ts', true],
  ["const { app } = await import('electron');", 'test/unit/fixture.ts', false],
  ["import { app } from 'electron';", 'test/unit/fixture.ts', true],
  ["import { app } from 'electron';", 'src/main/fixture.ts', false],
  ["import { contextBridge } from 'electron';", 'src/preload/fixture.ts', false],
  ["import { readFileSync } from 'fs';", 'src/shared/fixture.ts', true],
  ["import { readFileSync } from 'node:fs';", 'src/core/fixture.ts', true],
  ["import path from 'path';", 'src/renderer/src/fixture.tsx', true],
  ["import { readFileSync } from 'node:fs';", 'src/backend/fixture.ts', false],
  ["import { createBackend } from '../../backend/create-backend';", 'src/renderer/src/fixture.tsx', true],
  ["import * as pdfjs from 'pdfjs-dist';", 'src/renderer/src/fixture.tsx', true],
  ["import { contract } from '../shared/contract';", 'src/preload/fixture.ts', false],
  ["import { createBackend } from '../backend/create-backend';", 'src/preload/fixture.ts', true],
  ["import { rule } from '../core/rules';", 'src/shared/fixture.ts', true],
  ["import { openStore } from '../backend/db/store';", 'src/core/fixture.ts', true],
  ["import { contract } from '../shared/contract';", 'src/core/fixture.ts', false],
  ["import { z } from 'zod';", 'src/shared/fixture.ts', false],
  ["import { runCli } from '../cli/index';", 'src/main/fixture.ts', true],
  ["import type { CliHost } from '../cli/index';", 'src/main/fixture.ts', false],
  ["import { caseSchema } from './domain/case-file';", 'src/shared/fixture.ts', false],
  ["import { readFile } from 'fs/promises';", 'src/shared/fixture.ts', true],
  ["import { Buffer } from 'buffer';", 'src/core/fixture.ts', true],
];

describe('import boundaries (ESLint no-restricted-imports)', () => {
  it.each(cases)('%s in %s → refused: %s', async (code, file, refused) => {
    const errors = await errorsFor(code, file);
    expect(errors.length > 0, errors.join('; ')).toBe(refused);
  });
});
