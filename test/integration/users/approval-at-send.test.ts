import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/create-backend';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { DEMO_DATE, FakeClock, RecordingConnector } from '../../support/fakes';
import {
  anotherCpr,
  call,
  reimportApprovalCase,
  requestApproval,
  swapDraftDocument,
  testBackend,
} from '../../support/backend';
import { tempDir } from '../../support/temp-dir';

/**
 * The approval checked once more just before each message goes (docs/approval.md, "Send time"): an approved
 * send waits out the undo window in the queue, and the case data may change meanwhile. At the worker's claim the
 * decision is verified again and the checks run against the case as it is then: a change voids the approval and
 * nothing is sent; what is left of the approved send (a recipient cancelled in the undo window) still goes.
 */

const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;
const MINUTE = 60_000;
const PASSPHRASE = 'prøvens adgangsfrase';

interface Item {
  id: string;
  draftId: string;
  recipient: { partyId: string };
  entry: { state: string; messageUUID: string };
}

describe('an approved send, checked again when it goes', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let clock: FakeClock;
  let connector: RecordingConnector;
  const signIn = (username: string) =>
    call(backend.dispatcher, 'auth:signIn', { username, password: password(username) });
  const rowsOf = async (draftId: string) => {
    await signIn('sagsbehandler');
    const { items } = await call<{ items: Item[] }>(backend.dispatcher, 'outbox:list', {});
    return items.filter((i) => i.draftId === draftId);
  };

  /** Approved by the supervisor: the rows wait out the undo window in the queue. */
  async function approved(): Promise<{ draftId: string; requestId: string }> {
    const ids = await requestApproval(backend.dispatcher);
    await signIn('leder');
    const decided = await call<{ released: boolean }>(backend.dispatcher, 'approvals:decide', {
      requestId: ids.requestId,
      outcome: 'approved',
      comment: 'Gennemset og i orden',
    });
    expect(decided.released).toBe(true);
    expect((await rowsOf(ids.draftId)).map((r) => r.entry.state)).toEqual(['queued', 'queued']);
    return ids;
  }

  /** The undo window passes and the worker takes what is due. */
  async function sendTime(): Promise<void> {
    clock.advance(11 * MINUTE);
    await backend.worker!.runOnce();
  }

  beforeEach(() => {
    dir = tempDir();
    clock = new FakeClock(new Date(DEMO_DATE));
    connector = new RecordingConnector();
    // The worker's own timer is slowed right down: the test says when it is send time.
    backend = testBackend(dir.path, {
      clock,
      currentUser: undefined,
      // A passphrase-wrapped store, so a test can change it behind the backend's back through a second connection.
      keyStore: undefined,
      passphrase: PASSPHRASE,
      runOutbox: true,
      connector,
      outboxPollMs: 3_600_000,
    });
  });
  afterEach(async () => {
    await backend.shutdown();
    dir.cleanup();
  });

  const reimportCase = (change: Parameters<typeof reimportApprovalCase>[1]) =>
    reimportApprovalCase(backend.dispatcher, change);

  const changes: [string, string, (draftId: string) => Promise<void>][] = [
    [
      'a recipient’s CPR number changed in the case',
      'recipients',
      () =>
        reimportCase((parties) => {
          const mother = parties.find((p) => p.id === 'p2')!;
          mother.cpr = anotherCpr(mother.cpr!);
        }),
    ],
    [
      'a custody holder now exempt from Digital Post (another channel)',
      'channels',
      () =>
        reimportCase((parties) => {
          parties.find((p) => p.id === 'p3')!.digitalPost = 'exempt';
        }),
    ],
    [
      'another document on the draft (changed behind the backend’s back)',
      'document',
      async (draftId) => swapDraftDocument(dir.path, PASSPHRASE, draftId),
    ],
  ];

  it.each(changes)(
    'after approval, %s during the undo window voids the approval at send time: nothing is sent',
    async (_what, difference, change) => {
      const { draftId, requestId } = await approved();
      await change(draftId);
      await sendTime();
      expect(connector.sent).toEqual([]);
      expect((await rowsOf(draftId)).map((r) => r.entry.state)).toEqual([
        'awaiting_approval',
        'awaiting_approval',
      ]);
      const { entries } = await call<{ entries: { kind: string; details: Record<string, unknown> }[] }>(
        backend.dispatcher,
        'audit:list',
        { limit: 200 },
      );
      expect(entries.filter((e) => e.kind === 'approval.voided')).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({ requestId, at: 'send', differences: [difference] }),
        }),
      ]);
      // The caseworker asks again: a new request for the send as it stands now.
      const again = await call<{ request: { id: string; state: string } }>(
        backend.dispatcher,
        'approvals:request',
        { draftId },
      );
      expect(again.request).toMatchObject({ state: 'pending' });
      expect(again.request.id).not.toBe(requestId);
    },
  );

  it('what is left of the approved send goes: one recipient cancelled in the undo window, the other sent', async () => {
    const { draftId } = await approved();
    const [first, second] = await rowsOf(draftId);
    await call(backend.dispatcher, 'outbox:cancel', {
      outboxId: first!.id,
      reason: 'Sendes med posten i stedet',
    });
    await sendTime();
    expect(connector.sent.map((m) => m.messageUUID)).toEqual([second!.entry.messageUUID]);
    const states = Object.fromEntries((await rowsOf(draftId)).map((r) => [r.id, r.entry.state]));
    expect(states).toEqual({ [first!.id]: 'cancelled', [second!.id]: 'sent' });
  });
});
