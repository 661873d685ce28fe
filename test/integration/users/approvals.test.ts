import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/create-backend';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { DEMO_DATE, FakeClock } from '../../support/fakes';
import {
  APPROVAL_LETTER,
  call,
  demoLetter,
  anotherCpr,
  recordEvents,
  reimportApprovalCase,
  requestApproval,
  swapDraftDocument,
  testBackend,
} from '../../support/backend';
import { tempDir } from '../../support/temp-dir';

/**
 * Second-person approval through the contract, on one installation (docs/approval.md): the backend enforces who
 * may decide whatever the window sends, and an approval counts only for the exact send it was given for.
 */

const PASSPHRASE = 'prøvens adgangsfrase';
const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;

interface Item {
  id: string;
  draftId: string;
  entry: { state: string };
}

describe('approval on one installation', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let clock: FakeClock;
  const signIn = (username: string) =>
    call(backend.dispatcher, 'auth:signIn', { username, password: password(username) });
  const codeOf = async (channel: string, input: unknown) => {
    const res = await backend.dispatcher.json(channel, input);
    return res.ok ? 'ok' : res.error.code;
  };
  const rowsOf = async (draftId: string) => {
    await signIn('leder');
    const { items } = await call<{ items: Item[] }>(backend.dispatcher, 'outbox:list', {});
    return items.filter((i) => i.draftId === draftId).map((i) => i.entry.state);
  };
  const decide = (requestId: string, outcome: 'approved' | 'rejected', comment = 'Gennemset og i orden') =>
    call<{ request: { state: string }; released: boolean; differences: string[] }>(
      backend.dispatcher,
      'approvals:decide',
      { requestId, outcome, comment },
    );
  const history = async () => {
    const { entries } = await call<{ entries: { kind: string; details: Record<string, unknown> }[] }>(
      backend.dispatcher,
      'audit:list',
      { limit: 200 },
    );
    return entries;
  };

  const reimportCase = (change: Parameters<typeof reimportApprovalCase>[1]) =>
    reimportApprovalCase(backend.dispatcher, change);

  beforeEach(() => {
    dir = tempDir();
    clock = new FakeClock(new Date(DEMO_DATE));
    // A passphrase-wrapped store, so a test can open a second connection to it.
    backend = testBackend(dir.path, {
      clock,
      currentUser: undefined,
      keyStore: undefined,
      passphrase: PASSPHRASE,
    });
  });
  afterEach(() => {
    backend.close();
    dir.cleanup();
  });

  it('a caseworker’s request, approved by a supervisor, releases the send into the queue once', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    const { request, review } = await call<{
      request: {
        state: string;
        requester: { username: string };
        documentType: string;
        recipients: unknown[];
      };
      review: {
        fileName: string;
        pages: number;
        problem: string | null;
        proposal: { partyId: string; eligible: boolean; reasons: { ruleId: string; text: string }[] }[];
      };
    }>(backend.dispatcher, 'approvals:get', { requestId });
    // The reviewer sees the document and the rule that admitted or refused each party, checked again now.
    expect(review).toMatchObject({ fileName: APPROVAL_LETTER, problem: null });
    expect(review.pages).toBeGreaterThan(0);
    expect(
      review.proposal
        .filter((p) => p.eligible)
        .map((p) => p.partyId)
        .sort(),
    ).toEqual(['p2', 'p3']);
    expect(review.proposal.every((p) => p.reasons.length > 0)).toBe(true);
    expect(request).toMatchObject({
      state: 'pending',
      requester: { username: 'sagsbehandler' },
      documentType: demoLetter(APPROVAL_LETTER).documentType,
    });
    expect(request.recipients).toHaveLength(2);

    const seen = recordEvents(backend);
    const decided = await decide(requestId, 'approved');
    expect(decided).toMatchObject({ request: { state: 'approved' }, released: true, differences: [] });
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
    // The window heard of each row's moves after the commit, ending queued; and of the history's new entries.
    const states = seen.events
      .filter((e) => e.name === 'outbox:changed')
      .map((e) => (e.payload as { item: { entry: { state: string } } }).item.entry.state);
    expect(states.slice(-2)).toEqual(['queued', 'queued']);
    expect(seen.events.some((e) => e.name === 'audit:appended')).toBe(true);
    // A decided request cannot be decided again.
    expect(await codeOf('approvals:decide', { requestId, outcome: 'approved', comment: 'igen' })).toBe(
      'APPROVAL_INVALID',
    );
    const kinds = (await history()).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.approved', 'approval.released']),
    );
  });

  it('refuses self-approval, a caseworker’s and an admin’s decision, whatever the window sends', async () => {
    // The supervisor sends a letter of their own: it needs someone else's approval.
    const own = await requestApprovalAs('leder');
    await signIn('leder');
    expect(
      await codeOf('approvals:decide', { requestId: own, outcome: 'approved', comment: 'Min egen' }),
    ).toBe('FORBIDDEN');
    // Their own request is not in their inbox, but it is in the other supervisor's.
    const { requests } = await call<{ requests: { id: string }[] }>(backend.dispatcher, 'approvals:list', {});
    expect(requests.map((r) => r.id)).not.toContain(own);
    await signIn('leder2');
    const inbox = await call<{ requests: { id: string }[] }>(backend.dispatcher, 'approvals:list', {});
    expect(inbox.requests.map((r) => r.id)).toContain(own);

    await signIn('sagsbehandler');
    expect(
      await codeOf('approvals:decide', { requestId: own, outcome: 'approved', comment: 'Ser fint ud' }),
    ).toBe('FORBIDDEN');
    expect(await codeOf('approvals:list', {})).toBe('FORBIDDEN');
    await signIn('admin');
    expect(
      await codeOf('approvals:decide', { requestId: own, outcome: 'approved', comment: 'Ser fint ud' }),
    ).toBe('FORBIDDEN');

    await signIn('leder2');
    expect((await decide(own, 'approved')).released).toBe(true);
  });

  it('only the send’s own caseworker asks again: a supervisor’s expired send cannot come back to them through a colleague', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher, APPROVAL_LETTER, 'leder');
    clock.advance(8 * 86_400_000);
    // A caseworker clicks "ask again" on the supervisor's send: refused, so it cannot land in that supervisor's inbox.
    await signIn('sagsbehandler');
    expect(await codeOf('approvals:request', { draftId })).toBe('FORBIDDEN');
    await signIn('leder');
    expect(await codeOf('approvals:request', { draftId })).toBe('ok');
    const { requests } = await call<{ requests: { id: string; draftId: string }[] }>(
      backend.dispatcher,
      'approvals:list',
      {},
    );
    expect(requests.filter((r) => r.draftId === draftId)).toEqual([]);
    await signIn('leder2');
    const inbox = await call<{
      requests: { id: string; draftId: string; requester: { username: string } }[];
    }>(backend.dispatcher, 'approvals:list', {});
    const again = inbox.requests.find((r) => r.draftId === draftId)!;
    expect(again.id).not.toBe(requestId);
    expect(again.requester.username).toBe('leder');
  });

  it('a rejected request cannot be sent: its rows are cancelled', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    const decided = await decide(requestId, 'rejected', 'Forkert dokument vedhæftet');
    expect(decided).toMatchObject({ request: { state: 'rejected' }, released: false });
    expect(await rowsOf(draftId)).toEqual(['cancelled', 'cancelled']);
    const rejected = (await history()).find((e) => e.kind === 'approval.rejected');
    expect(rejected?.details).toMatchObject({ requestId, comment: 'Forkert dokument vedhæftet' });
  });

  it('a change of the channels after the request voids the approval: the send waits again', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    // The case is imported again: one custody holder is now exempt from Digital Post (physical post).
    await reimportCase((parties) => {
      parties.find((p) => p.id === 'p3')!.digitalPost = 'exempt';
    });
    await signIn('leder');
    const decided = await decide(requestId, 'approved');
    expect(decided).toMatchObject({
      request: { state: 'voided' },
      released: false,
      differences: ['channels'],
    });
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    expect((await history()).some((e) => e.kind === 'approval.voided')).toBe(true);
    // A new request shows the send as it stands now: the custody holder by physical post.
    await signIn('sagsbehandler');
    const again = await call<{ request: { recipients: { partyId: string; channel: string }[] } }>(
      backend.dispatcher,
      'approvals:request',
      { draftId },
    );
    expect(again.request.recipients.find((r) => r.partyId === 'p3')?.channel).toBe('physical');
  });

  it('a change of a recipient after the request voids the approval', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    // The case is imported again with another CPR number on a custody holder: not the person the approval named.
    await reimportCase((parties) => {
      const mother = parties.find((p) => p.id === 'p2')!;
      mother.cpr = anotherCpr(mother.cpr!);
    });
    await signIn('leder');
    const decided = await decide(requestId, 'approved');
    expect(decided).toMatchObject({
      request: { state: 'voided' },
      released: false,
      differences: ['recipients'],
    });
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
  });

  it('a change of the document after the request voids the approval', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    swapDraftDocument(dir.path, PASSPHRASE, draftId);
    await signIn('leder');
    const decided = await decide(requestId, 'approved');
    expect(decided).toMatchObject({ released: false, differences: ['document'] });
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
  });

  it('an expired request cannot be approved', async () => {
    const { draftId, requestId } = await requestApproval(backend.dispatcher);
    clock.advance(7 * 86_400_000 + 1);
    const seen = recordEvents(backend);
    expect(await codeOf('approvals:decide', { requestId, outcome: 'approved', comment: 'For sent' })).toBe(
      'APPROVAL_INVALID',
    );
    expect(await rowsOf(draftId)).toEqual(['awaiting_approval', 'awaiting_approval']);
    expect((await history()).some((e) => e.kind === 'approval.expired')).toBe(true);
    // A refused decision changed no row, and the window was told of none.
    expect(seen.events.filter((e) => e.name === 'outbox:changed')).toEqual([]);
    // The caseworker asks again: a new request, as the send stands now, which can be approved.
    await signIn('sagsbehandler');
    const again = await call<{ request: { id: string; state: string } }>(
      backend.dispatcher,
      'approvals:request',
      {
        draftId,
      },
    );
    expect(again.request).toMatchObject({ state: 'pending' });
    expect(again.request.id).not.toBe(requestId);
    await signIn('leder');
    expect((await decide(again.request.id, 'approved')).released).toBe(true);
    expect(await rowsOf(draftId)).toEqual(['queued', 'queued']);
  });

  async function requestApprovalAs(username: string): Promise<string> {
    return (await requestApproval(backend.dispatcher, APPROVAL_LETTER, username)).requestId;
  }
});
