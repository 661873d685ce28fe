import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/create-backend';
import { BINARY_CONTENT_TYPE } from '../../src/backend/dispatch';
import { openStore } from '../../src/backend/db/store';
import { createAuditService, type AuditService } from '../../src/backend/services/audit.service';
import { createCasesService } from '../../src/backend/services/cases.service';
import { createCaseImportService, parseCaseFile } from '../../src/backend/services/case-import';
import { parseCsv } from '../../src/backend/services/csv';
import type { Case } from '../../src/shared/domain/case-file';
import type { Result } from '../../src/shared/result';
import { danishLetter } from '../fixtures/documents/pdfkit-fixtures';
import { FakeClock, FakeKeyStore, MemoryLogger, fakeUser } from '../support/fakes';
import { REPO_ROOT, tempDir } from '../support/temp-dir';
import { testBackend } from '../support/backend';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'cases');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface ImportResult {
  imported: { caseNumber: string; parties: number; replaced: boolean; changed: boolean }[];
  draftsMarkedForRecheck: number;
  problems: string[];
}

const HEADER = 'caseNumber;title;area;subjectPartyId;asOf;partyId;kind;name;cpr;roles';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('the CSV reader', () => {
  it('reads quotes, escaped quotes, delimiters and line breaks inside quotes, CRLF and a BOM', () => {
    const t = parseCsv('\ufeffa;b;c\r\n"x;y";"sagde ""ja""";"linje 1\nlinje 2"\r\n\r\n1;2;3');
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      { row: 2, cells: ['x;y', 'sagde "ja"', 'linje 1\nlinje 2'] },
      { row: 4, cells: ['1', '2', '3'] },
    ]);
    expect(t.problems).toEqual([]);
  });

  it('picks the comma from a comma header, and names the row of a quote that never closes', () => {
    expect(parseCsv('a,b,c;d\n1,2,3').delimiter).toBe(',');
    expect(parseCsv('a;b,c\n1;2').delimiter).toBe(';');
    expect(parseCsv('a;b\n1;"åben').problems).toEqual([
      'Række 2: et felt begynder med " men slutter aldrig med "',
    ]);
    expect(parseCsv('a;b\n"1"x;2').problems).toEqual([
      'Række 2: der står tekst efter det afsluttende " i felt 1',
    ]);
  });
});

describe('reading a case file (no store)', () => {
  it('names the JSON path of each problem, in Danish', () => {
    const bad = JSON.parse(fixture('two-cases.json')) as { cases: Case[] };
    bad.cases[1]!.parties[0]!.cpr = '15079-2913';
    (bad.cases[0]!.parties[1]!.roles as string[]) = ['onkel'];
    const res = parseCaseFile(JSON.stringify(bad), 'json');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.problems).toEqual([
      expect.stringMatching(/^cases\[0\]\.parties\[1\]\.roles\[0\]: Ugyldigt valg/),
      'cases[1].parties[0].cpr: CPR-nummeret skal skrives DDMMÅÅ-LLLL',
    ]);
  });

  it('says where JSON syntax breaks', () => {
    expect(parseCaseFile('{\n  "cases": [\n    {,\n  ]\n}', 'json')).toEqual({
      ok: false,
      problems: ['Filen er ikke gyldig JSON: fejl i linje 3, tegn 6'],
    });
  });

  it('names the row and column of each CSV problem', () => {
    const res = parseCaseFile(fixture('errors.csv'), 'csv');
    expect(!res.ok && res.problems).toEqual([
      'Række 3, kolonne custody: "måske" er ikke ja eller nej (brug ja/nej, true/false, 1/0 eller x)',
      expect.stringMatching(
        /^Række 4 og 5, kolonne title: sag 27\.24\.00-G01-702-26 har forskellige værdier \("Anden sag" \/ "Anden sag med andet navn"\)/,
      ),
      'Række 2, kolonne cpr: CPR-nummeret skal skrives DDMMÅÅ-LLLL',
      expect.stringMatching(/^Række 3, kolonne roles: Ugyldigt valg/),
    ]);
  });

  it.each([
    [
      'a subject party that is not on the case',
      csv('27.24.00-G01-801-26;Sag;children;p9;2026-11-20;p1;person;Ane;140314-4597;subject'),
      'Række 2, kolonne subjectPartyId: parten "p9" findes ikke på sagen',
    ],
    [
      'a party id used twice',
      csv(
        '27.24.00-G01-801-26;Sag;children;p1;2026-11-20;p1;person;Ane;140314-4597;subject',
        '27.24.00-G01-801-26;Sag;children;p1;2026-11-20;p1;person;Bo;020786-1542;parent',
      ),
      'Række 3, kolonne partyId: parts-id\'et "p1" findes flere gange',
    ],
    [
      'an empty required cell',
      csv('27.24.00-G01-801-26;Sag;children;p1;2026-11-20;p1;person;;140314-4597;subject'),
      'Række 2, kolonne name: skal udfyldes',
    ],
    [
      'an unknown column',
      'caseNumber;title;area;subjectPartyId;asOf;partyId;kind;name;roles;telefon\n',
      expect.stringMatching(/^Række 1, kolonne telefon: ukendt kolonne/),
    ],
    [
      'a missing column',
      'caseNumber;title;area;asOf;partyId;kind;name;roles\n1;t;adult;2026-01-01;p;person;n;subject',
      'Række 1: kolonnen subjectPartyId mangler i overskriften',
    ],
    [
      'an impossible date',
      csv('27.24.00-G01-801-26;Sag;children;p1;2026-02-30;p1;person;Ane;140314-4597;subject'),
      'Række 2, kolonne asOf: Datoen findes ikke i kalenderen',
    ],
  ])('refuses %s', (_name, text, problem) => {
    const res = parseCaseFile(text, 'csv');
    expect(!res.ok && res.problems).toEqual([problem]);
  });
});

describe('importing cases through the contract', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const events: string[] = [];

  beforeAll(() => {
    dir = tempDir();
    backend = testBackend(dir.path);
    backend.onEvent((name, payload) => {
      const { kind } = payload as { kind: string };
      if (name === 'audit:appended' && kind !== 'case.viewed') events.push(kind);
    });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  const importFile = async (fileName: string, format: 'json' | 'csv', content: string) => {
    const res = (await backend.dispatcher.json('cases:import', {
      fileName,
      format,
      content,
    })) as Result<ImportResult>;
    if (!res.ok) throw new Error(JSON.stringify(res));
    return res.value;
  };
  const getCase = async (caseNumber: string) => {
    const res = (await backend.dispatcher.json('cases:get', { caseNumber })) as Result<{ case: Case }>;
    return res.ok ? res.value.case : null;
  };
  /** The newest history entries, leaving out the `case.viewed` ones this test's own look-ups write. */
  const history = async (n: number) => {
    const res = await backend.dispatcher.json('audit:list', { limit: 50 });
    const entries = res.ok ? (res.value as { entries: { kind: string }[] }).entries : [];
    return entries.filter((e) => e.kind !== 'case.viewed').slice(0, n);
  };
  const caseCount = async () => {
    const res = await backend.dispatcher.json('cases:list', {});
    return res.ok ? (res.value as { cases: unknown[] }).cases.length : -1;
  };

  it('imports a JSON case file', async () => {
    const res = await importFile('sager.json', 'json', fixture('two-cases.json'));
    expect(res).toEqual({
      imported: [
        { caseNumber: '27.24.00-G01-501-26', parties: 2, replaced: false, changed: true },
        { caseNumber: '15.20.08-G01-502-26', parties: 2, replaced: false, changed: true },
      ],
      draftsMarkedForRecheck: 0,
      problems: [],
    });
    const c = await getCase('15.20.08-G01-502-26');
    expect(c?.relatedCaseNumbers).toEqual(['27.24.00-G01-501-26']);
    expect(c?.parties.map((p) => p.name)).toEqual(['Søren Filsen', 'Fiktiv Import ApS']);
  });

  it('imports a semicolon CSV with a BOM, CRLF, quoted ; and line breaks, æøå and a blank row', async () => {
    const res = await importFile('sager.csv', 'csv', fixture('semicolon-bom-crlf.csv'));
    expect(res.problems).toEqual([]);
    expect(res.imported).toEqual([
      { caseNumber: '27.24.00-G01-601-26', parties: 4, replaced: false, changed: true },
    ]);
    const c = await getCase('27.24.00-G01-601-26');
    expect(c?.title).toBe('Børnesag; Æble Øbergsen');
    expect(c?.parties).toEqual([
      expect.objectContaining({
        id: 'c1',
        name: 'Æble Øbergsen',
        address: { street: 'Ølstykkevej 3,\n2. sal', postalCode: '3650', city: 'Ølstykke' },
      }),
      expect.objectContaining({
        id: 'm1',
        name: 'Mor "Må" Øbergsen',
        custody: true,
        addressProtected: false,
      }),
      expect.objectContaining({
        id: 'f1',
        custody: false,
        orientationRequested: true,
        digitalPost: 'unknown',
      }),
      expect.objectContaining({
        id: 'r1',
        kind: 'company',
        cvr: '12345674',
        represents: 'm1',
        validUntil: '2027-06-30',
        documentTypes: ['afgoerelse', 'partshoering'],
      }),
    ]);
    expect(c?.parties[2]).not.toHaveProperty('address');
  });

  it('imports a comma CSV, with related case numbers split on | or ,', async () => {
    const res = await importFile('sager.csv', 'csv', fixture('comma-lf.csv'));
    expect(res.problems).toEqual([]);
    const c = await getCase('15.25.00-G01-602-26');
    expect(c?.title).toBe('Flexjob, Østergade');
    expect(c?.relatedCaseNumbers).toEqual(['27.24.00-G01-601-26', '32.18.02-G01-412-24']);
    expect(c?.parties[1]).toMatchObject({ name: 'Café "Æblet" ApS', kind: 'company' });
  });

  it('refuses a file with one bad case whole: nothing changes, and the attempt is in the history', async () => {
    const before = await getCase('27.24.00-G01-501-26');
    const count = await caseCount();
    const file = JSON.parse(fixture('two-cases.json')) as { cases: Case[] };
    file.cases[0]!.parties.pop(); // a real change to a good case …
    file.cases[1]!.subjectPartyId = 'nobody'; // … and a bad one
    const res = await importFile('sager.json', 'json', JSON.stringify(file));
    expect(res).toEqual({
      imported: [],
      draftsMarkedForRecheck: 0,
      problems: ['cases[1] (15.20.08-G01-502-26).subjectPartyId: parten "nobody" findes ikke på sagen'],
    });
    expect(await getCase('27.24.00-G01-501-26')).toEqual(before);
    expect(await caseCount()).toBe(count);
    expect(await history(1)).toMatchObject([
      { kind: 'cases.import_refused', details: { fileName: 'sager.json', problems: 1 } },
    ]);
  });

  it('replaces a case’s parties on re-import, marks its drafts for re-checking and records it', async () => {
    const CASE = '27.24.00-G01-501-26';
    const made = await backend.dispatcher.binary(
      'documents:analyze',
      await danishLetter('Helvetica'),
      { fileName: 'brev.pdf', caseNumber: CASE },
      BINARY_CONTENT_TYPE,
    );
    expect(made.ok, JSON.stringify(made)).toBe(true);
    const draftId = made.ok ? (made.value as { draftId: string }).draftId : '';
    const draft = async () => {
      const res = await backend.dispatcher.json('drafts:list', {});
      const drafts = res.ok ? (res.value as { drafts: { id: string; needsRecheck: boolean }[] }).drafts : [];
      return drafts.find((d) => d.id === draftId);
    };
    expect(await draft()).toMatchObject({ needsRecheck: false });

    // The same file again: replaced, but nothing the checks read changed, so the draft stays as it is.
    const same = await importFile('sager.json', 'json', fixture('two-cases.json'));
    expect(same.imported[0]).toEqual({ caseNumber: CASE, parties: 2, replaced: true, changed: false });
    expect(same.draftsMarkedForRecheck).toBe(0);
    expect(await draft()).toMatchObject({ needsRecheck: false });

    const file = JSON.parse(fixture('two-cases.json')) as { cases: Case[] };
    file.cases[0]!.parties[1]!.custody = false;
    file.cases[0]!.parties.push({ id: 'f1', kind: 'person', name: 'Far Importsen', roles: ['parent'] });
    events.length = 0;
    const res = await importFile('sager-2.json', 'json', JSON.stringify(file));
    expect(res).toEqual({
      imported: [
        { caseNumber: CASE, parties: 3, replaced: true, changed: true },
        { caseNumber: '15.20.08-G01-502-26', parties: 2, replaced: true, changed: false },
      ],
      draftsMarkedForRecheck: 1,
      problems: [],
    });
    expect((await getCase(CASE))?.parties.map((p) => p.id)).toEqual(['b1', 'm1', 'f1']);
    expect(await draft()).toMatchObject({ needsRecheck: true });

    expect(await history(2)).toMatchObject([
      {
        kind: 'cases.imported',
        caseNumber: null,
        details: {
          source: 'import',
          fileName: 'sager-2.json',
          format: 'json',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          cases: 2,
          parties: 5,
          replaced: 2,
          draftsMarkedForRecheck: 1,
          perCase: [
            { caseNumber: CASE, parties: 3, replaced: true, partiesChanged: true, changed: true },
            { caseNumber: '15.20.08-G01-502-26', partiesChanged: false, changed: false },
          ],
        },
      },
      {
        kind: 'case.reimported',
        caseNumber: CASE,
        details: { partiesBefore: 2, partiesAfter: 3, partiesChanged: true, draftsMarkedForRecheck: 1 },
      },
    ]);
    // Listeners hear of both entries, after the transaction committed.
    expect(events).toEqual(['case.reimported', 'cases.imported']);
    expect(await backend.dispatcher.json('audit:verify', {})).toMatchObject({
      ok: true,
      value: { intact: true },
    });
  });

  it('refuses a file that is not text of the declared kind with VALIDATION_FAILED at the boundary', async () => {
    const res = await backend.dispatcher.json('cases:import', {
      fileName: 'x.csv',
      format: 'xlsx',
      content: 'a',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('a re-import that fails half-way', () => {
  it('rolls back every case, every draft flag and the history together', () => {
    const dir = tempDir();
    const store = openStore({ dataDir: dir.path, keyStore: new FakeKeyStore(), logger: new MemoryLogger() });
    try {
      const clock = new FakeClock();
      const cases = createCasesService(store.db);
      const real = createAuditService(store.db, clock, fakeUser(), () => {});
      const service = createCaseImportService({ db: store.db, cases, audit: real, clock });
      expect(
        service.importFile({ fileName: 'a.json', format: 'json', content: fixture('two-cases.json') }),
      ).toMatchObject({ problems: [] });
      store.db
        .prepare(
          "INSERT INTO documents (sha256, bytes, byte_size, added_at) VALUES ('h', x'25504446', 4, 'now')",
        )
        .run();
      store.db
        .prepare(
          `INSERT INTO drafts (id, document_sha256, file_name, case_number, status, analysis, texts, created_by, created_at, updated_at)
           VALUES ('d1', 'h', 'brev.pdf', '27.24.00-G01-501-26', 'draft', '{}', '[]', 'x', 'now', 'now')`,
        )
        .run();
      const auditRows = () =>
        (store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      const rowsBefore = auditRows();

      // The history refuses the summary entry, after the cases and the draft flag were written.
      const failing: AuditService = {
        ...real,
        append: (kind, caseNumber, details) => {
          if (kind === 'cases.imported') throw new Error('disk full');
          return real.append(kind, caseNumber, details);
        },
      };
      const broken = createCaseImportService({ db: store.db, cases, audit: failing, clock });
      const file = JSON.parse(fixture('two-cases.json')) as { cases: Case[] };
      file.cases[0]!.parties.pop();
      expect(() =>
        broken.importFile({ fileName: 'b.json', format: 'json', content: JSON.stringify(file) }),
      ).toThrow('disk full');

      expect(cases.get('27.24.00-G01-501-26').parties).toHaveLength(2);
      expect(store.db.prepare("SELECT needs_recheck FROM drafts WHERE id = 'd1'").get()).toEqual({
        needs_recheck: 0,
      });
      expect(auditRows()).toBe(rowsBefore);
    } finally {
      store.close();
      dir.cleanup();
    }
  });
});
