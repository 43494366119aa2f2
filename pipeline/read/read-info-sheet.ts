import { isBlank, type CellValue } from '../cell-value.ts';
import { cellAddress, makeIssue, type Issue } from '../issues/issue.ts';
import { headerKey } from '../text/normalise-text.ts';
import type { InfoSheetDef } from '../../templates/fields.ts';
import { headerMatcher, matchHeader, type HeaderMatcher } from './header-match.ts';
import { INFO_SEARCH_ROWS, type Sheet, type Workbook } from './workbook.ts';

/** One labelled value: the value cell's content and address (the cell right of the label when empty). */
export interface InfoValue {
  readonly value: CellValue;
  readonly cell: string;
  readonly row: number;
  /** The label as written in the file. */
  readonly label: string;
}

/** The label/value sheet of a workbook, by field key. Labels not found are absent. */
export interface InfoSheet {
  readonly sheet: string;
  readonly values: Readonly<Record<string, InfoValue>>;
}

/** The info sheet's values, or `file/sheet-missing`. */
export type InfoSheetResult =
  { readonly ok: true; readonly info: InfoSheet } | { readonly ok: false; readonly issues: Issue[] };

/**
 * Reads the info sheet: the sheet of that name, else the visible sheet with the most labels.
 * A label (Thai label, English key or alias) may stand in any column of the first 30 rows; its
 * value is the next non-empty cell to its right that is not itself a label (the blank template
 * prints the English key in grey beside each value cell). The first occurrence of a label wins.
 */
export function readInfoSheet(book: Workbook, info: InfoSheetDef): InfoSheetResult {
  const matcher = headerMatcher(info.fields);
  const sheet = pickInfoSheet(book, info, matcher);
  if (!sheet)
    return { ok: false, issues: [makeIssue('file/sheet-missing', { sheet: info.name, detail: info.name })] };
  return { ok: true, info: { sheet: sheet.name, values: readLabels(sheet, matcher) } };
}

function pickInfoSheet(book: Workbook, info: InfoSheetDef, matcher: HeaderMatcher): Sheet | undefined {
  const wanted = headerKey(info.name);
  const named = book.sheets.find((s) => headerKey(s.name) === wanted);
  if (named) return named;
  let best: { sheet: Sheet; score: number } | undefined;
  for (const sheet of book.sheets) {
    if (sheet.hidden) continue;
    const score = Object.keys(readLabels(sheet, matcher)).length;
    if (score > 0 && (!best || score > best.score)) best = { sheet, score };
  }
  return best?.sheet;
}

function readLabels(sheet: Sheet, matcher: HeaderMatcher): Record<string, InfoValue> {
  const values: Record<string, InfoValue> = {};
  const end = Math.min(sheet.rows.length, INFO_SEARCH_ROWS);
  for (let r = 0; r < end; r++) {
    const cells = sheet.rows[r] ?? [];
    for (let c = 0; c < cells.length; c++) {
      const field = matchHeader(matcher, cells[c]);
      if (!field || values[field.key]) continue;
      values[field.key] = valueRightOf(cells, c, r + 1, field.key, matcher);
    }
  }
  return values;
}

/** The value of a label: the next non-empty cell, passing over the field's own key hint and stopping at another label. */
function valueRightOf(
  cells: readonly CellValue[],
  labelColumn: number,
  row: number,
  key: string,
  matcher: HeaderMatcher,
): InfoValue {
  const label = String(cells[labelColumn]).trim();
  for (let c = labelColumn + 1; c < cells.length; c++) {
    const cell = cells[c] ?? null;
    if (isBlank(cell)) continue;
    const other = matchHeader(matcher, cell);
    if (other?.key === key) continue;
    if (other) break;
    return { value: cell, cell: cellAddress(c, row), row, label };
  }
  return { value: null, cell: cellAddress(labelColumn + 1, row), row, label };
}
