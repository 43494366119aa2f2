import type { PersonId } from '../ids/national-id.ts';
import type { IssueCode } from '../issues/codes.ts';

/**
 * A cell's value after its parser: text (names, codes, ISO dates, grade codes, M/F), a number
 * (counts, years, terms), a person ID, or null for a blank optional cell.
 */
export type FieldValue = string | number | PersonId | null;

/** A parsed cell: its value and the warnings its parser raised. */
export interface ParsedCell {
  readonly value: FieldValue;
  readonly warnings: readonly IssueCode[];
}

/** The one blank cell every empty optional cell shares: no allocation per empty cell. */
export const BLANK_CELL: ParsedCell = Object.freeze({ value: null, warnings: Object.freeze([]) });

/** The parsed values of one row, by field key. */
export type RowValues = Readonly<Record<string, FieldValue>>;
