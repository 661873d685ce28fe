import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend, type BackendOptions } from '../../src/backend/create-backend';
import { openStore } from '../../src/backend/db/store';
import { BINARY_CONTENT_TYPE, type Dispatcher } from '../../src/backend/dispatch';
import { contract, type EventName, type EventPayload } from '../../src/shared/contract';
import type { OutboxItemView } from '../../src/shared/domain/outbox';
import type { SettingsPatch } from '../../src/shared/domain/settings';
import type { ErrorCode, Result } from '../../src/shared/result';
import { FakeKeyStore, MemoryLogger, fakeUser } from './fakes';
import { RESOURCES_DIR } from './temp-dir';
import { DEMO_USERS } from '../../src/shared/demo-users';

/** The real backend on a fresh encrypted store in `dataDir`: fake key store, demo cases, a memory logger. */
export function testBackend(dataDir: string, overrides: Partial<BackendOptions> = {}): Backend {
  return createBackend({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    keyStore: new FakeKeyStore(),
    currentUser: fakeUser(),
    logger: new MemoryLogger(),
    seedDemoData: true,
    appVersion: '0.0.0-test',
    ...overrides,
  });
}

// ---- calls through the dispatcher (the window's path) ------------------------------------------------------

/** A refused call, with its code: `await expect(call(…)).rejects.toMatchObject({ code: 'NOT_FOUND' })`. */
export class CallRefused extends Error {
  constructor(
    readonly channel: string,
    readonly code: ErrorCode,
  ) {
    super(`${channel} refused: ${code}`);
    this.name = 'CallRefused';
  }
}

function unwrap<T>(channel: string, result: Result<unknown>): T {
  if (!result.ok) throw new CallRefused(channel, result.error.code);
  return result.value as T;
}

/** A JSON channel through the dispatcher; its value, or a `CallRefused` with the code. */
export async function call<T = unknown>(dispatcher: Dispatcher, channel: string, input: unknown): Promise<T> {
  return unwrap<T>(channel, await dispatcher.json(channel, input));
}

// ---- the demo letters and the settings a send needs --------------------------------------------------------

export const DEMO_LETTERS_DIR = join(RESOURCES_DIR, 'demo', 'letters');

export interface DemoLetter {
  file: string;
  caseNumber: string;
  documentType: string;
  typeChosen?: boolean;
  recipients?: string[];
  correct: boolean;
  expectFindings?: string[];
  expectVerdict?: string;
}

export const DEMO_LETTERS: readonly DemoLetter[] = (
  JSON.parse(readFileSync(join(DEMO_LETTERS_DIR, 'manifest.json'), 'utf8')) as { letters: DemoLetter[] }
).letters;

export function demoLetter(file: string): DemoLetter {
  const letter = DEMO_LETTERS.find((l) => l.file === file);
  if (!letter) throw new Error(`no demo letter ${file}`);
  return letter;
}

export function demoLetterBytes(file: string): Buffer {
  return readFileSync(join(DEMO_LETTERS_DIR, demoLetter(file).file));
}

/** What a send needs in the settings (docs/settings.md): the sender and the case system. */
export const SENDING_SETTINGS = {
  sender: { cvr: '29189846', name: 'Demo Kommune' },
  caseSystem: 'Demo ESDH',
} as const satisfies SettingsPatch;

/** Saves settings through `settings:update`, as the window does; throws unless they were saved. */
export async function updateSettings(dispatcher: Dispatcher, patch: SettingsPatch): Promise<void> {
  const saved = await call<{ saved: boolean; problems: string[] }>(dispatcher, 'settings:update', { patch });
  if (!saved.saved) throw new Error(`settings not saved: ${saved.problems.join('; ')}`);
}

/**
 * Analyses a PDF through `documents:analyze` for a case (a demo letter for its own case by default) and returns the
 * draft id. Throws when no draft was kept (a password is missing or wrong).
 */
export async function analyse(
  dispatcher: Dispatcher,
  bytes: Uint8Array,
  meta: { fileName: string; caseNumber?: string; password?: string },
): Promise<string> {
  const made = unwrap<{ draftId: string | null; analysis: { outcome: string } }>(
    'documents:analyze',
    await dispatcher.binary('documents:analyze', bytes, meta, BINARY_CONTENT_TYPE),
  );
  if (made.draftId === null) throw new Error(`no draft kept: ${made.analysis.outcome}`);
  return made.draftId;
}

export function analyseDemoLetter(dispatcher: Dispatcher, file: string): Promise<string> {
  const letter = demoLetter(file);
  return analyse(dispatcher, demoLetterBytes(file), { fileName: letter.file, caseNumber: letter.caseNumber });
}

// ---- push events ------------------------------------------------------------------------------------------

export interface EventRecord {
  name: EventName;
  payload: EventPayload<EventName>;
}

/**
 * Records a backend's push events from now on. `waitForOutbox` resolves with the first `outbox:changed` item (seen
 * already or still to come) that matches; it rejects after `timeoutMs` with the label and the states seen, so a
 * test that waits in vain fails with a reason rather than the runner's timeout.
 */
export function recordEvents(backend: Backend) {
  const events: EventRecord[] = [];
  const waiters = new Set<() => void>();
  const stop = backend.onEvent((name, payload) => {
    events.push({ name, payload });
    for (const w of [...waiters]) w();
  });
  const outboxItems = (): OutboxItemView[] =>
    events
      .filter((e) => e.name === 'outbox:changed')
      .map((e) => (e.payload as EventPayload<'outbox:changed'>).item);
  return {
    events,
    outboxItems,
    stop,
    waitForOutbox(
      matches: (item: OutboxItemView) => boolean,
      label: string,
      timeoutMs = 30_000,
    ): Promise<OutboxItemView> {
      return new Promise((resolve, reject) => {
        const look = (): boolean => {
          const found = outboxItems().find(matches);
          if (!found) return false;
          done();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          const seen = outboxItems().map((i) => `${i.id.slice(0, 8)}:${i.entry.state}`);
          reject(
            new Error(
              `no outbox:changed event for ${label} within ${timeoutMs} ms (seen: ${seen.join(', ')})`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => void look();
        if (look()) return;
        waiters.add(check);
      });
    },
  };
}

// ---- the contract's examples, made real -------------------------------------------------------------------

/** The ids the contract's examples should use: by key for every channel, and by channel where one needs its own. */
export interface ExampleIds {
  byKey: Record<string, string>;
  byChannel: Record<string, Record<string, unknown>>;
}

/** The example with its ids replaced by real ones (the channel's own first, then the common ones). */
export function withRealIds(ids: ExampleIds, channel: string, example: unknown): unknown {
  if (!example || typeof example !== 'object') return example;
  return Object.fromEntries(
    Object.entries(example).map(([k, v]) => [k, ids.byChannel[channel]?.[k] ?? ids.byKey[k] ?? v]),
  );
}

/**
 * Makes the records the contract's examples name, in a backend seeded with the demo cases, so that every example
 * goes through for real: the settings a send needs (through `settings:update`), a draft for the channels that read
 * one, a draft of its own for `drafts:discard` (which would otherwise take the others' draft away), a draft of a
 * demo letter for the `outbox:submit` example's case that passes the backend's re-check for its recipients, and a
 * real outbox row (a send of the same letter, accepted) for the outbox actions.
 */
export async function makeExampleIds(dispatcher: Dispatcher): Promise<ExampleIds> {
  await updateSettings(dispatcher, SENDING_SETTINGS);
  const submit = contract.submitSend.example;
  const letter = DEMO_LETTERS.find((l) => l.correct && l.caseNumber === submit.caseNumber);
  if (!letter)
    throw new Error(`no correct demo letter for the outbox:submit example's case ${submit.caseNumber}`);
  const draftId = await analyseDemoLetter(dispatcher, letter.file);
  const discardDraftId = await analyseDemoLetter(dispatcher, letter.file);
  const submitDraftId = await analyseDemoLetter(dispatcher, letter.file);
  const sentDraftId = await analyseDemoLetter(dispatcher, letter.file);
  const sent = await call<{ items: { id: string }[] }>(dispatcher, 'outbox:submit', {
    ...submit,
    draftId: sentDraftId,
  });
  const outboxId = sent.items[0]?.id;
  if (!outboxId) throw new Error('the outbox:submit example made no outbox row');
  return {
    byKey: { draftId, outboxId },
    byChannel: {
      [contract.discardDraft.channel]: { draftId: discardDraftId },
      [contract.submitSend.channel]: { draftId: submitDraftId },
    },
  };
}

/**
 * With users (the app's mode), the demo user whose role may use each channel's example: admins manage users, a
 * supervisor resolves an unknown send, a caseworker does the rest.
 */
export const EXAMPLE_ROLE: Record<string, string> = {
  'users:list': 'admin',
  'users:create': 'admin',
  'users:resetPassword': 'admin',
  'outbox:resolve': 'leder',
  'approvals:list': 'leder',
  'approvals:get': 'leder',
  'approvals:decide': 'leder',
  'approvals:list:other': 'leder2',
  'roster:get': 'admin',
  'roster:issue': 'admin',
};

/** A demo letter whose type always needs approval (the policy's child-welfare investigation). */
export const APPROVAL_LETTER = '01-emil-boernefaglig-undersoegelse.pdf';

/**
 * The caseworker sends a letter whose type needs approval to its proposed recipients (acknowledging any warning):
 * the rows wait for approval and a signed request is made. Returns the draft, and the request's id as the
 * supervisor's inbox lists it. Needs a backend with users; leaves the supervisor signed in.
 */
export async function requestApproval(
  dispatcher: Dispatcher,
  file = APPROVAL_LETTER,
  requester = 'sagsbehandler',
): Promise<{ draftId: string; requestId: string }> {
  await call(dispatcher, 'auth:signIn', {
    username: requester,
    password: DEMO_USERS.find((u) => u.username === requester)!.password,
  });
  await updateSettings(dispatcher, SENDING_SETTINGS);
  const letter = demoLetter(file);
  const draftId = await analyseDemoLetter(dispatcher, file);
  const checked = await call<{
    proposal: { partyId: string; proposed: boolean }[];
    check: { findings: { code: string; severity: string }[] };
  }>(dispatcher, 'drafts:check', { draftId, caseNumber: letter.caseNumber });
  const recipients = checked.proposal.filter((p) => p.proposed).map((p) => p.partyId);
  const acknowledged = [
    ...new Set(checked.check.findings.filter((f) => f.severity === 'warn').map((f) => f.code)),
  ].map((code) => ({ code, reason: 'Gennemset før anmodning' }));
  await call(dispatcher, 'outbox:submit', {
    draftId,
    caseNumber: letter.caseNumber,
    recipients,
    acknowledged,
  });
  // The requester's supervisor colleague sees it (a supervisor's own request is in the other supervisor's inbox).
  await signInForExample(dispatcher, requester === 'leder' ? 'approvals:list:other' : 'approvals:list');
  const { requests } = await call<{ requests: { id: string; draftId: string }[] }>(
    dispatcher,
    'approvals:list',
    {},
  );
  const request = requests.find((r) => r.draftId === draftId);
  if (!request) throw new Error(`no approval request for the draft of ${file}`);
  return { draftId, requestId: request.id };
}

/**
 * The caseworker imports the approval letter's case again from the demo file, with `change` made to its parties
 * (another CPR number, a custody holder exempt from Digital Post): the case data changes under a request.
 */
export async function reimportApprovalCase(
  dispatcher: Dispatcher,
  change: (parties: { id: string; cpr?: string; digitalPost: string }[]) => void,
): Promise<void> {
  const file = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')) as {
    cases: { caseNumber: string; parties: { id: string; cpr?: string; digitalPost: string }[] }[];
  };
  const theCase = file.cases.find((c) => c.caseNumber === demoLetter(APPROVAL_LETTER).caseNumber)!;
  change(theCase.parties);
  await signInForExample(dispatcher, 'cases:import');
  await call(dispatcher, 'cases:import', {
    fileName: 'sag.json',
    format: 'json',
    content: JSON.stringify({ cases: [theCase] }),
  });
}

/**
 * Behind the backend's back, through a second connection to a passphrase-wrapped store: the draft now has another
 * document (a change nobody could make through the contract, which an approval must notice all the same).
 */
export function swapDraftDocument(dataDir: string, passphrase: string, draftId: string): void {
  const raw = openStore({ dataDir, passphrase, logger: new MemoryLogger() });
  try {
    raw.db
      .prepare('INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES (?, ?, 1, ?)')
      .run('ab'.repeat(32), Buffer.from('x'), new Date(0).toISOString());
    raw.db.prepare('UPDATE drafts SET document_sha256 = ? WHERE id = ?').run('ab'.repeat(32), draftId);
  } finally {
    raw.close();
  }
}

/** Another CPR number for a party, the last four digits moved on by two (still a well-formed number). */
export const anotherCpr = (cpr: string) =>
  `${cpr.slice(0, 7)}${String((Number(cpr.slice(7)) + 2) % 10_000).padStart(4, '0')}`;

/** Signs the demo user in whose role may use this channel's example (a no-op in the fixed mode's backends). */
export async function signInForExample(dispatcher: Dispatcher, channel: string): Promise<void> {
  const username = EXAMPLE_ROLE[channel] ?? 'sagsbehandler';
  const password = DEMO_USERS.find((u) => u.username === username)!.password;
  await call(dispatcher, 'auth:signIn', { username, password });
}

/**
 * The ids and values the user and approval channels' examples need in a demo store: a real user to reset (the second demo
 * supervisor), the caseworker's password changed to itself (so every demo user can still sign in afterwards), a
 * pending approval request, and the shared folder with every demo user for a roster.
 */
export async function userExampleIds(
  dispatcher: Dispatcher,
  approvalFolder: string,
): Promise<ExampleIds['byChannel']> {
  await signInForExample(dispatcher, 'users:list');
  const { users } = await call<{ users: { id: string; username: string }[] }>(dispatcher, 'users:list', {});
  // The roster channels need the shared folder of approval across desks (an empty folder of the test's own).
  await updateSettings(dispatcher, { approvalFolder });
  const own = DEMO_USERS.find((u) => u.username === 'sagsbehandler')!.password;
  const { requestId, draftId } = await requestApproval(dispatcher);
  return {
    'approvals:request': { draftId },
    'users:resetPassword': { userId: users.find((u) => u.username === 'leder2')!.id },
    'users:changePassword': { oldPassword: own, newPassword: own },
    'approvals:get': { requestId },
    'approvals:decide': { requestId },
    'roster:issue': { userIds: users.map((u) => u.id) },
  };
}

/** The keys of an example that name a record by UUID: each must get a real id. */
export function idKeysOf(example: unknown): string[] {
  if (!example || typeof example !== 'object') return [];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return Object.entries(example)
    .filter(([, v]) => typeof v === 'string' && uuid.test(v))
    .map(([k]) => k);
}
