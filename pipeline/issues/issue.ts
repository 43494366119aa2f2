import { columnLetters } from '../../templates/columns.ts';
import { ISSUE_CODES, type IssueCode } from './codes.ts';

export type Severity = 'error' | 'warning';

/** A data problem as plain data, located as the clerk sees it in Excel. */
export interface Issue {
  readonly severity: Severity;
  readonly code: IssueCode;
  readonly sheet: string | null;
  /** Excel address such as `C14`; null for file- or row-level problems without a cell. */
  readonly cell: string | null;
  /** 1-based sheet row as Excel numbers it. */
  readonly row: number | null;
  /** The column header as it stands in the file. */
  readonly column: string | null;
  /** The template field key (`national_id`). */
  readonly field: string | null;
  readonly value: string | null;
  readonly message: string;
}

export interface IssueLocation {
  sheet?: string | null;
  cell?: string | null;
  row?: number | null;
  column?: string | null;
  field?: string | null;
  value?: unknown;
  /** Appended to the catalogue message, e.g. the missing column's header. */
  detail?: string;
}

/** Builds an issue from the catalogue, so severity and message never disagree with the code. */
export function makeIssue(code: IssueCode, at: IssueLocation = {}): Issue {
  const info = ISSUE_CODES[code];
  return {
    severity: info.level === 'warning' ? 'warning' : 'error',
    code,
    sheet: at.sheet ?? null,
    cell: at.cell ?? null,
    row: at.row ?? null,
    column: at.column ?? null,
    field: at.field ?? null,
    value: at.value === undefined || at.value === null ? null : displayValue(at.value),
    message: at.detail ? `${info.th}: ${at.detail}` : info.th,
  };
}

function displayValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** True when the issue rejects the whole file. */
export function isFileLevel(issue: Issue): boolean {
  return ISSUE_CODES[issue.code].level === 'file';
}

/** True when the issue rejects its row. */
export function isRowLevel(issue: Issue): boolean {
  return ISSUE_CODES[issue.code].level === 'row';
}

/** Zero-based column index and 1-based row to an Excel address (`0, 14` → `A14`). */
export function cellAddress(columnIndex: number, row: number): string {
  return `${columnLetters(columnIndex)}${row}`;
}
