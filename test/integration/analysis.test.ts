import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../src/backend/dispatch';
import { DB_FILE } from '../../src/backend/db/store';
import type { DocumentAnalysis } from '../../src/shared/domain/analysis';
import type { Result } from '../../src/shared/result';
import { formFieldPdf } from '../fixtures/documents/pdfkit-fixtures';
import { emilDecisionLetter as letter } from '../fixtures/documents/case-letters';
import { manyPagesPdf } from '../fixtures/documents/raw-pdf';
import { MemoryLogger } from '../support/fakes';
import { REPO_ROOT, tempDir } from '../support/temp-dir';
import { testBackend } from '../support/backend';

const CASE = '27.24.00-G01-117-25';

describe('document analysis through the contract', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const logger = new MemoryLogger();
  const progress: { jobId: string; done: number; total: number; phase: string }[] = [];

  beforeAll(() => {
    dir = tempDir();
    backend = testBackend(dir.path, { logger });
    backend.onEvent((name, payload) => {
      if (name === 'documents:progress') progress.push(payload as (typeof progress)[number]);
    });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  const analyse = (bytes: Uint8Array, meta: Record<string, unknown>) =>
    backend.dispatcher.binary('documents:analyze', bytes, meta, BINARY_CONTENT_TYPE) as Promise<
      Result<{ draftId: string | null; analysis: DocumentAnalysis }>
    >;

  it('reads a Danish decision letter: entities, parties mentioned, type, and a stored draft', async () => {
    const res = await analyse(await letter(), {
      fileName: 'afgørelse.pdf',
      caseNumber: CASE,
      jobId: 'j-letter',
    });
    expect(res.ok, JSON.stringify(res)).toBe(true);
    if (!res.ok) return;
    const { draftId, analysis } = res.value;
    expect(analysis.outcome).toBe('ok');
    expect(analysis.pages).toBe(1);
    expect(analysis.entities.cprs.map((c) => c.value)).toEqual(['140314-4597']);
    expect(analysis.entities.leadingCpr).toBe('140314-4597');
    expect(analysis.entities.caseNumbers.map((c) => c.value)).toEqual([CASE]);
    expect(analysis.entities.salutationNames).toContain('Mette Eksempelsen');
    const mentioned = new Set(analysis.entities.partyMentions.map((m) => `${m.partyId}:${m.kind}`));
    expect([...mentioned].some((m) => m.endsWith(':street'))).toBe(true);
    expect(analysis.documentType?.key).toBe('afgoerelse');
    expect(analysis.documentType?.uncertain).toBe(false);
    expect(progress.some((p) => p.jobId === 'j-letter' && p.phase === 'pages' && p.done === 1)).toBe(true);

    const drafts = await backend.dispatcher.json('drafts:list', {});
    expect(drafts).toMatchObject({
      ok: true,
      value: { drafts: [{ id: draftId, fileName: 'afgørelse.pdf', caseNumber: CASE }] },
    });
    const audit = await backend.dispatcher.json('audit:list', { caseNumber: CASE });
    expect(JSON.stringify(audit)).toContain('document.analysed');
    expect(JSON.stringify(audit)).toMatch(/"policy":{"sha256":"[0-9a-f]{64}","version":"[^"]+"}/);
  });

  it('asks for a password, keeps no draft until it is right, and never stores or logs the password', async () => {
    const file = readFileSync(join(REPO_ROOT, '..', 'shared', 'corpus', 'pdf', 'pr6531_2.pdf'));
    const before = await backend.dispatcher.json('drafts:list', {});
    const asked = await analyse(file, { fileName: 'beskyttet.pdf' });
    expect(asked).toMatchObject({
      ok: true,
      value: { draftId: null, analysis: { outcome: 'needs_password' } },
    });
    const wrong = await analyse(file, { fileName: 'beskyttet.pdf', password: 'Kanariefugl-forkert-7' });
    expect(wrong).toMatchObject({
      ok: true,
      value: { draftId: null, analysis: { outcome: 'wrong_password' } },
    });
    const right = await analyse(file, { fileName: 'beskyttet.pdf', password: 'asdfasdf' });
    expect(right.ok && right.value.draftId).toBeTruthy();
    const after = await backend.dispatcher.json('drafts:list', {});
    expect(after.ok && before.ok && (after.value as { drafts: unknown[] }).drafts.length).toBe(
      before.ok && (before.value as { drafts: unknown[] }).drafts.length + 1,
    );
    expect(logger.lines.join('\n')).not.toContain('Kanariefugl-forkert-7');
    expect(logger.lines.join('\n')).not.toContain('asdfasdf');
    // The store is encrypted, so look through the backend: no draft or history row holds the password.
    const history = await backend.dispatcher.json('audit:list', { limit: 500 });
    expect(JSON.stringify(history)).not.toContain('asdfasdf');
    expect(readFileSync(join(dir.path, DB_FILE)).includes(Buffer.from('asdfasdf'))).toBe(false);
  });

  it('cancels a long analysis on request and then analyses the next document normally', async () => {
    const long = manyPagesPdf(1500);
    const jobId = 'j-cancel';
    const off = backend.onEvent((name, payload) => {
      const p = payload as { jobId: string; done: number };
      if (name === 'documents:progress' && p.jobId === jobId && p.done === 5) {
        void backend.dispatcher.json('documents:cancel', { jobId });
      }
    });
    const res = await analyse(long, { fileName: 'stor.pdf', jobId });
    off();
    expect(res).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await backend.dispatcher.json('documents:cancel', { jobId })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
    const next = await analyse(await letter(), { fileName: 'næste.pdf' });
    expect(next).toMatchObject({ ok: true, value: { analysis: { outcome: 'ok' } } });
  });

  it('previews a draft’s pages as PNG images, asking again for a protected document’s password', async () => {
    const made = await analyse(await letter(), { fileName: 'brev.pdf' });
    const draftId = made.ok ? made.value.draftId : null;
    const shown = await backend.dispatcher.json('documents:preview', { draftId, page: 1, widthPx: 600 });
    expect(shown).toMatchObject({ ok: true, value: { rendered: true, page: 1, pages: 1, width: 600 } });
    const png = Buffer.from(shown.ok ? (shown.value as { pngBase64: string }).pngBase64 : '', 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(600);
    expect(await backend.dispatcher.json('documents:preview', { draftId, page: 2 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await backend.dispatcher.json('documents:preview', {
        draftId: '00000000-0000-4000-8000-000000000000',
        page: 1,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const file = readFileSync(join(REPO_ROOT, '..', 'shared', 'corpus', 'pdf', 'pr6531_2.pdf'));
    const locked = await analyse(file, { fileName: 'beskyttet.pdf', password: 'asdfasdf' });
    const lockedId = locked.ok ? locked.value.draftId : null;
    expect(await backend.dispatcher.json('documents:preview', { draftId: lockedId, page: 1 })).toMatchObject({
      ok: true,
      value: { rendered: false, outcome: 'needs_password', message: expect.stringMatching(/adgangskode/) },
    });
    expect(
      await backend.dispatcher.json('documents:preview', {
        draftId: lockedId,
        page: 1,
        password: 'asdfasdf',
      }),
    ).toMatchObject({ ok: true, value: { rendered: true } });
  });

  it('finds a CPR number typed into a form field, as the checks must read it like page text', async () => {
    const res = await analyse(await formFieldPdf('Hanne Ærbødig 010190-1234'), { fileName: 'skema.pdf' });
    expect(res.ok && res.value.analysis.hasFormFields).toBe(true);
    expect(res.ok && res.value.analysis.entities.cprs).toEqual([
      expect.objectContaining({ value: '010190-1234', source: 'form', validDate: true }),
    ]);
  });

  it('answers a Word file renamed to .pdf with not_pdf and a Danish message', async () => {
    const word = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const res = await analyse(word, { fileName: 'brev.pdf' });
    expect(res).toMatchObject({
      ok: true,
      value: { analysis: { outcome: 'not_pdf', message: expect.stringMatching(/ikke en PDF-fil/) } },
    });
  });
});
