import type { CellValue } from '../cell-value.ts';
import { cellAddress } from '../issues/issue.ts';
import type { InfoSheet } from '../read/read-info-sheet.ts';
import type { LocatedTable } from '../read/located-table.ts';

/** A metadata value and where it stands, for issues that point at it. */
export interface MetaCell {
  readonly value: CellValue;
  readonly sheet: string | null;
  readonly cell: string | null;
  readonly row: number | null;
  readonly column: string | null;
}

/** Metadata values by info field key (`institution_code`, `academic_year`, `term`, `teachers` …). */
export type MetaSource = Readonly<Record<string, MetaCell>>;

/** The labelled values of an info sheet. */
export function metaFromInfoSheet(info: InfoSheet): MetaSource {
  const out: Record<string, MetaCell> = {};
  for (const [key, v] of Object.entries(info.values)) {
    out[key] = { value: v.value, sheet: info.sheet, cell: v.cell, row: v.row, column: v.label };
  }
  return out;
}

/** Metadata given as columns of the table (CSV): the values of its first data row. */
export function metaFromFirstRow(table: LocatedTable, keys: readonly string[]): MetaSource {
  const first = table.rows[0];
  const out: Record<string, MetaCell> = {};
  if (!first) return out;
  for (const key of keys) {
    const column = table.columns[key];
    if (!column) continue;
    out[key] = {
      value: first.cells[column.index] ?? null,
      sheet: table.sheet,
      cell: cellAddress(column.index, first.row),
      row: first.row,
      column: column.header,
    };
  }
  return out;
}
