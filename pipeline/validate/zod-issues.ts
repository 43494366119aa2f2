import type { z } from 'zod';
import type { CellValue } from '../cell-value.ts';
import { SisError } from '../errors.ts';
import { ISSUE_CODES, type IssueCode } from '../issues/codes.ts';
import { cellAddress, makeIssue, type Issue } from '../issues/issue.ts';
import type { TableContext } from './table-context.ts';

/**
 * The one place where problems found in a row become {@link Issue}s located as the clerk sees
 * them: sheet, cell (`C14`), row, the column's header as written in the file (the template's Thai
 * header when the column is absent), field key and the offending value.
 */
export function fieldIssue(
  code: IssueCode,
  table: TableContext,
  row: number,
  key: string,
  value: CellValue | undefined,
  detail?: string,
): Issue {
  const column = table.columns[key];
  return makeIssue(code, {
    sheet: table.sheet,
    cell: column ? cellAddress(column.index, row) : null,
    row,
    column: column?.header ?? table.fields.get(key)?.th ?? null,
    field: key,
    value,
    ...(detail === undefined ? {} : { detail }),
  });
}

/**
 * Translates the zod issues of one row into ours. Our cell schemas raise only custom issues that
 * carry the catalogue code in `params.code`; anything else is a bug in a schema, not in the file.
 */
export function zodIssuesToIssues(
  issues: readonly z.core.$ZodIssue[],
  table: TableContext,
  row: number,
  input: Readonly<Record<string, CellValue>>,
): Issue[] {
  return issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return fieldIssue(catalogueCode(issue), table, row, key, input[key]);
  });
}

function catalogueCode(issue: z.core.$ZodIssue): IssueCode {
  const code: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
  if (typeof code === 'string' && code in ISSUE_CODES) return code as IssueCode;
  throw new SisError(
    'internal/bug',
    `row schema raised a zod issue without a catalogue code: ${issue.code} ${issue.message}`,
  );
}
