import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/database.ts';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { readStagedSql } from '../staging/write-staging.ts';

/** A file's staged other-school counts: which part file holds them. */
export interface OtherSchoolFile {
  readonly submissionId: number;
  /** The staged `other_school_counts` file of its part (parts may hold other files' rows too). */
  readonly file: string;
}

/**
 * `cell/other-school-unknown` at the school code cell of every staged other-school row whose code
 * the registry (`other_schools`) does not list: one warning per row, one query for the batch.
 */
export async function unregisteredSchoolIssues(
  connection: DuckDBConnection,
  files: readonly OtherSchoolFile[],
): Promise<Map<number, Issue[]>> {
  const byId = new Map(files.map((f) => [f.submissionId, f.file]));
  const parts = [...new Set(files.map((f) => f.file))];
  const found = new Map<number, Issue[]>();
  if (parts.length === 0) return found;
  const rows = await queryRows<{
    submission_id: bigint;
    filename: string;
    sheet: string;
    row_number: number;
    school_cell: string | null;
    school_code: string;
  }>(
    connection,
    `SELECT DISTINCT p.submission_id, p.filename, p.sheet, p.row_number, p.school_cell, p.school_code
     FROM ${readStagedSql('other_school_counts', parts)} p
     ANTI JOIN other_schools o ON o.school_code = p.school_code
     ORDER BY p.submission_id, p.row_number`,
  );
  for (const r of rows) {
    const id = Number(r.submission_id);
    if (byId.get(id) !== r.filename) continue;
    const issue = makeIssue('cell/other-school-unknown', {
      sheet: r.sheet,
      cell: r.school_cell,
      row: r.row_number,
      field: 'school_code',
      value: r.school_code,
    });
    found.set(id, [...(found.get(id) ?? []), issue]);
  }
  return found;
}
