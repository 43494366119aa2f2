import { isBlank, type CellValue } from '../cell-value.ts';
import { cellAddress, makeIssue, type Issue } from '../issues/issue.ts';
import { headerKey } from '../text/normalise-text.ts';
import type { TableDef } from '../../templates/fields.ts';
import {
  findHeaderRow,
  headerMatcher,
  matchHeader,
  missingRequired,
  type HeaderMatcher,
} from './header-match.ts';
import type { ColumnRef, DataRow, LocatedTable } from './located-table.ts';
import type { Sheet, Workbook } from './workbook.ts';

/** The located table with its warnings, or the issues that kept it from being located. */
export type LocateResult =
  | { readonly ok: true; readonly table: LocatedTable; readonly issues: Issue[] }
  | { readonly ok: false; readonly issues: Issue[] };

/**
 * Finds a template table in a workbook: the sheet of that name (compared as header keys) or else
 * the visible sheet whose rows best carry the headers; the header row within the first 20 rows;
 * each column by its Thai header, English key or alias. Unknown headers are `column/extra`, a
 * second column of a field `column/duplicate` (the first is read), an absent required column
 * `file/column-missing`. Blank rows below the header are skipped.
 */
export function locateTable(book: Workbook, table: TableDef): LocateResult {
  const matcher = headerMatcher(table.columns);
  const sheet = pickSheet(book, table, matcher);
  if (!sheet)
    return {
      ok: false,
      issues: [makeIssue('file/sheet-missing', { sheet: table.sheet, detail: table.sheet })],
    };
  const header = findHeaderRow(matcher, sheet.rows);
  const headerCells = header ? (sheet.rows[header.index] ?? []) : [];
  const missing = missingRequired(table, matcher, headerCells);
  const mapped = header
    ? mapColumns(sheet.name, header.index + 1, headerCells, matcher)
    : { columns: {}, issues: [] };
  const issues = [
    ...mapped.issues,
    ...missing.map((f) =>
      makeIssue('file/column-missing', { sheet: sheet.name, field: f.key, detail: f.th }),
    ),
  ];
  if (!header || missing.length > 0) return { ok: false, issues };
  const rows = dataRows(sheet.rows, header.index + 1, mapped.columns);
  return {
    ok: true,
    table: { sheet: sheet.name, headerRow: header.index + 1, columns: mapped.columns, rows },
    issues,
  };
}

/** The sheet named as the table's (hidden or not), else the visible sheet naming most of its headers. */
export function pickSheet(book: Workbook, table: TableDef, matcher: HeaderMatcher): Sheet | undefined {
  const wanted = headerKey(table.sheet);
  const named = book.sheets.find((s) => headerKey(s.name) === wanted);
  if (named) return named;
  let best: { sheet: Sheet; score: number } | undefined;
  for (const sheet of book.sheets) {
    if (sheet.hidden) continue;
    const score = findHeaderRow(matcher, sheet.rows)?.score ?? 0;
    if (score > 0 && (!best || score > best.score)) best = { sheet, score };
  }
  return best?.sheet;
}

interface MappedColumns {
  readonly columns: Record<string, ColumnRef>;
  readonly issues: Issue[];
}

function mapColumns(
  sheet: string,
  row: number,
  cells: readonly CellValue[],
  matcher: HeaderMatcher,
): MappedColumns {
  const columns: Record<string, ColumnRef> = {};
  const issues: Issue[] = [];
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (isBlank(cell ?? null)) continue;
    const header = String(cell).trim();
    const at = { sheet, cell: cellAddress(index, row), row, column: header, value: header };
    const field = matchHeader(matcher, cell);
    if (!field) issues.push(makeIssue('column/extra', at));
    else if (columns[field.key]) issues.push(makeIssue('column/duplicate', { ...at, field: field.key }));
    else columns[field.key] = { index, header };
  }
  return { columns, issues };
}

/** The rows below the header that hold a value in some mapped column. */
function dataRows(
  rows: readonly (readonly CellValue[])[],
  headerRow: number,
  columns: Record<string, ColumnRef>,
): DataRow[] {
  const indexes = Object.values(columns).map((c) => c.index);
  const out: DataRow[] = [];
  for (let r = headerRow; r < rows.length; r++) {
    const cells = rows[r];
    if (!cells || cells.length === 0) continue;
    if (indexes.some((i) => !isBlank(cells[i] ?? null))) out.push({ row: r + 1, cells });
  }
  return out;
}
