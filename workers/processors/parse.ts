import type { Config } from '../../pipeline/config.ts';
import { runtimePaths } from '../../pipeline/config.ts';
import { parseSubmission, type ParsedSubmission } from '../../pipeline/ingest/parse-submission.ts';
import type { Issue } from '../../pipeline/issues/issue.ts';
import { toIssueRow } from '../../pipeline/issues/issue-row.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { getBlob } from '../../pipeline/storage/blob-store.ts';
import type { StagingSummary } from '../../pipeline/staging/summary.ts';
import { stagingDir, writeStaging, type StagedRow } from '../../pipeline/staging/write-staging.ts';
import { hasStaging } from '../../pipeline/load/load-submission.ts';
import { isPermanentError } from '../../pipeline/errors.ts';
import type { ParseFile, ParsePayload, ParseResult } from '../contract.ts';

/** Files from this size on (about 5,000 rows) report their stages while they are parsed. */
const PROGRESS_MIN_BYTES = 512 * 1024;

export interface ParseJobDeps {
  readonly config: Config;
  readonly reference: Reference;
  readonly progress: (progress: { stage: string; submissionId: number; rows?: number }) => Promise<void>;
}

type ParsedFile = ParseResult['files'][number];

/**
 * Parses a group of stored files in turn. Files a previous attempt already staged are skipped.
 * On a retry the first unstaged file (the one the last attempt was on when it died) goes last,
 * so a file that kills its parser takes only itself down: its group-mates are staged first,
 * and the loader closes it as processing-failed. A file whose parse fails for good (a
 * permanent error) is left unstaged, with the same outcome; other errors fail the job for a retry.
 */
export async function parseStoredFiles(
  deps: ParseJobDeps,
  payload: ParsePayload,
  attemptsMade: number,
): Promise<ParseResult> {
  const paths = runtimePaths(deps.config);
  const staged = await Promise.all(
    payload.files.map((f) => hasStaging(stagingDir(paths.staging, f.submissionId))),
  );
  const todo = payload.files.filter((_, i) => !staged[i]);
  if (attemptsMade > 0 && todo.length > 1) todo.push(todo.shift()!);
  const files: ParsedFile[] = [];
  for (const file of todo) {
    try {
      files.push(await parseStoredFile(deps, file));
    } catch (error) {
      if (!isPermanentError(error)) throw error;
    }
  }
  return { files };
}

/**
 * Reads one stored file, validates and normalises it, and stages the result for the loader.
 * A broken file is a result (a rejected summary with its issues), never an exception.
 */
export async function parseStoredFile(deps: ParseJobDeps, payload: ParseFile): Promise<ParsedFile> {
  const paths = runtimePaths(deps.config);
  const bytes = await getBlob(paths.uploads, payload.sha256);
  // Progress is worth a round trip to Redis only where a bar would move: big files.
  const big = bytes.byteLength >= PROGRESS_MIN_BYTES;
  if (big) await deps.progress({ stage: 'read', submissionId: payload.submissionId });
  const parsed = parseSubmission(bytes, payload.fileName, {
    reference: deps.reference,
    limits: { maxBytes: deps.config.maxUploadBytes, maxRows: deps.config.maxRows },
    options: payload.options,
  });
  if (big)
    await deps.progress({ stage: 'stage', submissionId: payload.submissionId, rows: parsed.rowsTotal });
  await writeStaging(stagingDir(paths.staging, payload.submissionId), {
    summary: toSummary(parsed),
    tables: {
      pupils: parsed.rows.pupils as unknown as StagedRow[],
      children: parsed.rows.children as unknown as StagedRow[],
      other_school_counts: parsed.rows.otherCounts as unknown as StagedRow[],
      issues: parsed.issues.map(toStagedIssue),
    },
  });
  return { submissionId: payload.submissionId, status: parsed.status, rows: parsed.rowsTotal };
}

function toSummary(parsed: ParsedSubmission): Omit<StagingSummary, 'staged'> {
  return {
    templateId: parsed.template?.id ?? null,
    templateVersion: parsed.template?.version ?? null,
    subjectCode: parsed.meta?.subjectCode ?? null,
    roundId: parsed.meta?.roundId ?? null,
    facts: {
      teachers: parsed.meta?.facts.teachers ?? null,
      classrooms: parsed.meta?.facts.classrooms ?? null,
      caregivers: parsed.meta?.facts.caregivers ?? null,
    },
    status: parsed.status,
    rows: { total: parsed.rowsTotal, accepted: parsed.rowsAccepted, rejected: parsed.rowsRejected },
    issueCount: parsed.issues.length,
    errors: parsed.issues.filter((i) => i.severity === 'error').length,
    warnings: parsed.issues.filter((i) => i.severity === 'warning').length,
  };
}

function toStagedIssue(issue: Issue, index: number): StagedRow {
  return { ...toIssueRow(issue, index + 1) };
}
