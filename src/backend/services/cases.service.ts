import { AppError } from '../../shared/result';
import { partySchema, type Case, type CaseFile, type Party } from '../../shared/domain/case-file';
import { writeTransaction, type Db } from '../db/sqlite';

export interface CaseSummary {
  caseNumber: string;
  title: string;
  area: Case['area'];
  subjectName: string;
  partyCount: number;
  asOf: string;
}

export interface CasesService {
  list(query?: string): CaseSummary[];
  get(caseNumber: string): Case;
  count(): number;
  /** Replaces each case in the file, parties included, in one transaction. Returns the case numbers written. */
  importCases(file: CaseFile, source: string, at: Date): string[];
}

interface CaseRow {
  case_number: string;
  title: string;
  area: Case['area'];
  subject_party_id: string;
  related: string;
  as_of: string;
}

/** Escapes LIKE wildcards so a search for "50%" finds the text, not everything. */
function likeTerm(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createCasesService(db: Db): CasesService {
  const partiesOf = db.prepare('SELECT data FROM parties WHERE case_number = ? ORDER BY position');
  const deleteParties = db.prepare('DELETE FROM parties WHERE case_number = ?');
  const upsertCase = db.prepare(
    `INSERT INTO cases (case_number, title, area, subject_party_id, related, as_of, source, imported_at)
     VALUES (@caseNumber, @title, @area, @subjectPartyId, @related, @asOf, @source, @importedAt)
     ON CONFLICT(case_number) DO UPDATE SET title = excluded.title, area = excluded.area,
       subject_party_id = excluded.subject_party_id, related = excluded.related, as_of = excluded.as_of,
       source = excluded.source, imported_at = excluded.imported_at`,
  );
  const insertParty = db.prepare(
    `INSERT INTO parties (case_number, party_id, position, name, cpr, data)
     VALUES (@caseNumber, @id, @position, @name, @cpr, @data)`,
  );

  const importTx = writeTransaction(db, (file: CaseFile, source: string, at: Date) => {
    for (const c of file.cases) {
      upsertCase.run({
        caseNumber: c.caseNumber,
        title: c.title,
        area: c.area,
        subjectPartyId: c.subjectPartyId,
        related: JSON.stringify(c.relatedCaseNumbers),
        asOf: c.asOf,
        source,
        importedAt: at.toISOString(),
      });
      deleteParties.run(c.caseNumber);
      c.parties.forEach((p, position) => {
        insertParty.run({
          caseNumber: c.caseNumber,
          id: p.id,
          position,
          name: p.name,
          cpr: p.cpr ?? null,
          data: JSON.stringify(p),
        });
      });
    }
    return file.cases.map((c) => c.caseNumber);
  });

  function readParties(caseNumber: string): Party[] {
    return (partiesOf.all(caseNumber) as { data: string }[]).map((r) =>
      partySchema.parse(JSON.parse(r.data)),
    );
  }

  return {
    list(query) {
      const q = query?.trim() ?? '';
      const digits = q.replace(/\D/g, '');
      const rows = db
        .prepare(
          `SELECT c.case_number, c.title, c.area, c.as_of,
                  (SELECT name FROM parties s WHERE s.case_number = c.case_number AND s.party_id = c.subject_party_id) AS subject_name,
                  (SELECT count(*) FROM parties p WHERE p.case_number = c.case_number) AS party_count
           FROM cases c
           WHERE @q = ''
              OR c.case_number LIKE @like ESCAPE '\\'
              OR c.title LIKE @like ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM parties p WHERE p.case_number = c.case_number
                         AND (p.name LIKE @like ESCAPE '\\'
                              OR (length(@digits) >= 6 AND replace(p.cpr, '-', '') LIKE @digitsLike)))
           ORDER BY c.case_number`,
        )
        .all({ q, like: likeTerm(q), digits, digitsLike: `${digits}%` }) as {
        case_number: string;
        title: string;
        area: Case['area'];
        as_of: string;
        subject_name: string | null;
        party_count: number;
      }[];
      return rows.map((r) => ({
        caseNumber: r.case_number,
        title: r.title,
        area: r.area,
        subjectName: r.subject_name ?? '',
        partyCount: r.party_count,
        asOf: r.as_of,
      }));
    },
    get(caseNumber) {
      const row = db
        .prepare(
          'SELECT case_number, title, area, subject_party_id, related, as_of FROM cases WHERE case_number = ?',
        )
        .get(caseNumber) as CaseRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'case not found');
      return {
        caseNumber: row.case_number,
        title: row.title,
        area: row.area,
        subjectPartyId: row.subject_party_id,
        relatedCaseNumbers: JSON.parse(row.related) as string[],
        asOf: row.as_of,
        parties: readParties(row.case_number),
      };
    },
    count() {
      return (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
    },
    importCases: (file, source, at) => importTx(file, source, at),
  };
}
