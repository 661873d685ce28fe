import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../src/backend/dispatch';
import { openStore, type Store } from '../../src/backend/db/store';
import { createAuditService } from '../../src/backend/services/audit.service';
import { createCasesService } from '../../src/backend/services/cases.service';
import { createCheckService } from '../../src/backend/services/check.service';
import { loadDefaultPolicy } from '../../src/backend/services/policy.service';
import { AppError } from '../../src/shared/result';
import { emilDecisionLetter } from '../fixtures/documents/case-letters';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../support/fakes';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

const CASE = '27.24.00-G01-117-25';
// In the demo data: p1 Emil (12, the subject), p2 Mette and p3 Jonas (both with custody), p4 the school.
const [EMIL, METTE, JONAS] = ['p1', 'p2', 'p3'];

interface CheckOut {
  documentType: { key: string; chosen: boolean };
  proposal: { partyId: string; eligible: boolean; proposed: boolean; channel: string }[];
  recipients: { partyId: string; channel: string }[];
  check: {
    verdict: string;
    approvalRequired: boolean;
    findings: { code: string; severity: string; partyId: string | null }[];
  };
}

describe('checking a draft against its case and chosen recipients', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let draftId: string;
  const keyStore = new FakeKeyStore();
  const clock = new FakeClock(new Date('2026-11-28T09:00:00Z'));

  beforeAll(async () => {
    dir = tempDir();
    backend = createBackend({
      dataDir: dir.path,
      resourcesDir: RESOURCES_DIR,
      keyStore,
      clock,
      currentUser: fakeUser(),
      logger: new MemoryLogger(),
      seedDemoData: true,
      appVersion: '0.0.0-test',
    });
    const made = await backend.dispatcher.binary(
      'documents:analyze',
      await emilDecisionLetter(),
      { fileName: 'afgørelse.pdf', caseNumber: CASE },
      BINARY_CONTENT_TYPE,
    );
    if (!made.ok) throw new Error(made.error.code);
    draftId = (made.value as { draftId: string }).draftId;
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  const check = async (input: Record<string, unknown>) => {
    const res = await backend.dispatcher.json('drafts:check', { draftId, ...input });
    if (!res.ok) throw new Error(`${res.error.code}`);
    return res.value as CheckOut;
  };

  it('proposes both custody holders and never the 12-year-old', async () => {
    const res = await backend.dispatcher.json('recipients:propose', {
      caseNumber: CASE,
      documentType: 'afgoerelse',
    });
    const proposal = res.ok ? (res.value as { proposal: CheckOut['proposal'] }).proposal : [];
    expect(proposal.map((p) => p.partyId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(proposal.filter((p) => p.proposed).map((p) => p.partyId)).toEqual([METTE, JONAS]);
    expect(proposal.find((p) => p.partyId === EMIL)).toMatchObject({ eligible: false, channel: 'none' });
    expect(
      await backend.dispatcher.json('recipients:propose', { caseNumber: CASE, documentType: 'ukendt' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('gives ok for the letter to the mother it is addressed to', async () => {
    const r = await check({ recipients: [METTE] });
    expect(r.documentType).toMatchObject({ key: 'afgoerelse', chosen: false });
    expect(r.check.verdict).toBe('ok');
    expect(r.recipients).toEqual([{ partyId: METTE, channel: 'digital' }]);
  });

  it('blocks the child as a recipient and a party id from outside the case', async () => {
    const r = await check({ recipients: [EMIL, 'p99'] });
    expect(r.check.verdict).toBe('block');
    expect(
      r.check.findings
        .filter((f) => f.code === 'RECIPIENT_NOT_ELIGIBLE')
        .map((f) => f.partyId)
        .sort(),
    ).toEqual([EMIL, 'p99']);
  });

  it('records a near-miss when a warning leads the caseworker to change recipient', async () => {
    const wrong = await check({ recipients: [JONAS] });
    expect(wrong.check.findings).toContainEqual(
      expect.objectContaining({ code: 'ADDRESSEE_MISMATCH', partyId: JONAS }),
    );
    const right = await check({ recipients: [METTE] });
    expect(right.check.verdict).toBe('ok');
    const history = await backend.dispatcher.json('audit:list', { caseNumber: CASE });
    const entries = history.ok
      ? (history.value as { entries: { kind: string; details: Record<string, unknown> }[] }).entries
      : [];
    const nearMiss = entries.find((e) => e.kind === 'near_miss');
    expect(nearMiss?.details).toMatchObject({
      draftId,
      changed: ['recipients'],
      resolvedCodes: ['ADDRESSEE_MISMATCH'],
    });
    expect(entries.filter((e) => e.kind === 'draft.checked').length).toBeGreaterThanOrEqual(2);
  });

  it('records a near-miss when a finding leads the caseworker to change the document', async () => {
    // The first document names another case: blocked. The caseworker drops the right one in its place.
    const wrongDoc = await backend.dispatcher.binary(
      'documents:analyze',
      await emilDecisionLetter({ caseLine: 'Sagsnr. 27.24.06-G01-088-26' }),
      { fileName: 'forkert.pdf', caseNumber: CASE },
      BINARY_CONTENT_TYPE,
    );
    const wrongId = wrongDoc.ok ? (wrongDoc.value as { draftId: string }).draftId : '';
    const first = await backend.dispatcher.json('drafts:check', { draftId: wrongId, recipients: [METTE] });
    expect(JSON.stringify(first)).toContain('CASE_NUMBER_MISMATCH');
    const rightDoc = await backend.dispatcher.binary(
      'documents:analyze',
      await emilDecisionLetter(),
      { fileName: 'rigtig.pdf', caseNumber: CASE, replacesDraftId: wrongId },
      BINARY_CONTENT_TYPE,
    );
    const rightId = rightDoc.ok ? (rightDoc.value as { draftId: string }).draftId : '';
    const second = await backend.dispatcher.json('drafts:check', { draftId: rightId, recipients: [METTE] });
    expect(second).toMatchObject({ ok: true, value: { check: { verdict: 'ok' } } });
    const history = await backend.dispatcher.json('audit:list', { caseNumber: CASE });
    const entries = history.ok
      ? (history.value as { entries: { kind: string; details: Record<string, unknown> }[] }).entries
      : [];
    expect(
      entries.find((e) => e.kind === 'near_miss' && e.details.draftId === rightId)?.details,
    ).toMatchObject({
      changed: ['document'],
      resolvedCodes: ['CASE_NUMBER_MISMATCH'],
      replacedDraftId: wrongId,
    });
    expect(
      await backend.dispatcher.binary(
        'documents:analyze',
        await emilDecisionLetter(),
        { fileName: 'x.pdf', replacesDraftId: '00000000-0000-4000-8000-000000000000' },
        BINARY_CONTENT_TYPE,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a send to an ineligible recipient in the backend, whatever the window sent', () => {
    let store: Store | null = null;
    try {
      store = openStore({ dataDir: dir.path, keyStore, logger: new MemoryLogger() });
      const audit = createAuditService(store.db, clock, fakeUser(), () => {});
      const service = createCheckService({
        db: store.db,
        cases: createCasesService(store.db),
        audit,
        policy: loadDefaultPolicy(RESOURCES_DIR),
        clock,
      });
      const code = (recipients: string[]) => {
        try {
          service.recheckForSend({ draftId, recipients });
          return 'sendable';
        } catch (err) {
          return err instanceof AppError ? err.code : String(err);
        }
      };
      expect(code([EMIL])).toBe('RECIPIENT_NOT_ELIGIBLE');
      expect(code(['p99'])).toBe('RECIPIENT_NOT_ELIGIBLE');
      expect(code([METTE, EMIL])).toBe('RECIPIENT_NOT_ELIGIBLE');
      expect(code([])).toBe('RECIPIENT_NOT_ELIGIBLE');
      expect(code([METTE])).toBe('sendable');
    } finally {
      store?.close();
    }
  });
});
