import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../../shared/canonical-json';
import type { Case, CaseFile } from '../../shared/domain/case-file';
import type { Clock } from '../ports';
import { writeTransaction, type Db } from '../db/sqlite';
import type { AuditEntry, AuditService } from './audit.service';
import type { CasesService } from './cases.service';
import { caseFileFromCsv } from './case-file-csv';
import { parseCaseFileJson, type CaseFileFormat, type CaseFileParse } from './case-file-parse';

export { caseFileFromCsv as parseCaseFileCsv } from './case-file-csv';
export {
  formatOfFileName,
  parseCaseFileJson,
  type CaseFileFormat,
  type CaseFileParse,
} from './case-file-parse';

/** Reads a case file in either format: a validated `CaseFile`, or Danish problems naming path or row and column. */
export function parseCaseFile(text: string, format: CaseFileFormat): CaseFileParse {
  return format === 'json' ? parseCaseFileJson(text) : caseFileFromCsv(text);
}

export interface ImportedCase {
  caseNumber: string;
  parties: number;
  /** The case was in the store before: its parties were replaced. */
  replaced: boolean;
  /** Its parties, subject, area or related case numbers differ from what was stored (always true when new). */
  changed: boolean;
}

export interface CaseImportResult {
  imported: ImportedCase[];
  draftsMarkedForRecheck: number;
  /** Danish, each naming where. Non-empty means the file was refused and nothing changed. */
  problems: string[];
}

/** What the checks read from a case; a change here makes an earlier check of a draft unreliable. */
function checkedPart(c: Case): string {
  const parties = [...c.parties].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const plain = JSON.parse(
    JSON.stringify({
      subjectPartyId: c.subjectPartyId,
      area: c.area,
      relatedCaseNumbers: [...c.relatedCaseNumbers].sort(),
      parties,
    }),
  ) as JsonValue;
  return canonicalJson(plain);
}

function partiesPart(c: Case): string {
  const parties = [...c.parties].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return canonicalJson(JSON.parse(JSON.stringify(parties)) as JsonValue);
}

export function createCaseImportService(deps: {
  db: Db;
  cases: CasesService;
  audit: AuditService;
  clock: Clock;
}) {
  const { db, cases, audit } = deps;
  const exists = db.prepare('SELECT 1 FROM cases WHERE case_number = ?').pluck();
  const markDrafts = db.prepare('UPDATE drafts SET needs_recheck = 1 WHERE case_number = ?');

  /** The whole file in one transaction: every case replaced, drafts marked and the history written, or nothing. */
  const importTx = writeTransaction(
    db,
    (file: CaseFile, meta: { fileName: string; format: CaseFileFormat; sha256: string }) => {
      const before = new Map<string, Case>();
      for (const c of file.cases)
        if (exists.get(c.caseNumber)) before.set(c.caseNumber, cases.get(c.caseNumber));
      cases.importCases(file, `${meta.format}:${meta.fileName}`, deps.clock.now());

      const entries: AuditEntry[] = [];
      const perCase: JsonValue[] = [];
      const imported: ImportedCase[] = [];
      let marked = 0;
      for (const c of file.cases) {
        const old = before.get(c.caseNumber);
        const partiesChanged = !old || partiesPart(old) !== partiesPart(c);
        const changed = !old || checkedPart(old) !== checkedPart(c);
        const draftsMarked = old && changed ? markDrafts.run(c.caseNumber).changes : 0;
        marked += draftsMarked;
        imported.push({ caseNumber: c.caseNumber, parties: c.parties.length, replaced: !!old, changed });
        perCase.push({
          caseNumber: c.caseNumber,
          parties: c.parties.length,
          replaced: !!old,
          partiesChanged,
          changed,
          draftsMarkedForRecheck: draftsMarked,
        });
        // A re-import that changes a case also shows in that case's own history.
        if (old && changed) {
          entries.push(
            audit.append('case.reimported', c.caseNumber, {
              fileName: meta.fileName,
              partiesBefore: old.parties.length,
              partiesAfter: c.parties.length,
              partiesChanged,
              draftsMarkedForRecheck: draftsMarked,
            }),
          );
        }
      }
      entries.push(
        audit.append('cases.imported', null, {
          source: 'import',
          fileName: meta.fileName,
          format: meta.format,
          sha256: meta.sha256,
          cases: file.cases.length,
          parties: file.cases.reduce((n, c) => n + c.parties.length, 0),
          replaced: imported.filter((i) => i.replaced).length,
          draftsMarkedForRecheck: marked,
          perCase,
        }),
      );
      return { imported, marked, entries };
    },
  );

  return {
    importFile(input: { fileName: string; format: CaseFileFormat; content: string }): CaseImportResult {
      const sha256 = createHash('sha256').update(input.content, 'utf8').digest('hex');
      const parsed = parseCaseFile(input.content, input.format);
      if (!parsed.ok) {
        // A refused file changes no case, but the attempt belongs in the history.
        audit.append('cases.import_refused', null, {
          fileName: input.fileName,
          format: input.format,
          sha256,
          problems: parsed.problems.length,
        });
        return { imported: [], draftsMarkedForRecheck: 0, problems: parsed.problems };
      }
      const { imported, marked, entries } = importTx(parsed.file, {
        fileName: input.fileName,
        format: input.format,
        sha256,
      });
      audit.announce(entries);
      return { imported, draftsMarkedForRecheck: marked, problems: [] };
    },
  };
}

export type CaseImportService = ReturnType<typeof createCaseImportService>;
