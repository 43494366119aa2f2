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

/** RFC 4180 CSV with a header line; nulls are empty cells. */
export function toCsv(result: Pick<QueryResult, 'columns' | 'rows'>): string {
  const lines = [result.columns.map(csvCell).join(',')];
  for (const row of result.rows) lines.push(result.columns.map((c) => csvCell(cellText(row[c]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(text: string): string {
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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
