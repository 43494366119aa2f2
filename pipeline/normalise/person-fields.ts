import type { Issue } from '../issues/issue.ts';
import { parsePrefix, splitPrefix, type Sex } from '../people/prefix.ts';
import type { ValidRow } from '../validate/validate-rows.ts';
import type { TableContext } from '../validate/table-context.ts';
import { fieldIssue } from '../validate/zod-issues.ts';
import { textValue } from './row-values.ts';

/** Name, prefix and sex of a person after the cross-field rules. */
export interface PersonNames {
  readonly prefix: string | null;
  readonly firstName: string;
  readonly sex: Sex;
}

/**
 * Applies the name rules: a prefix written into the first-name cell (`ด.ช.สมชาย`) is split off
 * when the prefix cell is blank or says the same; a blank or unreadable sex is taken from the
 * prefix (`row/sex-from-prefix`); a prefix and sex that disagree keep the sex column
 * (`row/prefix-sex-conflict`). A missing prefix is a warning (`cell/prefix-missing`); a sex that
 * nothing tells is `row/sex-missing` and the result is null (row rejected). Issues are appended
 * to `issues`.
 */
export function normalisePersonNames(
  row: ValidRow,
  table: TableContext,
  issues: Issue[],
): PersonNames | null {
  const { prefix, firstName } = splitNamePrefix(
    textValue(row.values, 'prefix'),
    textValue(row.values, 'first_name') ?? '',
  );
  const at = (key: string) => row.cells[table.columns[key]?.index ?? -1] ?? null;
  if (prefix === null && table.fields.get('prefix')?.required)
    issues.push(fieldIssue('cell/prefix-missing', table, row.row, 'prefix', at('prefix')));
  const prefixSex = prefix === null ? undefined : parsePrefix(prefix)?.sex;
  const columnSex = textValue(row.values, 'sex') as Sex | null;
  if (columnSex === null) {
    if (!prefixSex) {
      issues.push(fieldIssue('row/sex-missing', table, row.row, 'sex', at('sex')));
      return null;
    }
    issues.push(fieldIssue('row/sex-from-prefix', table, row.row, 'sex', prefix));
    return { prefix, firstName, sex: prefixSex };
  }
  if (prefixSex && prefixSex !== columnSex) {
    issues.push(
      fieldIssue('row/prefix-sex-conflict', table, row.row, 'sex', at('sex'), `คำนำหน้า ${prefix ?? ''}`),
    );
  }
  return { prefix, firstName, sex: columnSex };
}

/** Splits a listed prefix off the first name when the prefix cell is blank or names the same prefix. */
export function splitNamePrefix(
  prefix: string | null,
  firstName: string,
): { prefix: string | null; firstName: string } {
  const split = splitPrefix(firstName);
  if (!split) return { prefix, firstName };
  if (prefix !== null && parsePrefix(prefix)?.canonical !== split.prefix.canonical)
    return { prefix, firstName };
  return { prefix: split.prefix.canonical, firstName: split.rest };
}
