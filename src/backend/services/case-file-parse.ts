import { z } from 'zod';
import { caseFileProblems, caseFileSchema, type CaseFile } from '../../shared/domain/case-file';

/**
 * Reads a JSON case file into a validated `CaseFile`, or into a list of Danish problems that each say where
 * (`cases[2].parties[0].cpr: …`). Pure: no store. The CSV reader (`case-file-csv.ts`) shares the helpers here;
 * `case-import.ts` picks the format. The `cases:import` channel and the CLI's `check --cases` both use them.
 */

export type CaseFileFormat = 'json' | 'csv';

export type CaseFileParse = { ok: true; file: CaseFile } | { ok: false; problems: string[] };

/** More problems than this are summed up in one last line: nobody reads 5,000 of them. */
export const MAX_PROBLEMS = 100;

/** A problem may quote what the file says; it is cut to this many characters. */
export const MAX_PROBLEM_LENGTH = 500;

const clip = (s: string) => (s.length > MAX_PROBLEM_LENGTH ? `${s.slice(0, MAX_PROBLEM_LENGTH - 1)}…` : s);

export function capProblems(problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems.map(clip);
  return [
    ...problems.slice(0, MAX_PROBLEMS).map(clip),
    `… og ${problems.length - MAX_PROBLEMS} problemer mere. Ret de første og indlæs filen igen.`,
  ];
}

const danish = z.locales.da().localeError;

/** Danish messages for zod's own issues, with a plainer one for a field that is simply missing. */
export const danishErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Feltet mangler';
  return danish(issue);
};

/** `['cases', 2, 'parties', 0, 'cpr']` → `cases[2].parties[0].cpr`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Validates a decoded value as a case file: the schema first, then the rules across fields. */
export function validateCaseFile(value: unknown): CaseFileParse {
  const parsed = caseFileSchema.safeParse(value, { error: danishErrors });
  if (!parsed.success) {
    return {
      ok: false,
      problems: capProblems(
        parsed.error.issues.map((i) => `${formatPath(i.path) || '(hele filen)'}: ${i.message}`),
      ),
    };
  }
  const problems = caseFileProblems(parsed.data);
  return problems.length > 0
    ? { ok: false, problems: capProblems(problems) }
    : { ok: true, file: parsed.data };
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseCaseFileJson(text: string): CaseFileParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    const where = at ? lineAndColumn(body, Number(at[1])) : null;
    return {
      ok: false,
      problems: [
        where
          ? `Filen er ikke gyldig JSON: fejl i linje ${where.line}, tegn ${where.column}`
          : 'Filen er ikke gyldig JSON (den slutter måske for tidligt)',
      ],
    };
  }
  return validateCaseFile(value);
}

/** `sager.csv` → csv; anything else is read as JSON (the CLI's `--cases <file.json>`). */
export function formatOfFileName(fileName: string): CaseFileFormat {
  return /\.csv$/i.test(fileName) ? 'csv' : 'json';
}
