import type { Kysely } from 'kysely';
import { idList, textList, withDuckDB } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import { isFileLevel, makeIssue } from '../issues/issue.ts';
import { stagedFile, type StagedEntry } from '../staging/write-staging.ts';
import type { StagingSummary } from '../staging/summary.ts';
import { partFiles, readStagedGCodes, ROSTER_TABLE, writeBatch, type Planned } from './batch-sql.ts';
import { contextIssues, fetchContextFacts, subjectOf, type ContextFacts } from './check-context.ts';
import { decidedRecordIssues } from './decided-records-check.ts';
import { unregisteredSchoolIssues } from './other-school-check.ts';
import { readSubmissionReports, type SubmissionReport } from './submission-report.ts';

export interface LoadDeps {
  readonly db: Kysely<Warehouse>;
}

/** A staged file to load: where its part is and what its parse said. */
export interface LoadInput extends StagedEntry {
  readonly submissionId: number;
}

/**
 * Loads parsed files into the warehouse, many in one transaction with set-based SQL: their
 * issues, and (unless rejected) their rows in place of each subject's previous submission for
 * the round. A reader sees the old version or the new one, never a mix; a rejected file leaves
 * the old one counted. Finished submissions are skipped, so a retried batch changes nothing.
 * Returns the reports in the order of `inputs`.
 */
export async function loadSubmissions(
  deps: LoadDeps,
  inputs: readonly LoadInput[],
  now: Date,
): Promise<SubmissionReport[]> {
  const { db } = deps;
  const open = await unfinished(db, inputs);
  if (open.length > 0) {
    const facts = await fetchContextFacts(
      db,
      open.map((input) => input.summary),
    );
    const planned = open.map((input) => plan(input, facts, input.asOf, input.uploaderProvince));
    await addGCodeWarnings(db, planned, facts);
    await addUnregisteredSchoolWarnings(db, planned);
    await addDecidedRecordWarnings(db, planned);
    markSupersededInBatch(planned);
    await markSupersededByCurrent(db, planned);
    await db.transaction().execute((trx) => withDuckDB(trx, (c) => writeBatch(c, planned, now)));
  }
  return readSubmissionReports(
    db,
    inputs.map((i) => i.submissionId),
  );
}

/** The inputs whose submission is not finished yet (each once), with the clock of their window check. */
async function unfinished(
  db: Kysely<Warehouse>,
  inputs: readonly LoadInput[],
): Promise<Array<LoadInput & { asOf: Date; uploaderProvince: string | null }>> {
  if (inputs.length === 0) return [];
  const ids = [...new Set(inputs.map((i) => i.submissionId))];
  const rows = await db
    .selectFrom('submissions')
    .select(['submission_id', 'as_of', 'uploader_province'])
    .where('submission_id', 'in', idList(ids))
    .where('finished_at', 'is', null)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.submission_id), r]));
  const seen = new Set<number>();
  return inputs.flatMap((i) => {
    const row = byId.get(i.submissionId);
    if (!row || seen.has(i.submissionId)) return [];
    seen.add(i.submissionId);
    return [{ ...i, asOf: row.as_of, uploaderProvince: row.uploader_province }];
  });
}

function plan(input: LoadInput, facts: ContextFacts, asOf: Date, uploaderProvince: string | null): Planned {
  const summary = input.summary;
  const extra = contextIssues(summary, facts, asOf, uploaderProvince);
  const rejected = summary.status === 'rejected' || extra.some(isFileLevel);
  return {
    submissionId: input.submissionId,
    partDir: input.partDir,
    summary,
    extra,
    rejected,
    supersededBy: null,
  };
}

function subjectKey(s: StagingSummary): string {
  return `${s.roundId}|${s.templateId}|${s.subjectCode}`;
}

/** Two versions of one subject in one batch: the newer counts, the older is superseded by it. */
function markSupersededInBatch(planned: Planned[]): void {
  const newest = new Map<string, Planned>();
  for (const p of planned.filter((x) => !x.rejected)) {
    const key = subjectKey(p.summary);
    const seen = newest.get(key);
    if (!seen || p.submissionId > seen.submissionId) newest.set(key, p);
  }
  for (const p of planned) {
    const winner = p.rejected ? undefined : newest.get(subjectKey(p.summary));
    if (winner && winner !== p) p.supersededBy = winner.submissionId;
  }
}

/**
 * A version that arrives after a newer one was counted (a big file parsed slowly, a retried job)
 * does not push it out: it is superseded by the counted one. Uploads are ordered by submission
 * id, the order in which they were received.
 */
async function markSupersededByCurrent(db: Kysely<Warehouse>, planned: Planned[]): Promise<void> {
  const counted = planned.filter((p) => !p.rejected && p.supersededBy === null);
  if (counted.length === 0) return;
  const current = await db
    .selectFrom('submissions')
    .select(['submission_id', 'round_id', 'template_id', 'subject_code'])
    .where('is_current', '=', true)
    .where('subject_code', 'in', textList(counted.flatMap((p) => p.summary.subjectCode ?? [])))
    .execute();
  for (const p of counted) {
    const { roundId, templateId, subjectCode } = p.summary;
    const newer = current
      .filter(
        (s) =>
          s.round_id !== null &&
          s.round_id === roundId &&
          s.template_id === templateId &&
          s.subject_code === subjectCode &&
          Number(s.submission_id) > p.submissionId,
      )
      .map((s) => Number(s.submission_id));
    if (newer.length > 0) p.supersededBy = Math.max(...newer);
  }
}

/** Warns where a G-code was issued in another province than the institution's (one query per table). */
async function addGCodeWarnings(
  db: Kysely<Warehouse>,
  planned: Planned[],
  facts: ContextFacts,
): Promise<void> {
  const targets = new Map<number, { item: Planned; province: string }>();
  for (const item of planned) {
    const table = item.summary.templateId ? ROSTER_TABLE[item.summary.templateId] : undefined;
    const province = subjectOf(item.summary, facts)?.provinceCode;
    if (item.rejected || !province || (table !== 'pupils' && table !== 'children')) continue;
    if (item.summary.staged.includes(table)) targets.set(item.submissionId, { item, province });
  }
  for (const table of ['pupils', 'children'] as const) {
    const files = partFiles(
      [...targets.values()].map((t) => t.item),
      table,
    );
    if (files.length === 0) continue;
    const rows = await withDuckDB(db, (c) => readStagedGCodes(c, table, files));
    for (const r of rows) {
      const target = targets.get(Number(r.submission_id));
      if (!target || r.filename !== stagedFile(target.item.partDir, table)) continue;
      if (r.national_id.slice(3, 5) === target.province) continue;
      target.item.extra.push(
        makeIssue('cell/g-code-province', {
          sheet: r.sheet,
          cell: r.id_cell,
          row: r.row_number,
          field: 'national_id',
          value: r.national_id,
          detail: `จังหวัด ${r.national_id.slice(3, 5)} ≠ ${target.province}`,
        }),
      );
    }
  }
}

/** Warns where an other-affiliation school is not in the registry (its pupils still count). */
async function addUnregisteredSchoolWarnings(db: Kysely<Warehouse>, planned: Planned[]): Promise<void> {
  const targets = planned.filter((p) => !p.rejected && p.summary.staged.includes('other_school_counts'));
  if (targets.length === 0) return;
  const found = await withDuckDB(db, (connection) =>
    unregisteredSchoolIssues(
      connection,
      targets.map((p) => ({
        submissionId: p.submissionId,
        file: stagedFile(p.partDir, 'other_school_counts'),
      })),
    ),
  );
  for (const p of targets) p.extra.push(...(found.get(p.submissionId) ?? []));
}

/** Warns where a re-uploaded row lists a child already decided out of the counts (201–206). */
async function addDecidedRecordWarnings(db: Kysely<Warehouse>, planned: Planned[]): Promise<void> {
  const files = planned.flatMap((p) => {
    const table = p.summary.templateId ? ROSTER_TABLE[p.summary.templateId] : undefined;
    const { roundId, subjectCode } = p.summary;
    if (p.rejected || !roundId || !subjectCode || (table !== 'pupils' && table !== 'children')) return [];
    if (!p.summary.staged.includes(table)) return [];
    const file = stagedFile(p.partDir, table);
    return [{ submissionId: p.submissionId, roundId, institutionCode: subjectCode, table, file }];
  });
  if (files.length === 0) return;
  const found = await withDuckDB(db, (connection) => decidedRecordIssues(connection, files));
  for (const p of planned) p.extra.push(...(found.get(p.submissionId) ?? []));
}
