/**
 * A small RFC 4180 reader for the spreadsheets caseworkers export: quoted fields (with `""` for a quote, and
 * delimiters and line breaks inside), CRLF or LF, an optional UTF-8 BOM, and `;` or `,` as the delimiter, chosen
 * from the header line because Danish Excel writes `;`.
 *
 * Rows are numbered as a spreadsheet numbers them: the header is row 1, and a quoted line break does not start a
 * new row. Blank rows keep their number but are left out.
 */

export type CsvDelimiter = ';' | ',';

export interface CsvRow {
  /** 1-based; the header is row 1. */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly delimiter: CsvDelimiter;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  /** Danish, each naming its row. Non-empty means the text is not well-formed CSV. */
  readonly problems: readonly string[];
}

/** Counts `;` and `,` outside quotes on the first line; `;` wins a tie, as Danish Excel writes it. */
export function detectDelimiter(text: string): CsvDelimiter {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

export function parseCsv(input: string): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRow[] = [];
  const problems: string[] = [];

  let row = 1;
  let cells: string[] = [];
  let cell = '';
  let i = 0;
  const n = text.length;

  const endRecord = () => {
    cells.push(cell);
    records.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && cell === '') {
      // A quoted field: runs to the closing quote, which must end the field.
      const startRow = row;
      i++;
      let closed = false;
      while (i < n) {
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        cell += q;
        i++;
      }
      if (!closed) {
        problems.push(`Række ${startRow}: et felt begynder med " men slutter aldrig med "`);
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        problems.push(`Række ${startRow}: der står tekst efter det afsluttende " i felt ${cells.length + 1}`);
        // Skip to the end of the field so the rest of the file can still be read and reported on.
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i++;
      }
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  // The last line needs no line break; a trailing line break adds no row.
  if (cell !== '' || cells.length > 0) endRecord();

  const [first, ...rest] = records;
  const header = (first?.cells ?? []).map((h) => h.trim());
  const rows = rest.filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { delimiter, header, rows, problems };
}
