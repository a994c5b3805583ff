import { SuperpodInputError } from '../errors.ts';
import { readInputText } from '../file-errors.ts';

/** One data row of a CSV file, with its 1-based line number for messages. */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Reads a small CSV file (comma-separated, optional double quotes, no newlines inside cells). */
export function readCsv(file: string, text?: string): CsvTable {
  let content: string;
  if (text !== undefined) content = text;
  else content = readInputText(file, 'the CSV file', 'check the path; CSV paths are relative to the working directory');
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '') {
      headerLine = i;
      break;
    }
  }
  if (headerLine < 0) {
    throw new SuperpodInputError({
      where: file,
      problem: 'the file is empty',
      fix: 'pass a CSV file with a header row',
    });
  }
  const header = splitCsvLine(lines[headerLine]!, file, headerLine + 1).map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const cells = splitCsvLine(raw, file, i + 1);
    if (cells.length !== header.length) {
      throw new SuperpodInputError({
        where: `${file}:${i + 1}`,
        problem: `expected ${header.length} columns (${header.join(',')}) but the row has ${cells.length}`,
        value: raw,
        fix: 'give every row the same columns as the header',
      });
    }
    rows.push({ line: i + 1, cells });
  }
  return { file, header, rows };
}

function splitCsvLine(line: string, file: string, lineNo: number): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  if (quoted) {
    throw new SuperpodInputError({
      where: `${file}:${lineNo}`,
      problem: 'unterminated double quote',
      value: line,
      fix: 'close the quoted cell',
    });
  }
  cells.push(cell);
  return cells;
}

/** Column access with typed parsing and `file:line` errors naming the column. */
export class CsvColumns {
  private readonly table: CsvTable;
  private readonly index = new Map<string, number>();

  constructor(table: CsvTable, required: readonly string[], what: string) {
    this.table = table;
    table.header.forEach((name, i) => {
      this.index.set(name, i);
    });
    const missing = required.filter((name) => !this.index.has(name));
    if (missing.length > 0) {
      throw new SuperpodInputError({
        where: `${table.file}:1`,
        problem: `${what} needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        value: table.header.join(','),
        fix: `use the header ${required.join(',')}`,
      });
    }
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  text(row: CsvRow, column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : row.cells[i]!.trim();
  }

  /** A whole number within [min, max]; `fallback` when the cell is empty and a fallback is given. */
  integer(row: CsvRow, column: string, min: number, max = Number.MAX_SAFE_INTEGER, fallback?: number): number {
    const raw = this.text(row, column);
    if (raw === '' && fallback !== undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new SuperpodInputError({
        where: `${this.table.file}:${row.line}`,
        problem: `column "${column}" must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
        value: raw,
        fix: `fix the ${column} value of this row`,
      });
    }
    return value;
  }

  where(row: CsvRow): string {
    return `${this.table.file}:${row.line}`;
  }
}
