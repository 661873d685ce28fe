import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { danishLetter, LETTER_LINES } from '../fixtures/documents/pdfkit-fixtures';

/**
 * `sendeassistent analyze` from the build in out/, so the worker entry, the CMaps and the standard fonts resolve
 * as they will in the packaged app.
 */
const repo = join(__dirname, '..', '..');
const corpus = join(repo, '..', 'shared', 'corpus', 'pdf');

function analyze(args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'sendeassistent.cjs'), 'analyze', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function json(args: string[]) {
  const r = analyze([...args, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown> & { entities: Record<string, unknown> };
}

test('reads an ordinary paper from the pdf.js corpus', () => {
  const a = json([join(corpus, 'tracemonkey.pdf')]);
  expect(a).toMatchObject({ outcome: 'ok', pages: 14, attachments: 0, hasJavaScript: false });
  expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(a.chars as number).toBeGreaterThan(10_000);
});

test('asks for a password, refuses a wrong one and opens with the right one, exit 0 each time', () => {
  const file = join(corpus, 'pr6531_2.pdf');
  expect(json([file]).outcome).toBe('needs_password');
  expect(json([file, '--password', 'qwerty']).outcome).toBe('wrong_password');
  expect(['ok', 'no_text']).toContain(json([file, '--password', 'asdfasdf']).outcome);
});

test('counts an attachment without opening it, and flags document JavaScript', () => {
  expect(json([join(corpus, 'attachment.pdf')])).toMatchObject({ outcome: 'ok', attachments: 1 });
  expect(json([join(corpus, 'js-authors.pdf')]).hasJavaScript).toBe(true);
});

test('reports Danish text, a generated letter’s type and a human summary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-analyze-'));
  try {
    const file = join(dir, 'brev.pdf');
    writeFileSync(file, await danishLetter('DejaVuSans'));
    const a = json([file]);
    expect(a.outcome).toBe('ok');
    expect(a.entities.salutationNames).toEqual(['Søren Ærø Åberg']);
    const human = analyze([file]);
    expect(human.code).toBe(0);
    expect(human.out).toContain('Dokumentet er læst');
    expect(human.out).toContain('Modtager ifølge brevet: Søren Ærø Åberg');
    expect(LETTER_LINES.length).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('answers not_pdf for a zero-byte file and too_large for a file over the cap without reading it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sendeassistent-analyze-'));
  try {
    writeFileSync(join(dir, 'tom.pdf'), '');
    expect(json([join(dir, 'tom.pdf')]).outcome).toBe('not_pdf');
    const big = join(dir, 'kæmpe.pdf');
    writeFileSync(big, '%PDF-1.7\n');
    truncateSync(big, 101 * 1024 * 1024); // sparse: no 101 MB written to disk
    const a = json([big]);
    expect(a.outcome).toBe('too_large');
    expect(a.pages).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gives exit code 2 with the reason for usage errors', () => {
  const missing = analyze(['/findes/ikke.pdf']);
  expect(missing.code).toBe(2);
  expect(missing.err).toContain('findes ikke');
  const noFile = analyze([]);
  expect(noFile.code).toBe(2);
});
