import type { CellValue } from '../cell-value.ts';
import { headerKey } from '../text/normalise-text.ts';
import type { FieldDef, TableDef } from '../../templates/fields.ts';
import { HEADER_SEARCH_ROWS } from './workbook.ts';

/** The headers a table accepts, keyed for matching: Thai header, English key and aliases. */
export interface HeaderMatcher {
  readonly byKey: ReadonlyMap<string, FieldDef>;
}

const MATCHERS = new WeakMap<readonly FieldDef[], HeaderMatcher>();

/**
 * The matcher of a list of fields (a table's columns or an info sheet's labels), built once per
 * list. Keys are {@link headerKey}s, so case, spaces, dots, zero-width characters and Thai digits
 * do not matter. When two fields claim a key, the first keeps it.
 */
export function headerMatcher(fields: readonly FieldDef[]): HeaderMatcher {
  let matcher = MATCHERS.get(fields);
  if (!matcher) {
    const byKey = new Map<string, FieldDef>();
    for (const field of fields) {
      for (const name of [field.th, field.key, ...(field.aliases ?? [])]) {
        const key = headerKey(name);
        if (key !== '' && !byKey.has(key)) byKey.set(key, field);
      }
    }
    matcher = { byKey };
    MATCHERS.set(fields, matcher);
  }
  return matcher;
}

/**
 * The field a header cell names, or undefined. A note in brackets after the header
 * (`วันเดือนปีเกิด (วว/ดด/ปปปป)`) is ignored when the whole text does not match.
 */
export function matchHeader(matcher: HeaderMatcher, cell: CellValue | undefined): FieldDef | undefined {
  if (typeof cell !== 'string') return undefined;
  const exact = matcher.byKey.get(headerKey(cell));
  if (exact) return exact;
  const unbracketed = cell.replace(/[([{].*?[)\]}]/gsu, ' ');
  return unbracketed === cell ? undefined : matcher.byKey.get(headerKey(unbracketed));
}

/** How many distinct fields of the matcher a row names. */
export function scoreHeaderRow(matcher: HeaderMatcher, row: readonly CellValue[] | undefined): number {
  if (!row) return 0;
  const seen = new Set<string>();
  for (const cell of row) {
    const field = matchHeader(matcher, cell);
    if (field) seen.add(field.key);
  }
  return seen.size;
}

/** The header row among the first rows of a sheet: the one naming the most fields (the first on a tie). */
export interface HeaderRowMatch {
  /** 0-based index into the sheet's rows. */
  readonly index: number;
  readonly score: number;
}

/** Finds the header row in the first {@link HEADER_SEARCH_ROWS} rows; null when no row names any field. */
export function findHeaderRow(
  matcher: HeaderMatcher,
  rows: readonly (readonly CellValue[])[],
): HeaderRowMatch | null {
  let best: HeaderRowMatch | null = null;
  const end = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < end; index++) {
    // A row names at most one field per text cell: one with no more text cells than the best
    // row's score cannot beat it, and its cells (the roster's first pupils) need no matching.
    if (best && textCells(rows[index]) <= best.score) continue;
    const score = scoreHeaderRow(matcher, rows[index]);
    if (score > 0 && (!best || score > best.score)) best = { index, score };
  }
  return best;
}

function textCells(row: readonly CellValue[] | undefined): number {
  let count = 0;
  for (const cell of row ?? []) if (typeof cell === 'string') count++;
  return count;
}

/** Required fields of a table that a header row does not name. */
export function missingRequired(
  table: TableDef,
  matcher: HeaderMatcher,
  row: readonly CellValue[] | undefined,
): FieldDef[] {
  const named = new Set<string>();
  for (const cell of row ?? []) {
    const field = matchHeader(matcher, cell);
    if (field) named.add(field.key);
  }
  return table.columns.filter((f) => f.required && !named.has(f.key));
}
