/**
 * The vocabulary of template columns. A field's `kind` picks its parser and its dropdown;
 * `key` is the English header a file may use instead of the Thai one.
 */
export type FieldKind =
  | 'person-id'
  | 'prefix'
  | 'name'
  | 'sex'
  | 'date'
  | 'grade'
  | 'text'
  | 'code'
  | 'disability'
  | 'disadvantage'
  | 'count'
  | 'year'
  | 'term'
  | 'lao-type'
  | 'institution-kind'
  | 'status';

export interface FieldDef {
  readonly key: string;
  /** The Thai header (or info-sheet label) printed in the blank template. */
  readonly th: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Other headers clerks use for the same column. */
  readonly aliases?: readonly string[];
  /** Column width in the blank workbook, in characters. */
  readonly width?: number;
  /** A Thai note shown as the header cell's comment. */
  readonly note?: string;
}

/** A sheet of label/value rows (label in column A, value in column B). */
export interface InfoSheetDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
}

/** A sheet with one header row and one record per row below it. */
export interface TableDef {
  readonly sheet: string;
  readonly columns: readonly FieldDef[];
}

export function field(
  key: string,
  th: string,
  kind: FieldKind,
  required: boolean,
  extra: Partial<Pick<FieldDef, 'aliases' | 'width' | 'note'>> = {},
): FieldDef {
  return { key, th, kind, required, ...extra };
}
