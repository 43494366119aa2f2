import type { Issue } from './issue.ts';

/** An issue as a row of the `issues` table (and of the staged issues file), without its submission. */
export interface IssueRow {
  readonly seq: number;
  readonly severity: string;
  readonly code: string;
  readonly sheet: string | null;
  readonly cell: string | null;
  readonly row_number: number | null;
  readonly column_header: string | null;
  readonly field: string | null;
  readonly value: string | null;
  readonly message: string;
}

/** The one mapping from an issue to its stored columns; `seq` orders a submission's issues. */
export function toIssueRow(issue: Issue, seq: number): IssueRow {
  return {
    seq,
    severity: issue.severity,
    code: issue.code,
    sheet: issue.sheet,
    cell: issue.cell,
    row_number: issue.row,
    column_header: issue.column,
    field: issue.field,
    value: issue.value,
    message: issue.message,
  };
}
