import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/create-backend';
import {
  requestHashOf,
  signPayload,
  type ApprovalDecision,
  type ApprovalRequest,
  type Roster,
} from '../../../src/backend/approval/signed';
import { keyIdOf } from '../../../src/backend/users/credentials';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { DEMO_DATE, FakeClock } from '../../support/fakes';
import { call, requestApproval, testBackend } from '../../support/backend';
import { tempDir } from '../../support/temp-dir';

/**
 * Approval across desks through a shared folder (docs/approval.md, "Across desks"): two installations, each with its
 * own store and users, share only a folder. The caseworker's installation (A) pins its admin's key; the
 * supervisor's (B) is given that key's fingerprint by IT's machine file. The admin issues a roster of both
 * installations' users; requests and decisions travel as signed files; the folder itself is not trusted, so an
 * edited, forged, replayed, revoked or expired file is refused and nothing is sent on it.
 *
 * A third "installation" is the test itself: it puts a key file of two users (a caseworker and a supervisor, whose
 * private keys it holds) in the folder, so it can sign decisions as a roster user would, or as somebody who is not.
 */

const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;
const HOUR = 3_600_000;

interface Candidate {
  userId: string;
  username: string;
  role: string;
  source: 'local' | 'key_file';
  installationId: string | null;
}

interface TestUser {
  userId: string;
  username: string;
  role: 'caseworker' | 'supervisor';
  key: KeyObject;
  publicKey: string;
  keyId: string;
}

function testUser(
  username: string,
  role: TestUser['role'],
  validFrom: string,
): TestUser & { validFrom: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return {
    userId: randomUUID(),
    username,
    role,
    key: privateKey,
    publicKey: spki,
    keyId: keyIdOf(spki),
    validFrom,
  };
}

describe('approval across two installations through a shared folder', () => {
  let dirs: ReturnType<typeof tempDir>[];
  let folder: string;
  let clock: FakeClock;
  let a: Backend;
  let b: Backend;
  let outsider: { caseworker: TestUser; supervisor: TestUser };

  const signIn = (backend: Backend, username: string) =>
    call(backend.dispatcher, 'auth:signIn', { username, password: password(username) });
  const sync = (backend: Backend) =>
    call<{
      reachable: boolean;
      unreachableCode: string | null;
      received: number;
      decided: number;
      refused: { file: string; problem: string }[];
    }>(backend.dispatcher, 'approvals:sync', {});
  const rowsOf = async (draftId: string) => {
    await signIn(a, 'sagsbehandler');
    const { items } = await call<{ items: { draftId: string; entry: { state: string } }[] }>(
      a.dispatcher,
      'outbox:list',
      {},
    );
    return items.filter((i) => i.draftId === draftId).map((i) => i.entry.state);
  };
  const historyKinds = async (backend: Backend, who: string) => {
    await signIn(backend, who);
    const { entries } = await call<{ entries: { kind: string; details: Record<string, unknown> }[] }>(
      backend.dispatcher,
      'audit:list',
      { limit: 500 },
    );
    return entries;
  };
  const fileOf = (sub: string, name: string) => join(folder, sub, name);

  /** The admin on A issues a roster of exactly these users (by installation and username). */
  async function issueRoster(who: (c: Candidate) => boolean): Promise<number> {
    await signIn(a, 'admin');
    const roster = await call<{ candidates: Candidate[] }>(a.dispatcher, 'roster:get', {});
    const userIds = roster.candidates.filter(who).map((c) => c.userId);
    const issued = await call<{ serial: number }>(a.dispatcher, 'roster:issue', { userIds });
    return issued.serial;
  }

  /** A caseworker on A asks; the request reaches B's inbox; returns the ids. */
  async function requestOnA(file?: string): Promise<{ draftId: string; requestId: string }> {
    const ids = await requestApproval(a.dispatcher, file);
    await signIn(a, 'sagsbehandler');
    await sync(a);
    expect(existsSync(fileOf('requests', `${ids.requestId}.json`))).toBe(true);
    return ids;
  }

  /** The test's own supervisor (or caseworker) signs a decision on a request file's request. */
  function decisionBy(user: TestUser, requestId: string, overrides: Partial<ApprovalDecision> = {}) {
    const file = JSON.parse(readFileSync(fileOf('requests', `${requestId}.json`), 'utf8')) as {
      request: { payload: ApprovalRequest };
    };
    const payload: ApprovalDecision = {
      v: 1,
      kind: 'approval_decision',
      requestId,
      // The request's hash as the requester's installation computes it: over its canonical form.
      requestHash: requestHashOf(file.request.payload),
      outcome: 'approved',
      comment: 'Gennemset',
      approver: { userId: user.userId, username: user.username },
      decidedAt: clock.now().toISOString(),
      ...overrides,
    };
    return signPayload(payload, user.key, user.keyId);
  }

  beforeEach(async () => {
    clock = new FakeClock(new Date(DEMO_DATE));
    const shared = tempDir('sendeassistent-shared-');
    const dirA = tempDir();
    const dirB = tempDir();
    dirs = [shared, dirA, dirB];
    folder = shared.path;
    // Rounds are asked for explicitly here; the timer would only add noise.
    const quiet = { clock, currentUser: undefined, approvalSyncMs: 24 * HOUR };
    a = testBackend(dirA.path, quiet);
    await signIn(a, 'admin');
    const pinned = await call<{ pinnedAdminKeyId: string; ownKeyId: string; pinSource: string }>(
      a.dispatcher,
      'roster:get',
      {},
    );
    // A pinned its own first admin's key at set-up.
    expect(pinned.pinnedAdminKeyId).toBe(pinned.ownKeyId);
    expect(pinned.pinSource).toBe('set_up');
    await call(a.dispatcher, 'settings:update', { patch: { approvalFolder: folder } });

    // B: IT's machine file names A's admin key; B's own admin is not trusted for rosters.
    const machineFile = join(dirB.path, 'maskine.json');
    writeFileSync(
      machineFile,
      JSON.stringify({ settings: { adminKeyFingerprint: pinned.ownKeyId }, locked: ['adminKeyFingerprint'] }),
    );
    b = testBackend(dirB.path, { ...quiet, machineSettingsPath: machineFile });
    await signIn(b, 'admin');
    await call(b.dispatcher, 'settings:update', { patch: { approvalFolder: folder } });
    await sync(b);

    // The test's own installation: a key file with a caseworker and a supervisor whose keys it holds.
    const from = clock.now().toISOString();
    outsider = {
      caseworker: testUser('ekstern-sagsbehandler', 'caseworker', from),
      supervisor: testUser('ekstern-leder', 'supervisor', from),
    };
    writeFileSync(
      fileOf('keys', `${randomUUID()}.json`),
      JSON.stringify({
        v: 1,
        kind: 'user_keys',
        installationId: randomUUID(),
        users: Object.values(outsider).map((u) => ({
          userId: u.userId,
          username: u.username,
          displayName: u.username,
          role: u.role,
          keys: [{ keyId: u.keyId, publicKey: u.publicKey, validFrom: from, validTo: null }],
        })),
      }),
    );
    clock.advance(1000);
    // The roster: A's caseworker, B's supervisor and caseworker, and the test's two users.
    await issueRoster(
      (c) =>
        (c.source === 'local' && c.username === 'sagsbehandler') ||
        (c.source === 'key_file' && ['leder', 'sagsbehandler'].includes(c.username)) ||
        c.username.startsWith('ekstern-'),
    );
    await signIn(b, 'leder');
    await sync(b);
    clock.advance(1000);
  });

  afterEach(() => {
    a.close();
    b.close();
    for (const d of dirs) d.cleanup();
  });

  it('a request from A is reviewed and approved on B; A verifies the decision and releases the send once', async () => {
    const { draftId, requestId } = await requestOnA();
    await signIn(b, 'leder');
    expect(await sync(b)).toMatchObject({ reachable: true, unreachableCode: null, received: 1, refused: [] });
    const { requests } = await call<{ requests: { id: string; remote: boolean; draftId: string }[] }>(
      b.dispatcher,
      'approvals:list',
      {},
    );
    expect(requests).toEqual([expect.objectContaining({ id: requestId, remote: true, draftId })]);
    const { request, review } = await call<{
      request: { state: string; requester: { username: string } };
      review: { fileName: string; pages: number; proposal: { partyId: string; eligible: boolean }[] };
    }>(b.dispatcher, 'approvals:get', { requestId });
    // What the caseworker's checks found, signed by them, with the document for the page images.
    expect(request).toMatchObject({ state: 'pending', requester: { username: 'sagsbehandler' } });
    expect(review.pages).toBeGreaterThan(0);
    expect(review.proposal.filter((p) => p.eligible).map((p) => p.partyId)).toEqual(['p2', 'p3']);
    const page = await call<{ rendered: boolean }>(b.dispatcher, 'documents:preview', { draftId, page: 1 });
    expect(page.rendered).toBe(true);
    // A caseworker on B may not look at it.
    await signIn(b, 'sagsbehandler');
    const refused = await b.dispatcher.json('approvals:get', { requestId });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');

    await signIn(b, 'leder');
    clock.advance(1000);
    const decided = await call<{ request: { state: string; remote: boolean }; released: boolean }>(
      b.dispatcher,
      'approvals:decide',
      { requestId, outcome: 'approved', comment: 'Gennemset på den anden computer' },
    );
    expect(decided).toMatchObject({ request: { state: 'approved', remote: true }, released: false });
    expect(existsSync(fileOf('decisions', `${requestId}.json`))).toBe(true);

    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    expect(await sync(a)).toMatchObject({ decided: 1, refused: [] });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
    // A second round acts on nothing again; the request and its decision have left the folder.
    expect(await sync(a)).toMatchObject({ decided: 0, refused: [] });
    expect(existsSync(fileOf('requests', `${requestId}.json`))).toBe(false);
    expect(existsSync(fileOf('decisions', `${requestId}.json`))).toBe(false);

    const onA = await historyKinds(a, 'sagsbehandler');
    expect(onA.filter((e) => e.kind === 'approval.approved')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ requestId, via: 'shared_folder' }) }),
    ]);
    expect(onA.some((e) => e.kind === 'approval.released')).toBe(true);
    const onB = (await historyKinds(b, 'leder')).map((e) => e.kind);
    expect(onB).toEqual(
      expect.arrayContaining(['approval.received', 'approval.approved', 'approval.roster_imported']),
    );
  });

  it('a request decided by another supervisor leaves B’s inbox; B cannot decide it any more', async () => {
    const { draftId, requestId } = await requestOnA();
    await signIn(b, 'leder');
    expect((await sync(b)).received).toBe(1);
    // The test's supervisor (another computer) decides first; A acts on it and takes the files out of the folder.
    writeFileSync(
      fileOf('decisions', `${requestId}.json`),
      JSON.stringify(decisionBy(outsider.supervisor, requestId)),
    );
    expect(await sync(a)).toMatchObject({ decided: 1 });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
    expect(existsSync(fileOf('requests', `${requestId}.json`))).toBe(false);

    await signIn(b, 'leder');
    const late = await b.dispatcher.json('approvals:decide', {
      requestId,
      outcome: 'rejected',
      comment: 'For sent',
    });
    expect(late.ok ? 'ok' : late.error.code).toBe('APPROVAL_INVALID');
    expect(existsSync(fileOf('decisions', `${requestId}.json`))).toBe(false);
    const { requests } = await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {});
    expect(requests).toEqual([]);
    const withdrawn = (await historyKinds(b, 'leder')).filter((e) => e.kind === 'approval.withdrawn');
    expect(withdrawn).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ requestId, why: 'request_file_gone' }) }),
    ]);
  });

  it('a request whose file leaves the folder leaves the inbox at the next round, and comes back with it', async () => {
    const { requestId } = await requestOnA();
    const file = fileOf('requests', `${requestId}.json`);
    const content = readFileSync(file);
    await signIn(b, 'leder');
    expect((await sync(b)).received).toBe(1);
    rmSync(file);
    await sync(b);
    expect((await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {})).requests).toEqual([]);
    writeFileSync(file, content);
    await sync(b);
    expect((await call<{ requests: { id: string }[] }>(b.dispatcher, 'approvals:list', {})).requests).toEqual(
      [expect.objectContaining({ id: requestId })],
    );
  });

  it('a rejection made on B cancels the send on A', async () => {
    const { draftId, requestId } = await requestOnA();
    await signIn(b, 'leder');
    await sync(b);
    await call(b.dispatcher, 'approvals:decide', {
      requestId,
      outcome: 'rejected',
      comment: 'Forkert modtager',
    });
    await sync(a);
    expect(await rowsOf(draftId)).toEqual(['cancelled', 'cancelled']);
  });

  it('an edited decision file is refused and reported once; the send keeps waiting', async () => {
    const { draftId, requestId } = await requestOnA();
    await signIn(b, 'leder');
    await sync(b);
    await call(b.dispatcher, 'approvals:decide', { requestId, outcome: 'rejected', comment: 'Afvist' });
    const file = fileOf('decisions', `${requestId}.json`);
    const edited = JSON.parse(readFileSync(file, 'utf8')) as {
      payload: { outcome: string; comment: string };
    };
    edited.payload.outcome = 'approved';
    edited.payload.comment = 'Godkendt';
    writeFileSync(file, JSON.stringify(edited));
    expect((await sync(a)).refused).toEqual([
      { file: `decisions/${requestId}.json`, problem: 'bad_signature' },
    ]);
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    await sync(a);
    const refusals = (await historyKinds(a, 'sagsbehandler')).filter(
      (e) => e.kind === 'approval.file_refused',
    );
    expect(refusals).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ file: `decisions/${requestId}.json`, problem: 'bad_signature' }),
      }),
    ]);
  });

  it('a decision signed by a caseworker on the roster, or by a key not on it, is refused', async () => {
    const { draftId, requestId } = await requestOnA();
    const file = fileOf('decisions', `${requestId}.json`);
    writeFileSync(file, JSON.stringify(decisionBy(outsider.caseworker, requestId)));
    expect((await sync(a)).refused).toEqual([
      { file: `decisions/${requestId}.json`, problem: 'not_supervisor' },
    ]);

    const stranger = testUser('ukendt-leder', 'supervisor', clock.now().toISOString());
    writeFileSync(file, JSON.stringify(decisionBy(stranger, requestId)));
    expect((await sync(a)).refused).toEqual([
      { file: `decisions/${requestId}.json`, problem: 'unknown_key' },
    ]);
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);

    // The same supervisor's decision, properly signed and on the roster, is acted on.
    writeFileSync(file, JSON.stringify(decisionBy(outsider.supervisor, requestId)));
    expect(await sync(a)).toMatchObject({ decided: 1, refused: [] });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
  });

  it('a supervisor removed from the roster can no longer approve, even with a decision signed before', async () => {
    const { draftId, requestId } = await requestOnA();
    const decision = decisionBy(outsider.supervisor, requestId);
    clock.advance(1000);
    // The admin issues a new roster without the test's supervisor: removal revokes.
    await issueRoster(
      (c) =>
        (c.source === 'local' && c.username === 'sagsbehandler') ||
        (c.source === 'key_file' && ['leder', 'sagsbehandler'].includes(c.username)) ||
        c.username === 'ekstern-sagsbehandler',
    );
    writeFileSync(fileOf('decisions', `${requestId}.json`), JSON.stringify(decision));
    expect((await sync(a)).refused).toEqual([{ file: `decisions/${requestId}.json`, problem: 'revoked' }]);
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
  });

  it('a decision replayed onto another draft’s request is refused', async () => {
    const first = await requestOnA();
    const second = await requestOnA('18-emil-psykologisk-undersoegelse.pdf');
    await signIn(b, 'leder');
    expect((await sync(b)).received).toBe(2);
    await call(b.dispatcher, 'approvals:decide', {
      requestId: first.requestId,
      outcome: 'approved',
      comment: 'Kun den første',
    });
    copyFileSync(
      fileOf('decisions', `${first.requestId}.json`),
      fileOf('decisions', `${second.requestId}.json`),
    );
    const round = await sync(a);
    expect(round.decided).toBe(1);
    expect(round.refused).toEqual([{ file: `decisions/${second.requestId}.json`, problem: 'wrong_request' }]);
    expect(await rowsOf(first.draftId)).toEqual(['queued', 'queued']);
    expect(await rowsOf(second.draftId)).not.toContain('queued');
  });

  it('an expired request is not approved by a decision that arrives after its expiry', async () => {
    const { draftId, requestId } = await requestOnA();
    const decision = decisionBy(outsider.supervisor, requestId);
    clock.advance(8 * 24 * HOUR);
    writeFileSync(fileOf('decisions', `${requestId}.json`), JSON.stringify(decision));
    expect(await sync(a)).toMatchObject({ decided: 0 });
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    const expired = (await historyKinds(a, 'sagsbehandler')).filter((e) => e.kind === 'approval.expired');
    expect(expired).toEqual([expect.objectContaining({ details: expect.objectContaining({ requestId }) })]);
    // On B the expired request is not in the inbox either.
    await signIn(b, 'leder');
    await sync(b);
    const { requests } = await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {});
    expect(requests).toEqual([]);
  });

  it('a decision from a computer whose clock runs ahead waits until this clock has caught up', async () => {
    const { draftId, requestId } = await requestOnA();
    const ahead = new Date(clock.now().getTime() + HOUR).toISOString();
    writeFileSync(
      fileOf('decisions', `${requestId}.json`),
      JSON.stringify(decisionBy(outsider.supervisor, requestId, { decidedAt: ahead })),
    );
    expect(await sync(a)).toMatchObject({ decided: 0, refused: [] });
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    clock.advance(2 * HOUR);
    expect(await sync(a)).toMatchObject({ decided: 1, refused: [] });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
  });

  it('an edited request file or one with another document is refused on B and never reaches the inbox', async () => {
    const { requestId } = await requestOnA();
    const file = fileOf('requests', `${requestId}.json`);
    const original = readFileSync(file, 'utf8');
    const edited = JSON.parse(original) as {
      request: { payload: { subject: { recipients: { identity: string }[] } } };
      documentBase64: string;
    };
    edited.request.payload.subject.recipients[0]!.identity = 'cpr:0101011234';
    writeFileSync(file, JSON.stringify(edited));
    await signIn(b, 'leder');
    expect((await sync(b)).refused).toEqual([
      { file: `requests/${requestId}.json`, problem: 'bad_signature' },
    ]);

    const swapped = JSON.parse(original) as { documentBase64: string };
    swapped.documentBase64 = Buffer.from('%PDF-1.4 en anden fil').toString('base64');
    writeFileSync(file, JSON.stringify(swapped));
    expect((await sync(b)).refused).toEqual([
      { file: `requests/${requestId}.json`, problem: 'wrong_document' },
    ]);
    const { requests } = await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {});
    expect(requests).toEqual([]);

    // The original file, put back, is taken in.
    writeFileSync(file, original);
    expect(await sync(b)).toMatchObject({ received: 1, refused: [] });
  });

  it('a key file that claims a user with other keys makes that user no candidate for the roster', async () => {
    await signIn(a, 'admin');
    const before = await call<{ candidates: (Candidate & { keyIds: string[] })[] }>(
      a.dispatcher,
      'roster:get',
      {},
    );
    const victim = before.candidates.find((c) => c.source === 'key_file' && c.username === 'leder2')!;
    const local = before.candidates.find((c) => c.source === 'local' && c.username === 'sagsbehandler')!;
    const forger = testUser('forfalsker', 'supervisor', clock.now().toISOString());
    const forged = (userId: string, username: string) => ({
      userId,
      username,
      displayName: username,
      role: 'supervisor',
      keys: [
        { keyId: forger.keyId, publicKey: forger.publicKey, validFrom: forger.validFrom, validTo: null },
      ],
    });
    const name = `${randomUUID()}.json`;
    writeFileSync(
      fileOf('keys', name),
      JSON.stringify({
        v: 1,
        kind: 'user_keys',
        installationId: randomUUID(),
        users: [forged(victim.userId, 'leder2'), forged(local.userId, 'sagsbehandler')],
      }),
    );
    const after = await call<{
      candidates: (Candidate & { keyIds: string[] })[];
      problems: { file: string; problem: string }[];
    }>(a.dispatcher, 'roster:get', {});
    // B's leder2 is claimed twice with different keys: neither is offered; this computer's own user keeps its keys.
    expect(after.candidates.some((c) => c.userId === victim.userId)).toBe(false);
    expect(after.candidates.find((c) => c.userId === local.userId)?.keyIds).toEqual(local.keyIds);
    expect(after.problems).toEqual(
      expect.arrayContaining([{ file: `keys/${name}`, problem: 'duplicate_user' }]),
    );
    expect(after.problems.filter((p) => p.problem === 'duplicate_user')).toHaveLength(3);
    const refused = await a.dispatcher.json('roster:issue', { userIds: [victim.userId] });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('VALIDATION_FAILED');
  });

  it('a key file cannot change a rostered user’s role: the roster keeps it, and a caseworker stays one', async () => {
    // The test's own key file, rewritten: its caseworker now says "supervisor", with the same keys.
    const keyFile = readdirSync(join(folder, 'keys'))
      .map((n) => fileOf('keys', n))
      .find((f) => readFileSync(f, 'utf8').includes(outsider.caseworker.userId))!;
    const content = JSON.parse(readFileSync(keyFile, 'utf8')) as {
      users: { userId: string; role: string }[];
    };
    content.users.find((u) => u.userId === outsider.caseworker.userId)!.role = 'supervisor';
    writeFileSync(keyFile, JSON.stringify(content));
    await signIn(a, 'admin');
    const { candidates } = await call<{ candidates: (Candidate & { role: string })[] }>(
      a.dispatcher,
      'roster:get',
      {},
    );
    expect(candidates.find((c) => c.userId === outsider.caseworker.userId)?.role).toBe('caseworker');
    // The admin issues the same roster again, as a routine; the caseworker's decision is still refused.
    await issueRoster(
      (c) =>
        (c.source === 'local' && c.username === 'sagsbehandler') ||
        (c.source === 'key_file' && ['leder', 'sagsbehandler'].includes(c.username)) ||
        c.username.startsWith('ekstern-'),
    );
    clock.advance(1000);
    const { requestId } = await requestOnA();
    writeFileSync(
      fileOf('decisions', `${requestId}.json`),
      JSON.stringify(decisionBy(outsider.caseworker, requestId)),
    );
    expect((await sync(a)).refused).toEqual([
      { file: `decisions/${requestId}.json`, problem: 'not_supervisor' },
    ]);
  });

  it('a garbage file at the next roster’s name does not stop the admin; a deleted roster file is put back', async () => {
    writeFileSync(fileOf('roster', 'roster-000002.json'), '{ikke json');
    const serial = await issueRoster((c) => c.source === 'local' && c.username === 'sagsbehandler');
    expect(serial).toBe(2);
    expect(JSON.parse(readFileSync(fileOf('roster', 'roster-000002.json'), 'utf8'))).toMatchObject({
      payload: { serial: 2 },
    });
    // Somebody deletes the newest roster (to keep the removals from B): A puts it back at its next round.
    rmSync(fileOf('roster', 'roster-000002.json'));
    await sync(a);
    expect(existsSync(fileOf('roster', 'roster-000002.json'))).toBe(true);
    // Or spoils it: put back too.
    writeFileSync(fileOf('roster', 'roster-000002.json'), '{}');
    await sync(a);
    expect(JSON.parse(readFileSync(fileOf('roster', 'roster-000002.json'), 'utf8'))).toMatchObject({
      payload: { serial: 2 },
    });
    await signIn(b, 'leder');
    await sync(b);
    // B's supervisor is no longer on the roster: B's inbox of others' requests is closed to them.
    const { requests } = await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {});
    expect(requests).toEqual([]);
  });

  it('after an expiry the caseworker asks again across desks: a new request reaches B and is approved', async () => {
    const { draftId, requestId } = await requestOnA();
    await signIn(b, 'leder');
    expect((await sync(b)).received).toBe(1);
    clock.advance(8 * 24 * HOUR);
    // A ends the request at its next round and takes its file out of the folder; B follows.
    await sync(a);
    expect(existsSync(fileOf('requests', `${requestId}.json`))).toBe(false);
    await signIn(b, 'leder');
    await sync(b);
    expect((await call<{ requests: unknown[] }>(b.dispatcher, 'approvals:list', {})).requests).toEqual([]);

    await signIn(a, 'sagsbehandler');
    const again = await call<{ request: { id: string } }>(a.dispatcher, 'approvals:request', { draftId });
    expect(again.request.id).not.toBe(requestId);
    await sync(a);
    await signIn(b, 'leder');
    expect(await sync(b)).toMatchObject({ received: 1, unreachableCode: null, refused: [] });
    clock.advance(1000);
    await call(b.dispatcher, 'approvals:decide', {
      requestId: again.request.id,
      outcome: 'approved',
      comment: 'Nu set igen',
    });
    expect(await sync(a)).toMatchObject({ decided: 1 });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
  });

  it('a forged decision dated far ahead is refused for its signature, not held as if from a fast clock', async () => {
    const { draftId, requestId } = await requestOnA();
    const forged = decisionBy(outsider.supervisor, requestId, { decidedAt: '9999-01-01T00:00:00.000Z' });
    forged.signature = Buffer.alloc(64, 7).toString('base64');
    writeFileSync(fileOf('decisions', `${requestId}.json`), JSON.stringify(forged));
    expect((await sync(a)).refused).toEqual([
      { file: `decisions/${requestId}.json`, problem: 'bad_signature' },
    ]);
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
  });

  it('two decisions on B at once: the first counts, the second is refused', async () => {
    const { requestId } = await requestOnA();
    await signIn(b, 'leder');
    await sync(b);
    const [first, second] = await Promise.all([
      b.dispatcher.json('approvals:decide', { requestId, outcome: 'approved', comment: 'Godkendt' }),
      b.dispatcher.json('approvals:decide', { requestId, outcome: 'rejected', comment: 'Afvist' }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const refused = first.ok ? second : first;
    expect(refused.ok ? 'ok' : refused.error.code).toBe('APPROVAL_INVALID');
    const kinds = (await historyKinds(b, 'leder')).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'approval.approved' || k === 'approval.rejected')).toHaveLength(1);
  });

  it('a decision file nobody can verify does not stop B’s supervisor from deciding', async () => {
    const { requestId } = await requestOnA();
    await signIn(b, 'leder');
    await sync(b);
    writeFileSync(fileOf('decisions', `${requestId}.json`), '{"payload":{},"keyId":"00","signature":"x"}');
    const decided = await call<{ request: { state: string } }>(b.dispatcher, 'approvals:decide', {
      requestId,
      outcome: 'approved',
      comment: 'Gennemset',
    });
    expect(decided.request.state).toBe('approved');
  });

  it('a roster signed by any key but the pinned admin key is refused; B’s own admin cannot issue one', async () => {
    await signIn(b, 'admin');
    const onB = await call<{ pinnedAdminKeyId: string; ownKeyId: string; pinSource: string }>(
      b.dispatcher,
      'roster:get',
      {},
    );
    expect(onB.pinSource).toBe('machine_file');
    expect(onB.pinnedAdminKeyId).not.toBe(onB.ownKeyId);
    const refused = await b.dispatcher.json('roster:issue', { userIds: [outsider.supervisor.userId] });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');

    // A forged roster: the test's supervisor's key signing a roster that makes it an admin's.
    const forged: Roster = {
      v: 1,
      kind: 'roster',
      serial: 99,
      issuedAt: clock.now().toISOString(),
      adminPublicKey: outsider.supervisor.publicKey,
      users: [],
    };
    writeFileSync(
      fileOf('roster', 'roster-000099.json'),
      JSON.stringify(signPayload(forged, outsider.supervisor.key, outsider.supervisor.keyId)),
    );
    await signIn(b, 'leder');
    const forgedRefusal = { file: 'roster/roster-000099.json', problem: 'wrong_admin' };
    expect((await sync(b)).refused).toEqual([forgedRefusal]);
    expect((await sync(a)).refused).toEqual([forgedRefusal]);
    // The settings refuse a fingerprint from anybody but IT's machine file.
    await signIn(a, 'admin');
    const saved = await call<{ saved: boolean; refusal: string | null }>(a.dispatcher, 'settings:update', {
      patch: { adminKeyFingerprint: outsider.supervisor.keyId },
    });
    expect(saved).toMatchObject({ saved: false, refusal: 'locked' });
    expect(readdirSync(join(folder, 'roster'))).toContain('roster-000001.json');
  });
});
