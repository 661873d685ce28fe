import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/create-backend';
import type { OutboxItemView } from '../../../src/shared/domain/outbox';
import {
  analyseDemoLetter,
  call,
  demoLetter,
  demoLetterBytes,
  recordEvents,
  testBackend,
  updateSettings,
} from '../../support/backend';
import { FakeKeyStore } from '../../support/fakes';
import { renderGolden, startSf1601Mock, type Sf1601Mock } from '../../support/sf1601-mock';
import { tempDir } from '../../support/temp-dir';
import { removeTestPki, testPki, type TestPki } from '../../support/test-pki';

/**
 * Sending through the real backend (createBackend, the outbox worker, the window's contract channels) with the SF1601
 * connector opened from the settings against the mock (docs/sf1601.md): a letter is delivered once; a send cut off
 * after its request becomes `unknown`, waits for a person (SF1601 cannot be asked by UUID), is never sent again by
 * the machine, and is resolved through `outbox:resolve` with the person and the reason in the history; PostForespoerg
 * turns a recipient who is not in Digital Post into Fysisk Post with the golden ForsendelseI.
 */

const LETTER = '05-oliver-indkaldelse.pdf';
const OLIVER_CPR = '3001104209';
/** The demo seed's sender (src/backend/services/demo-seed.ts): the CVR the STS must see. */
const DEMO_CVR = '12345678';
const USER = 'Test Sagsbehandler';

interface SubmitValue {
  items: OutboxItemView[];
  created: boolean;
}
interface AuditEntryView {
  kind: string;
  actor: string;
  caseNumber: string | null;
  details: Record<string, unknown>;
}

// The PKI is made once for this file (testPki) and removed after it.
afterAll(() => removeTestPki());

describe('the backend sending through SF1601 (the mock)', () => {
  let pki: TestPki;
  let mock: Sf1601Mock;
  let dir: ReturnType<typeof tempDir>;
  let keyStore: FakeKeyStore;
  let backend: Backend;
  let events: ReturnType<typeof recordEvents>;

  const submitLetter = async (): Promise<OutboxItemView> => {
    const letter = demoLetter(LETTER);
    const draftId = await analyseDemoLetter(backend.dispatcher, LETTER);
    const result = await call<SubmitValue>(backend.dispatcher, 'outbox:submit', {
      draftId,
      caseNumber: letter.caseNumber,
      recipients: ['p1'],
    });
    expect(result.created).toBe(true);
    expect(result.items).toHaveLength(1);
    return result.items[0]!;
  };
  const waitFor = (item: OutboxItemView, match: (i: OutboxItemView) => boolean, label: string) =>
    events.waitForOutbox((i) => i.id === item.id && match(i), label);
  const listOutbox = (only?: 'unresolved') =>
    call<{ items: OutboxItemView[]; connector: { kind: string; ready: boolean; message: string } }>(
      backend.dispatcher,
      'outbox:list',
      only ? { only } : {},
    );
  const history = async () =>
    (await call<{ entries: AuditEntryView[] }>(backend.dispatcher, 'audit:list', { limit: 500 })).entries;
  const attemptsOf = (uuid: string) => mock.attempts.filter((a) => a.uuid === uuid).map((a) => a.outcome);
  /** Lets the worker run (the way the app's loop would), so a test can see that it sends nothing more. */
  const runWorker = async (cycles: number) => {
    for (let i = 0; i < cycles; i++) await backend.worker!.runOnce();
  };

  beforeAll(async () => {
    pki = testPki();
    mock = await startSf1601Mock({ pki, cvr: DEMO_CVR, enrolled: [OLIVER_CPR] });
    dir = tempDir();
    keyStore = new FakeKeyStore();
    // First start: a new store with the demo cases (and so the demo sender and case system). IT sets the connector
    // and stores the certificate's password; the connector is opened at start, so the app is started again.
    const setup = testBackend(dir.path, { keyStore });
    await updateSettings(setup.dispatcher, {
      sendDelaySeconds: 0,
      connector: {
        kind: 'sf1601',
        options: {
          endpoint: 'test',
          certificatePath: pki.clients.good.p12File,
          caFile: pki.caFile,
          forsendelseTypeIdentifikator: 4242,
          checkDigitalPostStatus: true,
          urls: mock.urls,
        },
      },
    });
    expect(
      await call(setup.dispatcher, 'settings:setCertificatePassword', {
        password: pki.clients.good.password,
      }),
    ).toEqual({
      saved: true,
    });
    await setup.shutdown();
    backend = testBackend(dir.path, { keyStore, runOutbox: true });
    events = recordEvents(backend);
    await backend.sendingReady;
  });
  afterAll(async () => {
    await backend?.shutdown();
    await mock?.close();
    dir?.cleanup();
  });

  it('opens the SF1601 connector from the settings and delivers a letter once: sent, "Afleveret til Digital Post"', async () => {
    expect((await listOutbox()).connector).toMatchObject({ kind: 'sf1601', ready: true });
    const item = await submitLetter();
    expect(item.channel).toBe('digital');
    const sent = await waitFor(item, (i) => i.entry.state === 'sent', 'sent');
    const uuid = item.entry.messageUUID;
    const deliveries = mock.deliveries(uuid);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      kombiValgKode: 'Digital Post',
      clientFingerprint: pki.clients.good.fingerprint256,
      cvr: DEMO_CVR,
    });
    expect(sent.entry.receipt).toMatchObject({
      reference: deliveries[0]!.transmissionId,
      text: 'Afleveret til Digital Post',
    });
    await runWorker(2);
    expect(attemptsOf(uuid)).toEqual(['accepted']);
    // PostForespoerg was asked first, and its answer is in the history with the submit.
    const submitted = (await history()).find(
      (e) => e.kind === 'draft.submitted' && JSON.stringify(e.details).includes(item.draftId),
    );
    expect(submitted?.details.digitalPostStatus).toEqual([{ partyId: 'p1', canReceiveDigitalPost: true }]);
  });

  it('a send cut off after its request: unknown, waits for a person, never sent again by the machine; resolved as delivered', async () => {
    mock.fault('reset');
    const item = await submitLetter();
    const uuid = item.entry.messageUUID;
    const unknown = await waitFor(
      item,
      (i) => i.entry.state === 'unknown' && i.entry.needsAttention,
      'unknown, waiting for a person',
    );
    expect(unknown.entry.lastError).toMatchObject({ kind: 'interrupted' });
    expect(mock.deliveries(uuid)).toHaveLength(1);
    expect((await listOutbox('unresolved')).items.map((i) => i.id)).toContain(item.id);

    await runWorker(3);
    expect(attemptsOf(uuid)).toEqual(['accepted_then_reset']);
    const still = (await listOutbox()).items.find((i) => i.id === item.id)!;
    expect(still.entry).toMatchObject({ state: 'unknown', needsAttention: true });

    const reason = 'Set i Digital Posts oversigt over sendte breve: modtaget 28/11';
    const resolved = await call<{ changed: boolean; item: OutboxItemView }>(
      backend.dispatcher,
      'outbox:resolve',
      {
        outboxId: item.id,
        resolution: 'delivered',
        reason,
      },
    );
    expect(resolved).toMatchObject({ changed: true, item: { entry: { state: 'sent' } } });
    await runWorker(2);
    expect(mock.deliveries(uuid)).toHaveLength(1);
    expect(attemptsOf(uuid)).toEqual(['accepted_then_reset']);
    expect((await listOutbox('unresolved')).items.map((i) => i.id)).not.toContain(item.id);

    const entry = (await history()).find(
      (e) => e.kind === 'outbox.resolve_delivered' && e.details.outboxId === item.id,
    );
    expect(entry).toMatchObject({
      actor: USER,
      details: { by: USER, reason, messageUUID: uuid, to: 'sent' },
    });
  });

  it('another one, resolved as "send again": delivered a second time with the same UUID, as the person decided', async () => {
    mock.fault('reset');
    const item = await submitLetter();
    const uuid = item.entry.messageUUID;
    await waitFor(item, (i) => i.entry.state === 'unknown' && i.entry.needsAttention, 'unknown');
    await runWorker(2);
    expect(attemptsOf(uuid)).toEqual(['accepted_then_reset']);

    const reason = 'Digital Post support: ikke modtaget, send igen';
    const resolved = await call<{ changed: boolean }>(backend.dispatcher, 'outbox:resolve', {
      outboxId: item.id,
      resolution: 'resend',
      reason,
    });
    expect(resolved.changed).toBe(true);
    const sent = await waitFor(item, (i) => i.entry.state === 'sent', 'sent after resend');
    expect(sent.entry.messageUUID).toBe(uuid);
    expect(attemptsOf(uuid)).toEqual(['accepted_then_reset', 'accepted']);
    expect(mock.deliveries(uuid).map((d) => d.uuid)).toEqual([uuid, uuid]);
    expect(sent.entry.receipt?.reference).toBe(mock.deliveries(uuid)[1]!.transmissionId);

    const resend = (await history()).find(
      (e) => e.kind === 'outbox.resolve_resend' && e.details.outboxId === item.id,
    );
    expect(resend).toMatchObject({
      actor: USER,
      details: { by: USER, reason, messageUUID: uuid, to: 'queued' },
    });
  });

  it('PostForespoerg says the recipient is not in Digital Post: Fysisk Post with the golden ForsendelseI', async () => {
    mock.setDigitalPost(OLIVER_CPR, false);
    try {
      const item = await submitLetter();
      expect(item.channel).toBe('physical');
      const sent = await waitFor(item, (i) => i.entry.state === 'sent', 'sent on paper');
      const uuid = item.entry.messageUUID;
      const [delivery] = mock.deliveries(uuid);
      expect(delivery?.kombiValgKode).toBe('Fysisk Post');
      expect(delivery?.forsendelseISamling).toBe(
        renderGolden('forsendelse-cpr.xml', {
          messageUUID: uuid,
          pdfBase64: demoLetterBytes(LETTER).toString('base64'),
        }),
      );
      expect(sent.entry.receipt).toMatchObject({
        reference: null,
        text: expect.stringMatching(/^Afleveret til Digital Post som fysisk brev/),
      });
      const submitted = (await history()).find(
        (e) => e.kind === 'draft.submitted' && JSON.stringify(e.details).includes(item.draftId),
      );
      expect(submitted?.details.digitalPostStatus).toEqual([{ partyId: 'p1', canReceiveDigitalPost: false }]);
    } finally {
      mock.setDigitalPost(OLIVER_CPR, true);
    }
  });
});

describe('the backend with SF1601 settings but no certificate password', () => {
  it('does not open the connector, says why in Danish, and sends nothing', async () => {
    const pki = testPki();
    const mock = await startSf1601Mock({ pki, cvr: DEMO_CVR });
    const dir = tempDir();
    const keyStore = new FakeKeyStore();
    const setup = testBackend(dir.path, { keyStore });
    let backend: Backend | null = null;
    try {
      await updateSettings(setup.dispatcher, {
        connector: {
          kind: 'sf1601',
          options: {
            endpoint: 'test',
            certificatePath: pki.clients.good.p12File,
            caFile: pki.caFile,
            urls: mock.urls,
          },
        },
      });
      await setup.shutdown();
      backend = testBackend(dir.path, { keyStore, runOutbox: true });
      await expect(backend.sendingReady).rejects.toThrow(/Certifikatets adgangskode er ikke gemt/);
      const list = await call<{ connector: { kind: string; ready: boolean; message: string } }>(
        backend.dispatcher,
        'outbox:list',
        {},
      );
      expect(list.connector).toEqual({
        kind: 'sf1601',
        ready: false,
        message: expect.stringMatching(/^Certifikatets adgangskode er ikke gemt/),
      });
      expect(mock.calls).toEqual([]);
    } finally {
      await backend?.shutdown();
      await mock.close();
      dir.cleanup();
    }
  });
});
