/**
 * RFC 4180 CSV: cells with a comma, quote or line break are quoted, quotes doubled, records end
 * with CRLF. Reading also takes LF and CR line ends, as spreadsheets and Pocket write them.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and titles and notes are text from the web. Such cells are written with a
 * leading apostrophe (which spreadsheets show as "text, not a formula"). So that the apostrophe is
 * never ambiguous, a cell that already starts with apostrophes before such a character gets one
 * more; taking one apostrophe off exactly those cells gives the text back. Only files we wrote
 * are read that way (see csv.ts): in anybody else's file an apostrophe is the cell's own text.
 */

const FORMULA = /^'*[=+\-@\t\r]/;

export function guardFormula(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

export function unguardFormula(value: string): string {
  return value.startsWith("'") && FORMULA.test(value) ? value.slice(1) : value;
}

export function csvCell(value: string): string {
  const guarded = guardFormula(value);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvRow(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Rows of cells; `row` is the spreadsheet's row number (1 is the header), which error messages use. */
export type CsvRow = { row: number; cells: string[] };

export function readCsv(text: string): { ok: true; rows: CsvRow[] } | { ok: false; error: string } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let pos = 0;
  const end = text.length;
  const finishRow = () => {
    rows.push({ row: rows.length + 1, cells });
    cells = [];
  };
  while (pos < end) {
    let cell: string;
    if (text[pos] === '"') {
      cell = '';
      let from = pos + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { ok: false, error: `CSV row ${rows.length + 1}: a quoted cell never ends (is the file cut short?).` };
        cell += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          cell += '"';
          from = quote + 2;
        } else {
          pos = quote + 1;
          break;
        }
      }
      const next = text[pos];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        return { ok: false, error: `CSV row ${rows.length + 1}: text after a quoted cell's closing quote.` };
      }
    } else {
      let stop = pos;
      while (stop < end) {
        const c = text.charCodeAt(stop);
        if (c === 44 || c === 10 || c === 13) break;
        stop++;
      }
      cell = text.slice(pos, stop);
      pos = stop;
    }
    cells.push(cell);
    const delimiter = text[pos];
    if (delimiter === ',') {
      pos++;
      if (pos === end) cells.push('');
    } else if (delimiter === '\r' || delimiter === '\n') {
      pos += delimiter === '\r' && text[pos + 1] === '\n' ? 2 : 1;
      finishRow();
    }
  }
  if (cells.length > 0) finishRow();
  return { ok: true, rows };
}
