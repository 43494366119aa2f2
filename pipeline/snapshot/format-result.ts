import Papa from 'papaparse';
import type { QueryResult } from './query-snapshot.ts';

/** How `sis query` and the analyst page write a result. */
export type ResultFormat = 'table' | 'csv' | 'json';

/** The result in a format; JSON is an array of row objects (or `{ snapshotAt, rows }` with `envelope`). */
export function formatResult(result: QueryResult, format: ResultFormat, envelope = false): string {
  if (format === 'json')
    return `${JSON.stringify(envelope ? { snapshotAt: result.snapshotAt, rows: result.rows } : result.rows)}\n`;
  if (format === 'csv') return toCsv(result);
  return toTable(result);
}

/**
 * RFC 4180 CSV with a header line; nulls are empty cells. Text that a spreadsheet would take for a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading
 * `'`, so opening the file runs nothing; numbers stay numbers, negative ones included.
 */
export function toCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const data = result.rows.map((row) => result.columns.map((c) => csvValue(row[c])));
  return `${Papa.unparse({ fields: [...result.columns], data }, { newline: '\r\n', escapeFormulae: true })}\r\n`;
}

function csvValue(value: unknown): string | number | boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  return cellText(value);
}

/** A cell as text: null empty, objects and lists as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toTable(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const cells = result.rows.map((row) => result.columns.map((c) => cellText(row[c])));
  const widths = result.columns.map((c, i) => Math.max(width(c), ...cells.map((r) => width(r[i]!))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v + ' '.repeat(Math.max(0, widths[i]! - width(v))))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return `${[line(result.columns), rule, ...cells.map(line)].join('\n')}\n`;
}

/** Columns a value takes on a terminal: Thai combining marks take none. */
function width(text: string): number {
  return [...text.normalize('NFC')].filter((ch) => !/\p{M}/u.test(ch)).length;
}
