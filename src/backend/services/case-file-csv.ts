import { caseFileProblems, caseFileSchema } from '../../shared/domain/case-file';
import { capProblems, danishErrors, type CaseFileParse } from './case-file-parse';
import { parseCsv, type CsvRow } from './csv';

/**
 * The case file as a spreadsheet: one row per party, the case's own columns repeated on each of its rows. Every
 * problem names the spreadsheet row (the header is row 1) and the column: `Række 5, kolonne cpr: …`. After the
 * CSV-specific checks the cases go through the same schema and rules as a JSON file.
 */

const CASE_COLUMNS = ['caseNumber', 'title', 'area', 'subjectPartyId', 'relatedCaseNumbers', 'asOf'] as const;
const PARTY_COLUMNS = [
  'partyId',
  'kind',
  'name',
  'cpr',
  'cvr',
  'roles',
  'custody',
  'orientationRequested',
  'orientationRefused',
  'represents',
  'validUntil',
  'scope',
  'documentTypes',
  'digitalPost',
  'street',
  'postalCode',
  'city',
  'addressProtected',
  'deceased',
] as const;
export const CSV_COLUMNS = [...CASE_COLUMNS, ...PARTY_COLUMNS] as const;
type Column = (typeof CSV_COLUMNS)[number];
type CaseColumn = (typeof CASE_COLUMNS)[number];

const REQUIRED: readonly Column[] = ['caseNumber', 'partyId', 'kind', 'name', 'roles'];
/** Required per case, but a row may leave them empty when another row of the same case fills them in. */
const REQUIRED_PER_CASE: readonly CaseColumn[] = ['title', 'area', 'subjectPartyId', 'asOf'];
const BOOLEAN_COLUMNS = [
  'custody',
  'orientationRequested',
  'orientationRefused',
  'addressProtected',
  'deceased',
] as const;
const TEXT_COLUMNS = ['cpr', 'cvr', 'represents', 'validUntil', 'scope', 'digitalPost'] as const;
const ADDRESS_COLUMNS = ['street', 'postalCode', 'city'] as const;

const TRUE = new Set(['true', 'ja', '1', 'x']);
const FALSE = new Set(['false', 'nej', '0']);

const at = (row: number | string, column: string, message: string) =>
  `Række ${row}, kolonne ${column}: ${message}`;

/** `a|b`, `a, b` → `['a', 'b']`; empty pieces are dropped. */
const list = (cell: string) =>
  cell
    .split(/[|,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

interface CaseDraft {
  rows: number[];
  values: Partial<Record<CaseColumn, { value: string; row: number }>>;
  parties: { party: Record<string, unknown>; row: number }[];
}

export function caseFileFromCsv(text: string): CaseFileParse {
  const table = parseCsv(text);
  if (table.problems.length > 0) return { ok: false, problems: capProblems(table.problems) };
  const problems: string[] = [];
  /** `row:column` already reported, so the schema does not say the same thing twice. */
  const reported = new Set<string>();
  const report = (row: number, column: string, message: string) => {
    reported.add(`${row}:${column}`);
    problems.push(at(row, column, message));
  };

  const index = new Map<Column, number>();
  table.header.forEach((name, i) => {
    if (name === '') return;
    const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) report(1, name, `ukendt kolonne. Kendte kolonner: ${CSV_COLUMNS.join(', ')}`);
    else if (index.has(column)) report(1, name, 'kolonnen findes flere gange');
    else index.set(column, i);
  });
  for (const c of [...REQUIRED_PER_CASE, ...REQUIRED]) {
    if (!index.has(c)) problems.push(`Række 1: kolonnen ${c} mangler i overskriften`);
  }
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };
  if (table.rows.length === 0) return { ok: false, problems: ['Filen har ingen rækker under overskriften'] };

  const cases = new Map<string, CaseDraft>();
  for (const r of table.rows) readRow(r);

  function readRow(r: CsvRow) {
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    };
    r.cells.forEach((value, i) => {
      if (value.trim() !== '' && (i >= table.header.length || table.header[i] === '')) {
        report(r.row, `nr. ${i + 1}`, 'der står noget i en kolonne uden overskrift');
      }
    });
    for (const c of REQUIRED) if (cell(c) === '') report(r.row, c, 'skal udfyldes');
    const caseNumber = cell('caseNumber');
    if (caseNumber === '') return;

    const draft = cases.get(caseNumber) ?? { rows: [], values: {}, parties: [] };
    cases.set(caseNumber, draft);
    draft.rows.push(r.row);
    for (const c of CASE_COLUMNS) {
      const raw = cell(c);
      if (raw === '' || c === 'caseNumber') continue;
      const value = c === 'relatedCaseNumbers' ? list(raw).join('|') : raw;
      const seen = draft.values[c];
      if (!seen) draft.values[c] = { value, row: r.row };
      else if (seen.value !== value && !reported.has(`${seen.row}:${c}`)) {
        reported.add(`${seen.row}:${c}`).add(`${r.row}:${c}`);
        problems.push(
          `Række ${seen.row} og ${r.row}, kolonne ${c}: sag ${caseNumber} har forskellige værdier ` +
            `("${seen.value}" / "${value}"); sagens kolonner skal være ens i alle sagens rækker`,
        );
      }
    }

    const party: Record<string, unknown> = { id: cell('partyId'), kind: cell('kind'), name: cell('name') };
    party.roles = list(cell('roles'));
    for (const c of TEXT_COLUMNS) if (cell(c) !== '') party[c] = cell(c);
    if (cell('documentTypes') !== '') party.documentTypes = list(cell('documentTypes'));
    for (const c of BOOLEAN_COLUMNS) {
      const raw = cell(c).toLowerCase();
      if (raw === '') continue;
      if (TRUE.has(raw)) party[c] = true;
      else if (FALSE.has(raw)) party[c] = false;
      else report(r.row, c, `"${cell(c)}" er ikke ja eller nej (brug ja/nej, true/false, 1/0 eller x)`);
    }
    const address = ADDRESS_COLUMNS.map(cell);
    if (address.some((v) => v !== '')) {
      ADDRESS_COLUMNS.forEach((c, i) => {
        if (address[i] === '') report(r.row, c, 'en adresse skal have gade, postnummer og by');
      });
      party.address = { street: address[0], postalCode: address[1], city: address[2] };
    }
    draft.parties.push({ party, row: r.row });
  }

  const drafts = [...cases.entries()];
  for (const [caseNumber, d] of drafts) {
    for (const c of REQUIRED_PER_CASE) {
      if (!d.values[c]) report(d.rows[0]!, c, `skal udfyldes i mindst én af sag ${caseNumber}s rækker`);
    }
  }

  const file = {
    cases: drafts.map(([caseNumber, d]) => ({
      caseNumber,
      title: d.values.title?.value,
      area: d.values.area?.value,
      subjectPartyId: d.values.subjectPartyId?.value,
      relatedCaseNumbers: d.values.relatedCaseNumbers ? d.values.relatedCaseNumbers.value.split('|') : [],
      asOf: d.values.asOf?.value,
      parties: d.parties.map((p) => p.party),
    })),
  };

  /** Where a schema path or a rule's path points in the spreadsheet. */
  const locate = (ci: number, pi: number | null, field: string, sub?: string): [number, string] => {
    const d = drafts[ci]?.[1];
    if (!d) return [1, field];
    if (pi === null && field === 'parties') return [d.rows[0]!, 'partyId'];
    if (pi === null) return [d.values[field as CaseColumn]?.row ?? d.rows[0]!, field];
    const row = d.parties[pi]?.row ?? d.rows[0]!;
    if (field === 'id') return [row, 'partyId'];
    if (field === 'address') return [row, sub ?? 'street'];
    return [row, field];
  };

  const parsed = caseFileSchema.safeParse(file, { error: danishErrors });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [, ci, third, pi, field, sub] = issue.path;
      if (typeof ci !== 'number') {
        problems.push(`Filen: ${issue.message}`);
        continue;
      }
      const [row, column] =
        third === 'parties' && typeof pi === 'number'
          ? locate(ci, pi, String(field), typeof sub === 'string' ? sub : undefined)
          : locate(ci, null, String(third ?? 'caseNumber'));
      if (!reported.has(`${row}:${column}`)) report(row, column, issue.message);
    }
    return { ok: false, problems: capProblems(problems) };
  }
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };

  // caseFileProblems says `cases[0] (27.24…).parties[1].id: …`; turn its path into row and column.
  const rules = caseFileProblems(parsed.data).map((p) => {
    const m = /^cases\[(\d+)\] \(.*?\)(?:\.parties\[(\d+)\])?\.([A-Za-z]+): (.*)$/s.exec(p);
    if (!m) return p;
    const [row, column] = locate(Number(m[1]), m[2] === undefined ? null : Number(m[2]), m[3]!);
    return at(row, column, m[4]!);
  });
  return rules.length > 0 ? { ok: false, problems: capProblems(rules) } : { ok: true, file: parsed.data };
}
