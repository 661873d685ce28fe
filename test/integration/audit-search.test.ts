import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/create-backend';
import { danishMidnight } from '../../src/backend/services/audit-search';
import type { OutboxItemView } from '../../src/shared/domain/outbox';
import {
  analyse,
  analyseDemoLetter,
  call,
  CallRefused,
  demoLetter,
  demoLetterBytes,
  recordEvents,
  SENDING_SETTINGS,
  testBackend,
  updateSettings,
} from '../support/backend';
import { FakeClock, MemoryLogger, RecordingConnector } from '../support/fakes';
import { REPO_ROOT, tempDir } from '../support/temp-dir';

/**
 * Searching the history (docs/audit-log.md, "Searching the history"): the real backend on a fresh store, history
 * made by the real flows (documents analysed, checked, submitted and delivered by the outbox worker; cases viewed),
 * searched through `audit:list` as the window does.
 */

interface Entry {
  seq: number;
  at: string;
  kind: string;
  caseNumber: string | null;
  details: Record<string, unknown>;
}
interface Listed {
  entries: Entry[];
  parties: { caseNumber: string; partyId: string; name: string }[];
}

const IDA_CASE = '27.12.04-G01-031-26'; // Ida p1 (subject), Sara p2 and Mikkel p3 (parents)
const OLIVER_CASE = '27.24.06-G01-088-26'; // Oliver p1 (subject), Camilla p2 and Rasmus p3 (parents)
const NADIA_CASE = '15.25.00-G01-096-26'; // Nadia p1 (subject), Karim p2 (representative)
const KASPER_CASES = ['32.18.02-G01-412-24', '15.20.08-G01-377-26']; // Kasper is the subject of both
const ASE_CASE = '27.24.00-G01-501-26'; // test/fixtures/cases/two-cases.json: Åse Importsen is m1
const IDA_LETTER = '03-ida-orientering-far.pdf'; // to Mikkel only
const OLIVER_LETTER = '06-oliver-afgoerelse-kontaktperson.pdf'; // to Oliver, Camilla and Rasmus
const CPR = {
  ida: '090522-5672',
  oliver: '300110-4209',
  sara: '170295-0074',
  mikkel: '300892-3997',
  camilla: '120983-1384',
  rasmus: '270481-0071',
  kasper: '080493-9863',
};

/** Accepts every message at once, with a receipt. */

describe('searching the history', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  let events: ReturnType<typeof recordEvents>;
  const logger = new MemoryLogger();
  // 26.11.2026 10:00 Danish time (UTC+1).
  const clock = new FakeClock(new Date('2026-11-26T09:00:00.000Z'));
  const submitted: Record<string, OutboxItemView[]> = {};

  const list = (input: Record<string, unknown>) => call<Listed>(backend.dispatcher, 'audit:list', input);
  const kindsOf = (l: Listed) => l.entries.map((e) => e.kind);
  /** The whole history, read without a person filter (so nothing is added by reading it). */
  const everything = async () => (await list({ limit: 500 })).entries;

  /** The window's path: analyse a demo letter for its case, check it, send it to the proposed recipients. */
  async function sendLetter(file: string): Promise<OutboxItemView[]> {
    const draftId = await analyseDemoLetter(backend.dispatcher, file);
    const checked = await call<{ recipients: { partyId: string }[] }>(backend.dispatcher, 'drafts:check', {
      draftId,
    });
    const result = await call<{ items: OutboxItemView[] }>(backend.dispatcher, 'outbox:submit', {
      draftId,
      recipients: checked.recipients.map((r) => r.partyId),
    });
    await Promise.all(
      result.items.map((item) =>
        events.waitForOutbox((i) => i.id === item.id && i.entry.state === 'sent', `${file} sent`),
      ),
    );
    return result.items;
  }

  beforeAll(async () => {
    dir = tempDir();
    backend = testBackend(dir.path, { clock, logger, runOutbox: true, connector: new RecordingConnector() });
    events = recordEvents(backend);
    await backend.sendingReady;
    await updateSettings(backend.dispatcher, { ...SENDING_SETTINGS, sendDelaySeconds: 0 });

    // 26.11: the orientation to Ida's father; Oliver's decision to him and both parents.
    submitted.ida = await sendLetter(IDA_LETTER);
    submitted.oliver = await sendLetter(OLIVER_LETTER);
    // 27.11: Nadia's decision to her representative; Kasper's two cases looked at and a letter checked.
    clock.advance(24 * 3600_000);
    submitted.nadia = await sendLetter('11-nadia-afgoerelse-fleksjob-repraesentant.pdf');
    for (const c of KASPER_CASES) await call(backend.dispatcher, 'cases:get', { caseNumber: c });
    const kasperDraft = await analyseDemoLetter(
      backend.dispatcher,
      '10-kasper-afgoerelse-virksomhedspraktik.pdf',
    );
    await call(backend.dispatcher, 'drafts:check', { draftId: kasperDraft });
    // An imported case whose parent's name starts with a capital Danish letter (Åse), checked with her as recipient.
    await call(backend.dispatcher, 'cases:import', {
      fileName: 'two-cases.json',
      format: 'json',
      content: readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'cases', 'two-cases.json'), 'utf8'),
    });
    const aseDraft = await analyse(backend.dispatcher, demoLetterBytes(IDA_LETTER), {
      fileName: 'brev-til-åse.pdf',
      caseNumber: ASE_CASE,
    });
    await call(backend.dispatcher, 'drafts:check', { draftId: aseDraft, recipients: ['m1'] });
    // Either side of midnight, Danish time: 27.11 23:59:59 and 28.11 00:00:00 (UTC+1 in November).
    clock.advance(Date.parse('2026-11-27T22:59:59.000Z') - clock.now().getTime());
    await call(backend.dispatcher, 'cases:get', { caseNumber: OLIVER_CASE });
    clock.advance(1000);
    await call(backend.dispatcher, 'cases:get', { caseNumber: IDA_CASE });
    // The searches themselves (history.searched) are made on 30.11.
    clock.advance(2.5 * 24 * 3600_000);
  });
  afterAll(async () => {
    await backend.shutdown();
    dir.cleanup();
  });

  it('lists everything newest first, with the names of the parties the entries name', async () => {
    const all = await list({ limit: 500 });
    const seqs = all.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(kindsOf(all))).toEqual(
      new Set([
        'policy.loaded',
        'cases.imported',
        'settings.changed',
        'document.analysed',
        'draft.checked',
        'draft.submitted',
        'outbox.submit',
        'outbox.claim',
        'outbox.request_started',
        'outbox.delivered',
        'case.viewed',
      ]),
    );
    expect(all.parties).toEqual(
      expect.arrayContaining([
        { caseNumber: IDA_CASE, partyId: 'p3', name: 'Mikkel Demosen' },
        { caseNumber: OLIVER_CASE, partyId: 'p2', name: 'Camilla Fantasisen' },
        { caseNumber: NADIA_CASE, partyId: 'p2', name: 'Karim Mønstersen' },
      ]),
    );
    // Only parties that entries name: Ida's mother is named by none of them.
    expect(all.parties).not.toContainEqual(expect.objectContaining({ caseNumber: IDA_CASE, partyId: 'p2' }));
  });

  it('filters by case number', async () => {
    const oliver = await list({ caseNumber: OLIVER_CASE });
    expect(oliver.entries.length).toBeGreaterThan(5);
    expect(oliver.entries.every((e) => e.caseNumber === OLIVER_CASE)).toBe(true);
    expect(await list({ caseNumber: '00.00.00-X00-000-00' })).toEqual({ entries: [], parties: [] });
  });

  describe('by CPR number', () => {
    const outboxFor = (l: Listed, partyId: string) =>
      l.entries.filter((e) => e.kind.startsWith('outbox.') && e.details.recipientPartyId === partyId);

    it('finds a parent’s entries: those naming them and the case’s own, not the letters to others', async () => {
      const camilla = await list({ cpr: CPR.camilla, limit: 500 });
      expect(camilla.entries.every((e) => e.caseNumber === OLIVER_CASE)).toBe(true);
      expect(outboxFor(camilla, 'p2').map((e) => e.kind)).toEqual(
        expect.arrayContaining([
          'outbox.submit',
          'outbox.claim',
          'outbox.request_started',
          'outbox.delivered',
        ]),
      );
      expect(outboxFor(camilla, 'p3')).toEqual([]);
      expect(outboxFor(camilla, 'p1')).toEqual([]);
      // Case-level: the document analysed for the case and the case viewed name no party.
      expect(kindsOf(camilla)).toEqual(expect.arrayContaining(['document.analysed', 'case.viewed']));
      // The check and the send name all three recipients, Camilla among them.
      expect(kindsOf(camilla)).toEqual(expect.arrayContaining(['draft.checked', 'draft.submitted']));
    });

    it('leaves out a letter that went only to the other parent', async () => {
      const sara = await list({ cpr: CPR.sara, limit: 500 });
      expect(new Set(kindsOf(sara))).toEqual(new Set(['document.analysed', 'case.viewed']));
      const mikkel = await list({ cpr: CPR.mikkel, limit: 500 });
      expect(kindsOf(mikkel)).toEqual(
        expect.arrayContaining(['document.analysed', 'draft.checked', 'draft.submitted', 'outbox.delivered']),
      );
    });

    it('accepts ten digits without the dash', async () => {
      const rasmus = await list({ cpr: CPR.rasmus.replace('-', ''), limit: 500 });
      expect(outboxFor(rasmus, 'p3').length).toBeGreaterThan(0);
      expect(outboxFor(rasmus, 'p2')).toEqual([]);
    });

    it('gives the whole case when the person is the one the case is about', async () => {
      const ida = await list({ cpr: CPR.ida, limit: 500 });
      const whole = (await list({ caseNumber: IDA_CASE, limit: 500 })).entries.map((e) => e.seq);
      expect(ida.entries.map((e) => e.seq)).toEqual(whole);
      expect(outboxFor(ida, 'p3').length).toBeGreaterThan(0);
    });

    it('finds a person in every case they are in, and nothing for an unknown number', async () => {
      const kasper = await list({ cpr: CPR.kasper, limit: 500 });
      expect(new Set(kasper.entries.map((e) => e.caseNumber))).toEqual(new Set(KASPER_CASES));
      expect(kasper.entries.filter((e) => e.kind === 'case.viewed')).toHaveLength(2);
      expect((await list({ cpr: '010101-0000' })).entries).toEqual([]);
    });
  });

  describe('by recipient name', () => {
    it('finds the entries naming a matching party as a recipient, in any letter case, Danish letters too', async () => {
      const karim = await list({ recipient: 'karim', limit: 500 });
      expect(karim.entries.length).toBeGreaterThan(0);
      expect(karim.entries.every((e) => e.caseNumber === NADIA_CASE)).toBe(true);
      expect(new Set(kindsOf(karim))).toEqual(
        new Set([
          'draft.checked',
          'draft.submitted',
          'outbox.submit',
          'outbox.claim',
          'outbox.request_started',
          'outbox.delivered',
        ]),
      );
      // "MØNSTERSEN" matches Nadia and Karim; only Karim received anything. "ø" and "Ø" are the same letter.
      const upper = await list({ recipient: 'MØNSTERSEN', limit: 500 });
      expect(upper.entries.map((e) => e.seq)).toEqual(karim.entries.map((e) => e.seq));
      const mikkel = await list({ recipient: 'DEMOSEN', limit: 500 });
      expect(
        mikkel.entries
          .filter((e) => e.kind === 'outbox.delivered')
          .map((e) => [e.caseNumber, e.details.recipientPartyId]),
      ).toEqual([[IDA_CASE, 'p3']]);
    });

    it('folds capital Danish letters in the names too', async () => {
      const ase = await list({ recipient: 'åse imp', limit: 500 });
      expect(ase.entries.map((e) => [e.kind, e.caseNumber, e.details.recipients])).toEqual([
        ['draft.checked', ASE_CASE, ['m1']],
      ]);
      expect(ase.parties).toEqual([{ caseNumber: ASE_CASE, partyId: 'm1', name: 'Åse Importsen' }]);
    });

    it('treats LIKE wildcards as text', async () => {
      expect((await list({ recipient: '%%' })).entries).toEqual([]);
      expect((await list({ recipient: '__' })).entries).toEqual([]);
    });
  });

  it('filters by document type', async () => {
    const type = demoLetter(IDA_LETTER).documentType;
    const found = await list({ documentType: type, limit: 500 });
    expect(found.entries.length).toBeGreaterThan(0);
    expect(found.entries.every((e) => e.details.documentType === type)).toBe(true);
    expect(kindsOf(found)).toEqual(
      expect.arrayContaining(['document.analysed', 'draft.checked', 'draft.submitted', 'outbox.delivered']),
    );
    expect((await list({ documentType: 'aktindsigt' })).entries).toEqual([]);
  });

  describe('by date, Danish time', () => {
    it('puts 23:59:59 and 00:00:00 Danish time on their own days, whatever the UTC date', async () => {
      const day27 = await list({ from: '2026-11-27', to: '2026-11-27', limit: 500 });
      const day28 = await list({ from: '2026-11-28', to: '2026-11-28', limit: 500 });
      expect(day27.entries.filter((e) => e.kind === 'case.viewed').map((e) => e.caseNumber)).toContain(
        OLIVER_CASE,
      );
      expect(day27.entries.map((e) => e.caseNumber)).not.toContain(IDA_CASE);
      expect(day27.entries.map((e) => e.caseNumber)).toContain(NADIA_CASE);
      expect(day28.entries.map((e) => [e.kind, e.caseNumber])).toEqual([['case.viewed', IDA_CASE]]);
      expect(day28.entries[0]!.at).toBe('2026-11-27T23:00:00.000Z');
    });

    it('includes both ends of a range and leaves out the days outside it', async () => {
      const range = await list({ from: '2026-11-26', to: '2026-11-27', limit: 500 });
      const all = await everything();
      expect(range.entries.map((e) => e.seq)).toEqual(
        all.filter((e) => e.at < '2026-11-27T23:00:00.000Z').map((e) => e.seq),
      );
      expect(all.length - range.entries.length).toBeGreaterThan(0);
      const only26 = await list({ to: '2026-11-26', limit: 500 });
      expect(only26.entries.every((e) => e.at < '2026-11-26T23:00:00.000Z')).toBe(true);
      expect(kindsOf(only26)).toContain('outbox.delivered');
      expect((await list({ from: '2026-11-29', to: '2026-11-29' })).entries).toEqual([]);
    });

    it('knows where a summer day starts (UTC+2)', () => {
      expect(danishMidnight('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
      expect(danishMidnight('2026-11-28')).toBe('2026-11-27T23:00:00.000Z');
      expect(danishMidnight('2026-12-31', 1)).toBe('2026-12-31T23:00:00.000Z');
      // The days daylight saving starts and ends: midnight is still before the change.
      expect(danishMidnight('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
      expect(danishMidnight('2026-03-29', 1)).toBe('2026-03-29T22:00:00.000Z');
      expect(danishMidnight('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
      expect(danishMidnight('2026-10-25', 1)).toBe('2026-10-25T23:00:00.000Z');
    });
  });

  it('filters by kinds', async () => {
    const delivered = await list({ kinds: ['outbox.delivered'], limit: 500 });
    expect(delivered.entries).toHaveLength(
      submitted.ida!.length + submitted.oliver!.length + submitted.nadia!.length,
    );
    for (const e of delivered.entries) expect(e.details.reference).toMatch(/^KVIT-\d+$/);
    const two = await list({ kinds: ['case.viewed', 'draft.submitted'], limit: 500 });
    expect(new Set(kindsOf(two))).toEqual(new Set(['case.viewed', 'draft.submitted']));
  });

  describe('combined', () => {
    it('applies every filter together', async () => {
      const camillaDelivered = await list({
        cpr: CPR.camilla,
        kinds: ['outbox.delivered'],
        documentType: demoLetter(OLIVER_LETTER).documentType,
      });
      expect(camillaDelivered.entries).toHaveLength(1);
      expect(camillaDelivered.entries[0]!.details).toMatchObject({
        recipientPartyId: 'p2',
        reference: expect.any(String),
      });
      // From 27.11 only the case itself was looked at (at 23:59:59).
      const later = await list({ cpr: CPR.camilla, from: '2026-11-27' });
      expect(later.entries.map((e) => e.kind)).toEqual(['case.viewed']);
      expect((await list({ cpr: CPR.camilla, documentType: 'orientering' })).entries).toEqual([]);
      expect((await list({ caseNumber: OLIVER_CASE, recipient: 'Karim' })).entries).toEqual([]);
      const karimToday = await list({
        recipient: 'Karim',
        to: '2026-11-27',
        from: '2026-11-27',
        kinds: ['draft.submitted'],
      });
      expect(karimToday.entries).toHaveLength(1);
      expect(karimToday.entries[0]!.details.recipients).toEqual([{ partyId: 'p2', channel: 'digital' }]);
    });

    it('pages with beforeSeq and limit through a filtered result without gaps or repeats', async () => {
      const whole = (await list({ cpr: CPR.oliver, limit: 500 })).entries.map((e) => e.seq);
      const pages: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await list({ cpr: CPR.oliver, limit: 4, ...(before ? { beforeSeq: before } : {}) });
        pages.push(...page.entries.map((e) => e.seq));
        if (page.entries.length < 4) break;
        before = page.entries[page.entries.length - 1]!.seq;
      }
      expect(pages).toEqual(whole);
    });
  });

  describe('the record of a search', () => {
    const searchedSince = async (seq: number) =>
      (await everything()).filter((e) => e.kind === 'history.searched' && e.seq > seq);
    const lastSeq = async () => (await everything())[0]!.seq;

    it('records a search by CPR number: the filters and whose parties it found, never the number', async () => {
      const before = await lastSeq();
      const heard = events.events.length;
      const found = await list({
        cpr: CPR.camilla.replace('-', ''),
        kinds: ['outbox.delivered'],
        from: '2026-11-01',
      });
      const searched = await searchedSince(before);
      expect(searched).toHaveLength(1);
      expect(searched[0]).toMatchObject({
        caseNumber: null,
        details: {
          filters: ['cpr', 'from', 'kinds'],
          from: '2026-11-01',
          kinds: ['outbox.delivered'],
          more: false,
          results: found.entries.length,
          matchedPartyCount: 1,
          matchedParties: [{ caseNumber: OLIVER_CASE, partyId: 'p2' }],
        },
      });
      // Not among its own results, and heard by the window like any entry.
      expect(found.entries.map((e) => e.kind)).not.toContain('history.searched');
      expect(events.events.slice(heard)).toContainEqual({
        name: 'audit:appended',
        payload: { seq: searched[0]!.seq, kind: 'history.searched' },
      });
    });

    it('records a search by name without the name, in the searched case’s history when one was given', async () => {
      const before = await lastSeq();
      await list({ recipient: 'Mønstersen', caseNumber: NADIA_CASE, beforeSeq: 10_000 });
      const [searched] = await searchedSince(before);
      expect(searched).toMatchObject({
        caseNumber: NADIA_CASE,
        details: {
          filters: ['caseNumber', 'recipient'],
          more: true,
          matchedPartyCount: 2,
          matchedParties: [
            { caseNumber: NADIA_CASE, partyId: 'p1' },
            { caseNumber: NADIA_CASE, partyId: 'p2' },
          ],
        },
      });
    });

    it('does not record browsing by case, type, date or kind', async () => {
      const before = await lastSeq();
      await list({});
      await list({
        caseNumber: OLIVER_CASE,
        documentType: 'afgoerelse',
        from: '2026-11-26',
        kinds: ['case.viewed'],
      });
      expect(await lastSeq()).toBe(before);
    });

    it('keeps CPR numbers and typed names out of the history and the log', async () => {
      await list({ cpr: CPR.kasper });
      await list({ recipient: 'Eksempelsen' });
      const history = JSON.stringify(await everything());
      for (const cpr of Object.values(CPR)) {
        expect(history).not.toContain(cpr);
        expect(history).not.toContain(cpr.replace('-', ''));
      }
      expect(history).not.toContain('Eksempelsen');
      expect(logger.lines.join('\n')).not.toMatch(/\d{6}-?\d{4}/);
    });
  });

  describe('refuses a search it cannot run, without logging what was typed', () => {
    it.each([
      ['a CPR number with a day that does not exist', { cpr: '320186-1234' }],
      ['a CPR number that is too short', { cpr: '12345' }],
      ['a CPR number with letters', { cpr: '0207861542x' }],
      ['a name of one letter', { recipient: ' a ' }],
      ['a name too long', { recipient: 'x'.repeat(101) }],
      ['a day that does not exist', { from: '2026-02-30' }],
      ['a Danish date format', { from: '28.11.2026' }],
      ['from after to', { from: '2026-11-28', to: '2026-11-27' }],
      ['an empty list of kinds', { kinds: [] }],
      ['a kind that is no kind', { kinds: ['DROP TABLE'] }],
      ['a document type that is no key', { documentType: 'Afgørelse' }],
      ['an unknown filter', { name: 'Mette' }],
    ])('%s', async (_what, input) => {
      await expect(list(input)).rejects.toEqual(new CallRefused('audit:list', 'VALIDATION_FAILED'));
    });

    it('and logged none of it', () => {
      expect(logger.lines.join('\n')).not.toContain('320186');
      expect(logger.lines.join('\n')).not.toContain('1209831384');
    });
  });

  it('leaves the chain intact after all the searches', async () => {
    const verified = await call<{ intact: boolean; rowsChecked: number }>(
      backend.dispatcher,
      'audit:verify',
      {},
    );
    expect(verified.intact).toBe(true);
    expect(verified.rowsChecked).toBe((await everything())[0]!.seq);
  });
});
