import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, BackendOptions } from '../../src/backend/create-backend';
import type {
  SandboxAttempt,
  SandboxStoredMessage,
} from '../../src/backend/connectors/sandbox/sandbox-server';
import {
  createForkProcessHost,
  type ProcessHost,
  type WorkerEntry,
  type WorkerHandle,
} from '../../src/backend/documents/process-host';
import { memoXsdDir, validateMemo } from '../../src/backend/memo/validate-memo';
import type { Case } from '../../src/shared/domain/case-file';
import type { OutboxItemView } from '../../src/shared/domain/outbox';
import { protectedDemoLetter } from '../fixtures/documents/protected-letters';
import {
  analyse,
  analyseDemoLetter,
  call,
  demoLetter,
  DEMO_LETTERS,
  recordEvents,
  SENDING_SETTINGS,
  testBackend,
  updateSettings,
} from '../support/backend';
import { FakeClock, FakeKeyStore, MemoryLogger, RecordingConnector } from '../support/fakes';
import { RESOURCES_DIR, tempDir } from '../support/temp-dir';

/**
 * Sending (architecture.md "Sending: exactly once, never lost"; docs/outbox.md): a checked draft submitted through
 * the contract becomes one outbox row per recipient with its own validated MeMo, refusals leave the outbox empty,
 * and with the real sandbox process behind the outbox worker a send is delivered once, or not at all when it was
 * cancelled in the delay window, across restarts, server errors, a lost connector and two submitting processes.
 */

const CASES = (
  JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')) as { cases: Case[] }
).cases;
const XSD_DIR = memoXsdDir(RESOURCES_DIR);

function partyOf(caseNumber: string, partyId: string) {
  const party = CASES.find((c) => c.caseNumber === caseNumber)?.parties.find((p) => p.id === partyId);
  if (!party) throw new Error(`no party ${partyId} in ${caseNumber}`);
  return party;
}

/** The text of the first `<memo:name>` inside `<memo:parent>` (or anywhere when no parent is given). */
function memoLeaf(xml: string, name: string, parent?: string): string | null {
  const scope = parent
    ? (new RegExp(`<memo:${parent}>([\\s\\S]*?)</memo:${parent}>`).exec(xml)?.[1] ?? '')
    : xml;
  return new RegExp(`<memo:${name}>([^<]*)</memo:${name}>`).exec(scope)?.[1] ?? null;
}

interface SubmitValue {
  items: OutboxItemView[];
  created: boolean;
  approvalRequired: boolean;
  approvalReasons: string[];
}

const submit = (backend: Backend, input: Record<string, unknown>) =>
  call<SubmitValue>(backend.dispatcher, 'outbox:submit', input);
const listOutbox = (backend: Backend) =>
  call<{ items: OutboxItemView[]; connector: { kind: string; ready: boolean; message: string } }>(
    backend.dispatcher,
    'outbox:list',
    {},
  );
const rowsOf = async (backend: Backend, draftId: string) =>
  (await listOutbox(backend)).items.filter((i) => i.draftId === draftId);
const history = async (backend: Backend) =>
  (
    await call<{ entries: { kind: string; caseNumber: string | null; details: Record<string, unknown> }[] }>(
      backend.dispatcher,
      'audit:list',
      { limit: 500 },
    )
  ).entries;

/** The recipients the window would send to: the check's, as `drafts:check` gives them. */
async function checkedRecipients(backend: Backend, draftId: string, input: Record<string, unknown> = {}) {
  const checked = await call<{ recipients: { partyId: string; channel: string }[] }>(
    backend.dispatcher,
    'drafts:check',
    { draftId, ...input },
  );
  return checked.recipients.map((r) => r.partyId);
}

describe('submitting through the dispatcher (the window’s path)', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let events: ReturnType<typeof recordEvents>;
  // Time stands still: sendAfter can be compared exactly with now + the send delay.
  const clock = new FakeClock(new Date('2026-11-28T09:00:00.000Z'));
  const DELAY_SECONDS = 45;

  beforeAll(async () => {
    dir = tempDir();
    backend = testBackend(dir.path, { clock });
    events = recordEvents(backend);
    await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: DELAY_SECONDS });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  let firstDraft = '';

  it('accepts a correct letter: one queued row per recipient, due at now + the send delay, each with its own valid MeMo', async () => {
    const letter = demoLetter('06-oliver-afgoerelse-kontaktperson.pdf');
    const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
    firstDraft = draftId;
    const recipients = await checkedRecipients(backend, draftId);
    expect(recipients).toEqual(['p1', 'p2', 'p3']);

    const result = await submit(backend, { draftId, recipients });
    expect(result).toMatchObject({ created: true, approvalRequired: false, approvalReasons: [] });
    expect(result.items.map((i) => i.recipient.partyId).sort()).toEqual(recipients);
    const due = new Date(clock.now().getTime() + DELAY_SECONDS * 1000).toISOString();
    for (const item of result.items) {
      const party = partyOf(letter.caseNumber, item.recipient.partyId);
      expect(item).toMatchObject({
        draftId,
        caseNumber: letter.caseNumber,
        fileName: letter.file,
        documentType: letter.documentType,
        recipient: { name: party.name },
        channel: 'digital',
        stateLabel: 'Venter på afsendelse',
        entry: { state: 'queued', sendAfter: due, attempts: 0, receipt: null, lastError: null },
      });

      const xml = backend.outbox.memoXml(item.id);
      expect(await validateMemo(xml, XSD_DIR)).toEqual({ valid: true, errors: [] });
      expect(memoLeaf(xml, 'messageUUID')).toBe(item.entry.messageUUID);
      expect(memoLeaf(xml, 'recipientID', 'Recipient')).toBe(party.cpr!.replace('-', ''));
      expect(memoLeaf(xml, 'recipientID', 'Recipient')).toMatch(/^\d{10}$/);
      expect(memoLeaf(xml, 'idType', 'Recipient')).toBe('CPR');
      expect(memoLeaf(xml, 'caseID', 'CaseID')).toBe(letter.caseNumber);
      expect(memoLeaf(xml, 'caseSystem', 'CaseID')).toBe(SENDING_SETTINGS.caseSystem);
      expect(memoLeaf(xml, 'senderID', 'Sender')).toBe(SENDING_SETTINGS.sender.cvr);
      expect(memoLeaf(xml, 'label', 'Sender')).toBe(SENDING_SETTINGS.sender.name);
      // The PDF travels unchanged.
      const content = memoLeaf(xml, 'content', 'File') ?? '';
      expect(
        Buffer.from(content, 'base64').equals(
          readFileSync(join(RESOURCES_DIR, 'demo', 'letters', letter.file)),
        ),
      ).toBe(true);
    }
    expect(new Set(result.items.map((i) => i.entry.messageUUID)).size).toBe(3);

    // The window hears of each row once, and finds them in the outbox.
    for (const item of result.items) {
      expect(events.outboxItems().filter((e) => e.id === item.id)).toEqual([item]);
    }
    expect((await rowsOf(backend, draftId)).map((i) => i.id).sort()).toEqual(
      result.items.map((i) => i.id).sort(),
    );

    const entries = await history(backend);
    const submitted = entries.filter((e) => e.kind === 'draft.submitted' && e.details.draftId === draftId);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({
      caseNumber: letter.caseNumber,
      details: { documentType: letter.documentType, approvalRequired: false, delaySeconds: DELAY_SECONDS },
    });
    for (const item of result.items) {
      expect(
        entries.filter((e) => e.kind === 'outbox.submit' && e.details.outboxId === item.id),
        item.id,
      ).toHaveLength(1);
    }
  });

  it('two clicks at once give the same rows, one set of history entries and one event per row', async () => {
    const letter = demoLetter('05-oliver-indkaldelse.pdf');
    const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
    const seqBefore = events.events.length;
    const input = { draftId, recipients: ['p1'] };
    const [a, b] = await Promise.all([submit(backend, input), submit(backend, input)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.items).toHaveLength(1);
    expect(b.items.map((i) => [i.id, i.entry.messageUUID])).toEqual(
      a.items.map((i) => [i.id, i.entry.messageUUID]),
    );
    // A third click later: still the same row, nothing new.
    const c = await submit(backend, input);
    expect(c.created).toBe(false);
    expect(c.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
    expect(await rowsOf(backend, draftId)).toHaveLength(1);

    const id = a.items[0]!.id;
    const entries = await history(backend);
    expect(entries.filter((e) => e.kind === 'draft.submitted' && e.details.draftId === draftId)).toHaveLength(
      1,
    );
    expect(entries.filter((e) => e.kind.startsWith('outbox.') && e.details.outboxId === id)).toHaveLength(1);
    const later = events.events.slice(seqBefore);
    expect(later.filter((e) => e.name === 'outbox:changed')).toHaveLength(1);
    // Each history entry is announced to the window once.
    const seqs = later
      .filter((e) => e.name === 'audit:appended')
      .map((e) => (e.payload as { seq: number }).seq);
    expect(seqs.length).toBe(new Set(seqs).size);
    expect(
      later.filter(
        (e) => e.name === 'audit:appended' && (e.payload as { kind: string }).kind === 'draft.submitted',
      ),
    ).toHaveLength(1);
  });

  const blocked = DEMO_LETTERS.filter((l) => !l.correct && l.expectVerdict === 'block');
  it.each(blocked.map((l) => [l.file, l] as const))(
    'refuses the wrong letter %s and puts nothing in the outbox',
    async (_file, letter) => {
      const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
      const recipients = letter.recipients ?? (await checkedRecipients(backend, draftId));
      expect(recipients.length).toBeGreaterThan(0);
      const changedBefore = events.outboxItems().length;
      const expected = letter.expectFindings?.includes('RECIPIENT_NOT_ELIGIBLE')
        ? 'RECIPIENT_NOT_ELIGIBLE'
        : 'CHECK_BLOCKED';
      await expect(submit(backend, { draftId, recipients })).rejects.toMatchObject({ code: expected });
      expect(await rowsOf(backend, draftId)).toEqual([]);
      expect(events.outboxItems().length).toBe(changedBefore);
      // Not marked submitted either: it can still be discarded.
      expect(await call(backend.dispatcher, 'drafts:discard', { draftId })).toEqual({ discarded: true });
    },
  );

  it('refuses a recipient who is not a party of the case', async () => {
    const draftId = await analyseDemoLetter(backend.dispatcher, '05-oliver-indkaldelse.pdf');
    await expect(submit(backend, { draftId, recipients: ['p1', 'p99'] })).rejects.toMatchObject({
      code: 'RECIPIENT_NOT_ELIGIBLE',
    });
    expect(await rowsOf(backend, draftId)).toEqual([]);
  });

  it('refuses a warning that is not acknowledged; acknowledged, the send waits for approval', async () => {
    const letter = demoLetter('10-kasper-afgoerelse-virksomhedspraktik.pdf');
    const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
    const recipients = await checkedRecipients(backend, draftId);
    await expect(submit(backend, { draftId, recipients })).rejects.toMatchObject({
      code: 'WARNING_NOT_ACKNOWLEDGED',
    });
    expect(await rowsOf(backend, draftId)).toEqual([]);

    const result = await submit(backend, {
      draftId,
      recipients,
      acknowledged: [{ code: 'REPRESENTATION_EXPIRED', reason: 'Fagforeningen er ikke modtager af brevet.' }],
    });
    expect(result.created).toBe(true);
    expect(result.approvalRequired).toBe(true);
    expect(result.approvalReasons.length).toBeGreaterThan(0);
    expect(result.items).toHaveLength(recipients.length);
    for (const item of result.items) {
      expect(item.entry).toMatchObject({ state: 'awaiting_approval', sendAfter: null });
      expect(item.stateLabel).toBe('Afventer godkendelse');
    }
    const entry = (await history(backend)).find(
      (e) => e.kind === 'draft.submitted' && e.details.draftId === draftId,
    );
    expect(entry?.details.acknowledged).toEqual([
      { code: 'REPRESENTATION_EXPIRED', reason: 'Fagforeningen er ikke modtager af brevet.' },
    ]);
  });

  it('refuses until every warning is acknowledged, not just one of them', async () => {
    const letter = demoLetter('58-aegtefaelles-cpr-foraeldet-sag.pdf');
    const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
    const recipients = await checkedRecipients(backend, draftId);
    const third = { code: 'THIRD_PARTY_CPR', reason: 'Ægtefællen er part i kontanthjælpssagen.' };
    const stale = { code: 'CASE_DATA_STALE', reason: 'Sagens oplysninger er kontrolleret i dag.' };
    for (const acknowledged of [[], [third], [stale]]) {
      await expect(submit(backend, { draftId, recipients, acknowledged })).rejects.toMatchObject({
        code: 'WARNING_NOT_ACKNOWLEDGED',
      });
    }
    expect(await rowsOf(backend, draftId)).toEqual([]);
    const result = await submit(backend, { draftId, recipients, acknowledged: [third, stale] });
    expect(result.items.map((i) => i.entry.state)).toEqual(['awaiting_approval']);
  });

  it('queues a type that needs approval for a supervisor; the CLI’s path refuses it instead', async () => {
    const letter = demoLetter('15-hanne-aktindsigt-bror.pdf');
    const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
    const recipients = await checkedRecipients(backend, draftId);
    const result = await submit(backend, { draftId, recipients });
    expect(result).toMatchObject({ created: true, approvalRequired: true });
    expect(result.items.map((i) => i.entry.state)).toEqual(['awaiting_approval']);

    const other = await analyseDemoLetter(backend.dispatcher, letter.file);
    await expect(
      backend.send.submit({ draftId: other, recipients, whenApprovalRequired: 'refuse' }),
    ).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
    expect(await rowsOf(backend, other)).toEqual([]);
  });

  it('refuses with SETTINGS_INCOMPLETE until both the sender and the case system are set', async () => {
    const draftId = await analyseDemoLetter(backend.dispatcher, '09-alma-indkaldelse-far.pdf');
    const recipients = await checkedRecipients(backend, draftId);
    await updateSettings(backend.dispatcher, { sender: null });
    await expect(submit(backend, { draftId, recipients })).rejects.toMatchObject({
      code: 'SETTINGS_INCOMPLETE',
    });
    await updateSettings(backend.dispatcher, { sender: SENDING_SETTINGS.sender, caseSystem: null });
    await expect(submit(backend, { draftId, recipients })).rejects.toMatchObject({
      code: 'SETTINGS_INCOMPLETE',
    });
    expect(await rowsOf(backend, draftId)).toEqual([]);
    await updateSettings(backend.dispatcher, { caseSystem: SENDING_SETTINGS.caseSystem });
    expect((await submit(backend, { draftId, recipients })).created).toBe(true);
  });

  it('names the case and type it was sent as on the row and in its history, also without a check first', async () => {
    // Letter 12's type has no recognition phrases: the caseworker chooses it. Submitted without drafts:check.
    const letter = demoLetter('12-nadia-brev-arbejdsgiver.pdf');
    const draftId = await analyse(
      backend.dispatcher,
      readFileSync(join(RESOURCES_DIR, 'demo', 'letters', letter.file)),
      {
        fileName: letter.file,
      },
    );
    const result = await submit(backend, {
      draftId,
      caseNumber: letter.caseNumber,
      documentType: letter.documentType,
      recipients: letter.recipients,
    });
    expect(result.items[0]).toMatchObject({
      caseNumber: letter.caseNumber,
      documentType: letter.documentType,
    });
    const xml = backend.outbox.memoXml(result.items[0]!.id);
    expect(memoLeaf(xml, 'caseID', 'CaseID')).toBe(letter.caseNumber);
    expect(memoLeaf(xml, 'idType', 'Recipient')).toBe('CVR');
    expect(memoLeaf(xml, 'recipientID', 'Recipient')).toBe(partyOf(letter.caseNumber, 'p3').cvr);
    const entry = (await history(backend)).find(
      (e) => e.kind === 'outbox.submit' && e.details.outboxId === result.items[0]!.id,
    );
    expect(entry).toMatchObject({
      caseNumber: letter.caseNumber,
      details: { documentType: letter.documentType },
    });
  });

  it('discards a draft: gone from the list, and it cannot be submitted; a submitted draft cannot be discarded', async () => {
    const draftId = await analyseDemoLetter(backend.dispatcher, '16-hanne-afgoerelse-plejevederlag.pdf');
    const listed = async () =>
      (await call<{ drafts: { id: string }[] }>(backend.dispatcher, 'drafts:list', {})).drafts.map(
        (d) => d.id,
      );
    expect(await listed()).toContain(draftId);
    expect(await call(backend.dispatcher, 'drafts:discard', { draftId })).toEqual({ discarded: true });
    expect(await listed()).not.toContain(draftId);
    expect(await call(backend.dispatcher, 'drafts:discard', { draftId })).toEqual({ discarded: false });
    await expect(submit(backend, { draftId, recipients: ['p1'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await rowsOf(backend, draftId)).toEqual([]);

    expect(firstDraft).not.toBe('');
    await expect(call(backend.dispatcher, 'drafts:discard', { draftId: firstDraft })).rejects.toMatchObject({
      code: 'DRAFT_SUBMITTED',
    });
    // A submitted draft is no longer unfinished: it leaves the list; its sends are in the outbox.
    expect(await listed()).not.toContain(firstDraft);
    expect(await rowsOf(backend, firstDraft)).toHaveLength(3);
  });

  describe('a PDF with a password', () => {
    const LETTER = demoLetter('05-oliver-indkaldelse.pdf');
    // ASCII: pdf.js itself does not open pdfkit's AES-256 files with a non-ASCII user password (checked directly).
    const USER = 'Hemmelig-Aaben-1';
    const OWNER = 'Ejer-Kode-2';

    it('refuses one that needs a user password, analysed with its password', async () => {
      const bytes = await protectedDemoLetter(LETTER.file, { userPassword: USER, ownerPassword: OWNER });
      // The fixture really needs its password.
      const without = await backend.dispatcher.binary(
        'documents:analyze',
        bytes,
        { fileName: LETTER.file, caseNumber: LETTER.caseNumber },
        'application/octet-stream',
      );
      expect(without).toMatchObject({
        ok: true,
        value: { draftId: null, analysis: { outcome: 'needs_password' } },
      });
      const draftId = await analyse(backend.dispatcher, bytes, {
        fileName: LETTER.file,
        caseNumber: LETTER.caseNumber,
        password: USER,
      });
      // Nothing but the password stands in the way: the letter itself checks ok for its recipient.
      expect(await call(backend.dispatcher, 'drafts:check', { draftId, recipients: ['p1'] })).toMatchObject({
        recipients: [{ partyId: 'p1', channel: 'digital' }],
        check: { verdict: 'ok' },
      });
      await expect(submit(backend, { draftId, recipients: ['p1'] })).rejects.toMatchObject({
        code: 'DOCUMENT_PASSWORD_PROTECTED',
      });
      expect(await rowsOf(backend, draftId)).toEqual([]);
    });

    it('accepts one with an owner password only, even when the password was given', async () => {
      const bytes = await protectedDemoLetter(LETTER.file, { ownerPassword: OWNER });
      for (const password of [OWNER, undefined]) {
        const draftId = await analyse(backend.dispatcher, bytes, {
          fileName: LETTER.file,
          caseNumber: LETTER.caseNumber,
          ...(password ? { password } : {}),
        });
        const result = await submit(backend, { draftId, recipients: ['p1'] });
        expect(
          result.items.map((i) => i.entry.state),
          String(password),
        ).toEqual(['queued']);
      }
    });

    it('accepts one that needs a user password when the policy pack allows it', async () => {
      const own = tempDir();
      try {
        const pack = JSON.parse(readFileSync(join(RESOURCES_DIR, 'policy', 'default.json'), 'utf8'));
        const policyFile = join(own.path, 'politik.json');
        writeFileSync(policyFile, JSON.stringify({ ...pack, allowPasswordProtectedPdf: true }));
        const allowing = testBackend(join(own.path, 'data'), { policyFile });
        try {
          await updateSettings(allowing.dispatcher, SENDING_SETTINGS);
          const bytes = await protectedDemoLetter(LETTER.file, { userPassword: USER, ownerPassword: OWNER });
          const draftId = await analyse(allowing.dispatcher, bytes, {
            fileName: LETTER.file,
            caseNumber: LETTER.caseNumber,
            password: USER,
          });
          const result = await submit(allowing, { draftId, recipients: ['p1'] });
          expect(result.items.map((i) => i.entry.state)).toEqual(['queued']);
          expect(await validateMemo(allowing.outbox.memoXml(result.items[0]!.id), XSD_DIR)).toMatchObject({
            valid: true,
          });
        } finally {
          allowing.close();
        }
      } finally {
        own.cleanup();
      }
    });
  });
});

describe('physical post for a citizen exempt from Digital Post', () => {
  it('sends the exempt party’s letter as physical post to the address on the case, the others digitally', async () => {
    const dir = tempDir();
    const connector = new RecordingConnector();
    const backend = testBackend(dir.path, { runOutbox: true, connector });
    try {
      const events = recordEvents(backend);
      await backend.sendingReady;
      await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });
      const letter = demoLetter('17-bent-oekonomisk-hjaelp-vaerge.pdf');
      const draftId = await analyseDemoLetter(backend.dispatcher, letter.file);
      const recipients = await checkedRecipients(backend, draftId);
      expect(partyOf(letter.caseNumber, 'p1').digitalPost).toBe('exempt');
      const result = await submit(backend, { draftId, recipients });
      const byParty = new Map(result.items.map((i) => [i.recipient.partyId, i]));
      expect(byParty.get('p1')?.channel).toBe('physical');
      expect(byParty.get('p2')?.channel).toBe('digital');

      await Promise.all(
        result.items.map((item) =>
          events.waitForOutbox(
            (i) => i.id === item.id && i.entry.state === 'sent',
            `${item.recipient.partyId} sent`,
          ),
        ),
      );
      const bent = partyOf(letter.caseNumber, 'p1');
      const physical = connector.sent.find((m) => m.messageUUID === byParty.get('p1')!.entry.messageUUID);
      expect(physical).toMatchObject({
        channel: 'physical',
        postalAddress: {
          name: bent.name,
          street: bent.address!.street,
          postalCode: bent.address!.postalCode,
          city: bent.address!.city,
        },
      });
      const digital = connector.sent.find((m) => m.messageUUID === byParty.get('p2')!.entry.messageUUID);
      expect(digital?.channel).toBe('digital');
      expect(digital?.postalAddress).toBeUndefined();
      expect(connector.sent).toHaveLength(2);
    } finally {
      await backend.shutdown();
      dir.cleanup();
    }
  });
});

// ---- the real sandbox behind the outbox worker ------------------------------------------------------------

interface Sending {
  backend: Backend;
  events: ReturnType<typeof recordEvents>;
  /** The sandbox's URL, as the backend logged it when the sandbox said it listened. */
  sandboxUrl: string;
  /** The sandbox process this backend started. */
  sandbox: WorkerHandle;
  /** `outbox:list` as it answered before the connector was open, so before the worker could move anything. */
  atStart: OutboxItemView[];
}

/**
 * A backend that runs the outbox and lets createBackend open the connector of the default settings: the sandbox, as
 * its own process with its storage under `dataDir/sandbox`. The process host is the ordinary fork host, watched so
 * the test can kill the sandbox process.
 */
async function startSending(
  dataDir: string,
  keyStore: FakeKeyStore,
  over: Partial<BackendOptions> = {},
): Promise<Sending> {
  const logger = new MemoryLogger();
  const fork = createForkProcessHost();
  const started: { entry: WorkerEntry; handle: WorkerHandle }[] = [];
  const processHost: ProcessHost = {
    start(entry) {
      const handle = fork.start(entry);
      started.push({ entry, handle });
      return handle;
    },
  };
  const backend = testBackend(dataDir, { keyStore, logger, processHost, runOutbox: true, ...over });
  const events = recordEvents(backend);
  // No I/O happens between here and the answer: the sandbox's `listening` message cannot arrive before it.
  const atStart = (await listOutbox(backend)).items;
  await backend.sendingReady;
  const line = logger.lines
    .map((l) => JSON.parse(l) as { event: string; url?: string })
    .find((l) => l.event === 'sandbox started');
  const sandbox = started.find((s) => s.entry.modulePath.includes('sandbox'))?.handle;
  if (!line?.url || !sandbox) throw new Error('the backend did not start the sandbox');
  return { backend, events, sandboxUrl: line.url, sandbox, atStart };
}

function attemptsIn(dataDir: string): SandboxAttempt[] {
  const file = join(dataDir, 'sandbox', 'attempts.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as SandboxAttempt);
}
const attemptsFor = (dataDir: string, uuid: string) => attemptsIn(dataDir).filter((a) => a.uuid === uuid);

function storedMessage(dataDir: string, uuid: string): SandboxStoredMessage | null {
  const file = join(dataDir, 'sandbox', 'messages', `${uuid}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxStoredMessage) : null;
}

async function setFault(sandboxUrl: string, mode: 'fail_4xx' | 'fail_5xx', times: number): Promise<void> {
  const res = await fetch(new URL('/__faults', sandboxUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode, times }),
  });
  expect(res.status).toBe(200);
}

describe('sending through the real sandbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let dataDir: string;
  let keyStore: FakeKeyStore;
  const open: Backend[] = [];

  const start = async (over: Partial<BackendOptions> = {}) => {
    const sending = await startSending(dataDir, keyStore, over);
    open.push(sending.backend);
    return sending;
  };
  const stop = async (backend: Backend) => {
    await backend.shutdown();
    open.splice(open.indexOf(backend), 1);
  };

  beforeAll(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const b of open.splice(0)) await b.shutdown();
  });
  afterAll(() => dir.cleanup());

  let n = 0;
  /** Each test its own data folder (store and sandbox storage) and key, under the suite's temp dir. */
  const fresh = () => {
    n += 1;
    dataDir = join(dir.path, `data-${n}`);
    keyStore = new FakeKeyStore();
  };

  it('delivers nothing for a send cancelled in the delay window, and the rest of the letter once', async () => {
    fresh();
    const { backend, events } = await start();
    await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 3 });
    const draftId = await analyseDemoLetter(backend.dispatcher, '06-oliver-afgoerelse-kontaktperson.pdf');
    const result = await submit(backend, { draftId, recipients: ['p1', 'p2', 'p3'] });
    const [kept1, cancelled, kept2] = ['p1', 'p2', 'p3'].map((p) =>
      result.items.find((i) => i.recipient.partyId === p)!,
    );
    const sendAfter = Date.parse(cancelled!.entry.sendAfter!);

    const answer = await call<{ changed: boolean; refusal: string | null; item: OutboxItemView }>(
      backend.dispatcher,
      'outbox:cancel',
      { outboxId: cancelled!.id, reason: 'Forkert modtager valgt' },
    );
    expect(Date.now()).toBeLessThan(sendAfter);
    expect(answer).toMatchObject({ changed: true, refusal: null, item: { entry: { state: 'cancelled' } } });

    // The two that were not cancelled fall due at the same moment and go; the cancelled one would have gone with them.
    const sent = await Promise.all(
      [kept1!, kept2!].map((item) =>
        events.waitForOutbox(
          (i) => i.id === item.id && i.entry.state === 'sent',
          `${item.recipient.partyId} sent`,
        ),
      ),
    );
    await backend.worker!.runOnce();
    for (const item of sent) {
      expect(Date.parse(item.entry.receipt!.receivedAt)).toBeGreaterThanOrEqual(sendAfter);
      expect(attemptsFor(dataDir, item.entry.messageUUID)).toMatchObject([
        { outcome: 'stored', delivered: true },
      ]);
    }
    expect(attemptsFor(dataDir, cancelled!.entry.messageUUID)).toEqual([]);
    expect(storedMessage(dataDir, cancelled!.entry.messageUUID)).toBeNull();
    const rows = await rowsOf(backend, draftId);
    expect(rows.find((r) => r.id === cancelled!.id)?.entry.state).toBe('cancelled');

    // Once sent, a send can no longer be cancelled: refused with a reason, nothing changes.
    const late = await call<{ changed: boolean; refusal: string | null; item: OutboxItemView }>(
      backend.dispatcher,
      'outbox:cancel',
      { outboxId: kept1!.id, reason: 'For sent' },
    );
    expect(late.changed).toBe(false);
    expect(late.refusal).toEqual(expect.any(String));
    expect(late.item.entry.state).toBe('sent');
  });

  it('keeps a queued send through a restart in its delay window and sends it once, not early', async () => {
    fresh();
    const first = await start();
    await updateSettings(first.backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 4 });
    const draftId = await analyseDemoLetter(first.backend.dispatcher, '05-oliver-indkaldelse.pdf');
    const [item] = (await submit(first.backend, { draftId, recipients: ['p1'] })).items;
    const sendAfter = item!.entry.sendAfter!;
    await stop(first.backend);
    expect(Date.now()).toBeLessThan(Date.parse(sendAfter));
    expect(attemptsFor(dataDir, item!.entry.messageUUID)).toEqual([]);

    const second = await start();
    // As the restart found it: still queued, same due time, same UUID.
    expect(second.atStart.filter((i) => i.draftId === draftId)).toMatchObject([
      {
        id: item!.id,
        entry: { state: 'queued', sendAfter, attempts: 0, messageUUID: item!.entry.messageUUID },
      },
    ]);

    const sent = await second.events.waitForOutbox(
      (i) => i.id === item!.id && i.entry.state === 'sent',
      'sent',
    );
    await second.backend.worker!.runOnce();
    const attempts = attemptsFor(dataDir, item!.entry.messageUUID);
    expect(attempts).toMatchObject([{ outcome: 'stored', delivered: true }]);
    expect(Date.parse(attempts[0]!.time)).toBeGreaterThanOrEqual(Date.parse(sendAfter));
    expect(Date.parse(sent.entry.receipt!.receivedAt)).toBeGreaterThanOrEqual(Date.parse(sendAfter));
  });

  it('stops at a 4xx: failed_permanent after one attempt, never tried again', async () => {
    fresh();
    const { backend, events, sandboxUrl } = await start();
    await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });
    await setFault(sandboxUrl, 'fail_4xx', 1);
    const draftId = await analyseDemoLetter(backend.dispatcher, '05-oliver-indkaldelse.pdf');
    const [item] = (await submit(backend, { draftId, recipients: ['p1'] })).items;
    const failed = await events.waitForOutbox(
      (i) => i.id === item!.id && i.entry.state === 'failed_permanent',
      'failed_permanent',
    );
    expect(failed.entry).toMatchObject({ lastError: { kind: 'rejected' }, receipt: null });
    const reports = await backend.worker!.runOnce();
    expect(reports.flatMap((r) => [...r.sent, ...r.failed, ...r.skipped])).not.toContain(item!.id);
    expect(attemptsFor(dataDir, item!.entry.messageUUID)).toMatchObject([
      { outcome: 'fault_4xx', delivered: false },
    ]);
    expect(storedMessage(dataDir, item!.entry.messageUUID)).toBeNull();
    expect((await rowsOf(backend, draftId))[0]?.entry.state).toBe('failed_permanent');
  });

  it('retries a 5xx after its wait with the same UUID, and delivers once', async () => {
    fresh();
    const { backend, events, sandboxUrl } = await start();
    await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });
    await setFault(sandboxUrl, 'fail_5xx', 1);
    const draftId = await analyseDemoLetter(backend.dispatcher, '05-oliver-indkaldelse.pdf');
    const [item] = (await submit(backend, { draftId, recipients: ['p1'] })).items;
    const uuid = item!.entry.messageUUID;
    const failed = await events.waitForOutbox(
      (i) => i.id === item!.id && i.entry.state === 'failed_retryable',
      'failed_retryable',
    );
    expect(failed.entry).toMatchObject({
      attempts: 1,
      lastError: { kind: 'server_error' },
      messageUUID: uuid,
    });
    const sent = await events.waitForOutbox((i) => i.id === item!.id && i.entry.state === 'sent', 'sent');
    expect(sent.entry).toMatchObject({ messageUUID: uuid, attempts: 1 });
    const attempts = attemptsFor(dataDir, uuid);
    expect(attempts).toMatchObject([
      { outcome: 'fault_5xx', delivered: false },
      { outcome: 'stored', delivered: true },
    ]);
    expect(Date.parse(attempts[1]!.time)).toBeGreaterThanOrEqual(Date.parse(failed.entry.nextAttemptAt!));
    expect(memoLeaf(storedMessage(dataDir, uuid)!.memoXml, 'messageUUID')).toBe(uuid);
    expect(storedMessage(dataDir, uuid)!.deliveries).toHaveLength(1);
  });

  it('keeps a send queued while the sandbox is gone, without using an attempt, and delivers it once it is back', async () => {
    fresh();
    const first = await start();
    await updateSettings(first.backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });
    const draftId = await analyseDemoLetter(first.backend.dispatcher, '05-oliver-indkaldelse.pdf');
    const gone = new Promise<void>((resolve) => first.sandbox.onExit(() => resolve()));
    first.sandbox.kill();
    await gone;

    const [item] = (await submit(first.backend, { draftId, recipients: ['p1'] })).items;
    const uuid = item!.entry.messageUUID;
    const offline = await first.events.waitForOutbox(
      (i) => i.id === item!.id && i.entry.state === 'queued' && i.entry.lastError?.kind === 'offline',
      'back in the queue, offline',
    );
    expect(offline.entry).toMatchObject({ attempts: 0, needsAttention: false, receipt: null });
    expect((await rowsOf(first.backend, draftId))[0]?.entry).toMatchObject({ state: 'queued', attempts: 0 });
    expect(attemptsFor(dataDir, uuid)).toEqual([]);
    await stop(first.backend);

    const second = await start();
    const sent = await second.events.waitForOutbox(
      (i) => i.id === item!.id && i.entry.state === 'sent',
      'sent',
    );
    expect(sent.entry).toMatchObject({ messageUUID: uuid, attempts: 0 });
    await second.backend.worker!.runOnce();
    expect(attemptsFor(dataDir, uuid)).toMatchObject([{ outcome: 'stored', delivered: true }]);
  });

  it('two processes submitting the same draft at once make one row per recipient, delivered once each', async () => {
    fresh();
    const secret = Buffer.alloc(32, 7);
    keyStore = new FakeKeyStore(secret);
    const setup = testBackend(dataDir, { keyStore });
    let draftId: string;
    try {
      await updateSettings(setup.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });
      draftId = await analyseDemoLetter(setup.dispatcher, '06-oliver-afgoerelse-kontaktperson.pdf');
    } finally {
      await setup.shutdown();
    }
    const recipients = ['p1', 'p2', 'p3'];

    const script = join(__dirname, 'fixtures-send', 'submit-child.ts');
    const children: ChildProcess[] = [0, 1].map(() =>
      fork(script, [dataDir, secret.toString('hex'), draftId, JSON.stringify(recipients)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      }),
    );
    const stderr = children.map((child) => {
      let text = '';
      child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
      return () => text;
    });
    type Message = { type: 'ready' | 'result'; pid: number; result?: { ok: boolean; value?: SubmitValue } };
    const next = (child: ChildProcess, type: Message['type'], i: number) =>
      new Promise<Message>((resolve, reject) => {
        const onMessage = (m: Message) => {
          if (m.type !== type) return;
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(m);
        };
        const onExit = (code: number | null) =>
          reject(new Error(`child ${i} exited (${code}) before ${type}: ${stderr[i]!()}`));
        child.on('message', onMessage);
        child.on('exit', onExit);
      });
    const exited = children.map(
      (child) => new Promise<number | null>((resolve) => child.on('exit', resolve)),
    );
    try {
      await Promise.all(children.map((c, i) => next(c, 'ready', i)));
      const results = children.map((c, i) => next(c, 'result', i));
      for (const child of children) child.send({ type: 'go' });
      const answers = await Promise.all(results);
      expect(await Promise.all(exited)).toEqual([0, 0]);

      const values = answers.map((a) => {
        expect(a.result?.ok, JSON.stringify(a.result)).toBe(true);
        return a.result!.value!;
      });
      expect(values.map((v) => v.created).sort()).toEqual([false, true]);
      const key = (v: SubmitValue) =>
        v.items.map((i) => `${i.recipient.partyId}:${i.id}:${i.entry.messageUUID}`).sort();
      expect(key(values[1]!)).toEqual(key(values[0]!));
      expect(values[0]!.items).toHaveLength(3);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }

    const { backend, events } = await start();
    const rows = await rowsOf(backend, draftId);
    expect(rows.map((r) => r.recipient.partyId).sort()).toEqual(recipients);
    await Promise.all(
      rows.map((row) =>
        events.waitForOutbox(
          (i) => i.id === row.id && i.entry.state === 'sent',
          `${row.recipient.partyId} sent`,
        ),
      ),
    );
    await backend.worker!.runOnce();
    const delivered = attemptsIn(dataDir).filter((a) => a.delivered);
    expect(delivered.map((a) => a.uuid).sort()).toEqual(rows.map((r) => r.entry.messageUUID).sort());
    expect(readdirSync(join(dataDir, 'sandbox', 'messages')).filter((f) => f.endsWith('.json'))).toHaveLength(
      3,
    );

    const entries = await history(backend);
    expect(entries.filter((e) => e.kind === 'draft.submitted' && e.details.draftId === draftId)).toHaveLength(
      1,
    );
    expect(entries.filter((e) => e.kind === 'outbox.submit' && e.details.draftId === draftId)).toHaveLength(
      3,
    );
    expect(await call(backend.dispatcher, 'audit:verify', {})).toMatchObject({ intact: true });
  });
});
