import type { Kysely, Selectable } from 'kysely';
import { idList } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import type { Issue, Severity } from '../issues/issue.ts';
import type { IssueCode } from '../issues/codes.ts';

export type ReportStatus = 'accepted' | 'partial' | 'rejected' | 'unchanged' | 'queued';

/** The outcome of one file: the JSON object `sis ingest --json` prints, and what the dashboard shows. */
export interface SubmissionReport {
  readonly file: string;
  readonly sha256: string;
  readonly submissionId: number;
  readonly template: string | null;
  readonly institutionCode: string | null;
  readonly round: string | null;
  readonly status: ReportStatus;
  readonly rows: { readonly total: number; readonly accepted: number; readonly rejected: number };
  readonly issues: readonly Issue[];
}

type SubmissionRecord = Selectable<Warehouse['submissions']>;
type IssueRecord = Selectable<Warehouse['issues']>;

/** Builds a submission's report from the warehouse, in two queries. */
export async function readSubmissionReport(
  db: Kysely<Warehouse>,
  submissionId: number,
): Promise<SubmissionReport> {
  const [report] = await readSubmissionReports(db, [submissionId]);
  if (!report) throw new Error(`submission ${submissionId} does not exist`);
  return report;
}

/**
 * Reports of many submissions in two queries (a batch's hundreds of ids bound as one list), in
 * the order of `ids` (unknown ids are skipped).
 */
export async function readSubmissionReports(
  db: Kysely<Warehouse>,
  ids: readonly number[],
): Promise<SubmissionReport[]> {
  if (ids.length === 0) return [];
  const subs = await db
    .selectFrom('submissions')
    .selectAll()
    .where('submission_id', 'in', idList(ids))
    .execute();
  const issues = await db
    .selectFrom('issues')
    .selectAll()
    .where('submission_id', 'in', idList(ids))
    .orderBy('submission_id')
    .orderBy('seq')
    .execute();
  return toReports(ids, subs, issues);
}

function toReports(
  ids: readonly number[],
  subs: readonly SubmissionRecord[],
  issues: readonly IssueRecord[],
): SubmissionReport[] {
  const issuesBy = new Map<number, Issue[]>();
  for (const i of issues) {
    const list = issuesBy.get(Number(i.submission_id)) ?? [];
    list.push({
      severity: i.severity as Severity,
      code: i.code as IssueCode,
      sheet: i.sheet,
      cell: i.cell,
      row: i.row_number,
      column: i.column_header,
      field: i.field,
      value: i.value,
      message: i.message,
    });
    issuesBy.set(Number(i.submission_id), list);
  }
  const byId = new Map(subs.map((s) => [Number(s.submission_id), s]));
  return ids.flatMap((id) => {
    const sub = byId.get(id);
    if (!sub) return [];
    return [
      {
        file: sub.file_name,
        sha256: sub.sha256,
        submissionId: id,
        template: sub.template_id,
        institutionCode: sub.subject_code,
        round: sub.round_id,
        status: sub.status as ReportStatus,
        rows: { total: sub.rows_total, accepted: sub.rows_accepted, rejected: sub.rows_rejected },
        issues: issuesBy.get(id) ?? [],
      },
    ];
  });
}

/** Issues counted per code, most frequent first: the summary line of a report. */
export function countIssuesByCode(issues: readonly Issue[]): Array<{ code: string; count: number }> {
  const counts = new Map<string, number>();
  for (const issue of issues) counts.set(issue.code, (counts.get(issue.code) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
