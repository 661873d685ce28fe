import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, OutgoingMessage } from '../../../src/backend/connectors/connector';
import type { Backend } from '../../../src/backend/create-backend';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { DEMO_DATE, FakeClock } from '../../support/fakes';
import { APPROVAL_LETTER, call, demoLetter, requestApproval, testBackend } from '../../support/backend';
import { RESOURCES_DIR, tempDir } from '../../support/temp-dir';

/**
 * The approval checked once more just before each message goes (docs/approval.md, "Release and send"): an approved
 * send waits out the undo window in the queue, and the case data may change meanwhile. At the worker's claim the
 * decision is verified again and the checks run against the case as it is then: a change voids the approval and
 * nothing is sent; what is left of the approved send (a recipient cancelled in the undo window) still goes.
 */

const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;
const MINUTE = 60_000;

class RecordingConnector implements Connector {
  readonly kind = 'sandbox' as const;
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage) {
    this.sent.push(message);
    return {
      kind: 'accepted' as const,
      receipt: { reference: `KVIT-${this.sent.length}`, receivedAt: DEMO_DATE, text: 'Modtaget' },
    };
  }
  async lookup() {
    return { kind: 'not_received' as const };
  }
  async health() {
    return { ok: true, message: 'ok' };
  }
  async close() {}
}

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
      runOutbox: true,
      connector,
      outboxPollMs: 3_600_000,
    });
  });
  afterEach(async () => {
    await backend.shutdown();
    dir.cleanup();
  });

  it('a recipient’s number changed in the case during the undo window voids the approval: nothing is sent', async () => {
    const { draftId, requestId } = await approved();
    // The case is imported again with another CPR number on one custody holder.
    const file = JSON.parse(readFileSync(join(RESOURCES_DIR, 'demo', 'cases.json'), 'utf8')) as {
      cases: { caseNumber: string; parties: { id: string; cpr?: string }[] }[];
    };
    const theCase = file.cases.find((c) => c.caseNumber === demoLetter(APPROVAL_LETTER).caseNumber)!;
    const mother = theCase.parties.find((p) => p.id === 'p2')!;
    mother.cpr = `${mother.cpr!.slice(0, 7)}${String((Number(mother.cpr!.slice(7)) + 2) % 10_000).padStart(4, '0')}`;
    await signIn('sagsbehandler');
    await call(backend.dispatcher, 'cases:import', {
      fileName: 'sag.json',
      format: 'json',
      content: JSON.stringify({ cases: [theCase] }),
    });

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
        details: expect.objectContaining({ requestId, at: 'send', differences: ['recipients'] }),
      }),
    ]);
    // The caseworker asks again: a new request for the send as it stands now.
    const again = await call<{ request: { id: string; state: string } }>(
      backend.dispatcher,
      'approvals:request',
      {
        draftId,
      },
    );
    expect(again.request).toMatchObject({ state: 'pending' });
    expect(again.request.id).not.toBe(requestId);
  });

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
