import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/database.ts';
import { createValuesTable } from '../db/values-table.ts';
import { DEDUP_OUTCOMES, type DedupOutcome } from '../dedup/dedup-types.ts';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { readStagedSql } from '../staging/write-staging.ts';
import { bangkokDay } from './check-context.ts';

/** A file's staged pupils or children, with the round and institution they will be counted for. */
export interface PersonFile {
  readonly submissionId: number;
  readonly roundId: string;
  readonly institutionCode: string;
  readonly table: 'pupils' | 'children';
  /** The staged file of its part (parts may hold other files' rows too). */
  readonly file: string;
}

/**
 * `row/excluded-by-decision` on every staged row whose child already carries a current decision
 * 201–206 for this round and institution (a mark, or an answer in a duplicate cluster): the
 * decision outlives re-uploads, so the row is loaded but not counted, and the warning names the
 * decision (its id, outcome, who and when). One query per table for the batch.
 */
export async function decidedRecordIssues(
  connection: DuckDBConnection,
  files: readonly PersonFile[],
): Promise<Map<number, Issue[]>> {
  const found = new Map<number, Issue[]>();
  for (const table of ['pupils', 'children'] as const) {
    const mine = files.filter((f) => f.table === table);
    if (mine.length === 0) continue;
    await createValuesTable(
      connection,
      'batch_person_files',
      [
        ['submission_id', 'BIGINT'],
        ['filename', 'VARCHAR'],
        ['round_id', 'VARCHAR'],
        ['institution_code', 'VARCHAR'],
      ],
      mine.map((f) => [f.submissionId, f.file, f.roundId, f.institutionCode]),
    );
    const rows = await queryRows<{
      submission_id: bigint;
      sheet: string;
      row_number: number;
      id_cell: string | null;
      national_id: string;
      outcome: number;
      decision_kind: 'cluster' | 'record';
      decision_id: bigint;
      decided_by: string;
      decided_at: Date;
    }>(
      connection,
      `SELECT p.submission_id, p.sheet, p.row_number, p.id_cell, p.national_id,
              d.outcome, d.decision_kind, d.decision_id, d.decided_by, d.decided_at
       FROM ${readStagedSql(table, [...new Set(mine.map((f) => f.file))])} p
       JOIN batch_person_files b ON b.submission_id = p.submission_id AND b.filename = p.filename
       JOIN dedup_current_decisions d
         ON d.round_id = b.round_id AND d.institution_code = b.institution_code AND d.national_id = p.national_id
       WHERE d.outcome BETWEEN 201 AND 206
       ORDER BY p.submission_id, p.row_number`,
    );
    await connection.run('DROP TABLE batch_person_files');
    for (const r of rows) {
      const id = Number(r.submission_id);
      const issue = makeIssue('row/excluded-by-decision', {
        sheet: r.sheet,
        cell: r.id_cell,
        row: r.row_number,
        field: 'national_id',
        value: r.national_id,
        detail: describeDecision(r),
      });
      found.set(id, [...(found.get(id) ?? []), issue]);
    }
  }
  return found;
}

/** e.g. `คำตัดสินที่ 3 (ระบุรายคน) 201 ไม่พบตัว โดย province-42 เมื่อ 12/11/2562`. */
function describeDecision(d: {
  outcome: number;
  decision_kind: 'cluster' | 'record';
  decision_id: bigint;
  decided_by: string;
  decided_at: Date;
}): string {
  const kind = d.decision_kind === 'record' ? 'ระบุรายคน' : 'ข้อมูลซ้ำซ้อน';
  const outcome = DEDUP_OUTCOMES[d.outcome as DedupOutcome];
  return `คำตัดสินที่ ${d.decision_id} (${kind}) ${d.outcome} ${outcome} โดย ${d.decided_by} เมื่อ ${bangkokDay(d.decided_at)}`;
}
