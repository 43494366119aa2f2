import type { Config } from '../../pipeline/config.ts';
import { readLimits, runtimePaths } from '../../pipeline/config.ts';
import type { ParsedSubmission } from '../../pipeline/ingest/parse-submission.ts';
import { parseWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
import type { Issue } from '../../pipeline/issues/issue.ts';
import { toIssueRow } from '../../pipeline/issues/issue-row.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { getBlob } from '../../pipeline/storage/blob-store.ts';
import type { StagingSummary } from '../../pipeline/staging/summary.ts';
import {
  groupStagingDir,
  readStagedGroup,
  writeStagingPart,
  type StagedFile,
  type StagedRow,
} from '../../pipeline/staging/write-staging.ts';
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
 * Parses a group of stored files and stages them for the loader. A first attempt stages the
 * whole group as one part, at the end. A retry stages each file as its own part as soon as it
 * is parsed, skipping files already staged, and takes the first unstaged file (the one the last
 * attempt was on when it died) last: a file that kills its parser takes only itself down, and the
 * loader closes it as processing-failed. A file whose parse fails for good (a permanent error)
 * is left unstaged, with the same outcome; other errors fail the job for a retry.
 */
export async function parseStoredFiles(
  deps: ParseJobDeps,
  payload: ParsePayload,
  earlierAttempts: number,
): Promise<ParseResult> {
  const groupDir = groupStagingDir(runtimePaths(deps.config).staging, payload.group);
  const staged = await readStagedGroup(groupDir);
  const todo = payload.files.filter((f) => !staged.has(f.submissionId));
  const retry = earlierAttempts > 0;
  if (retry && todo.length > 1) todo.push(todo.shift()!);
  const done: StagedFile[] = [];
  const results: ParsedFile[] = [];
  for (const file of todo) {
    const parsed = await parseOrSkip(deps, file);
    if (!parsed) continue;
    results.push(parsed.result);
    if (retry) writeStagingPart(groupDir, `file-${file.submissionId}`, [parsed.staged]);
    else done.push(parsed.staged);
  }
  if (done.length > 0) writeStagingPart(groupDir, 'group', done);
  return { files: results };
}

async function parseOrSkip(deps: ParseJobDeps, file: ParseFile) {
  try {
    return await parseStoredFile(deps, file);
  } catch (error) {
    if (isPermanentError(error)) return null;
    throw error;
  }
}

/**
 * Reads one stored file, validates and normalises it into its staged form. A broken file is a
 * result (a rejected summary with its issues), never an exception; so is a parse that runs past
 * SIS_PARSE_TIMEOUT_MS, which is stopped.
 */
export async function parseStoredFile(
  deps: ParseJobDeps,
  payload: ParseFile,
): Promise<{ result: ParsedFile; staged: StagedFile }> {
  const paths = runtimePaths(deps.config);
  const bytes = await getBlob(paths.uploads, payload.sha256);
  // Progress is worth a round trip to Redis only where a bar would move: big files.
  const big = bytes.byteLength >= PROGRESS_MIN_BYTES;
  if (big) await deps.progress({ stage: 'read', submissionId: payload.submissionId });
  const parsed = parseWithinTime(
    bytes,
    payload.fileName,
    { reference: deps.reference, limits: readLimits(deps.config), options: payload.options },
    deps.config.parseTimeoutMs,
  );
  if (big)
    await deps.progress({ stage: 'stage', submissionId: payload.submissionId, rows: parsed.rowsTotal });
  const staged: StagedFile = {
    summary: toSummary(payload.submissionId, parsed),
    tables: {
      pupils: parsed.rows.pupils as unknown as StagedRow[],
      children: parsed.rows.children as unknown as StagedRow[],
      other_school_counts: parsed.rows.otherCounts as unknown as StagedRow[],
      issues: parsed.issues.map(toStagedIssue),
    },
  };
  return {
    result: { submissionId: payload.submissionId, status: parsed.status, rows: parsed.rowsTotal },
    staged,
  };
}

function toSummary(submissionId: number, parsed: ParsedSubmission): Omit<StagingSummary, 'staged'> {
  return {
    submissionId,
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
