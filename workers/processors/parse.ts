import type { Config } from '../../pipeline/config.ts';
import { readLimits, runtimePaths } from '../../pipeline/config.ts';
import type { ParsedSubmission } from '../../pipeline/ingest/parse-submission.ts';
import { parseEachWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
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
 * Parses a group of stored files and stages them for the loader. A first attempt parses the whole
 * group in turn (one watchdog for as many files as fit in its time) and stages it as one part, at
 * the end. A retry parses and stages each file as its own part, skipping files already staged, and
 * takes the first unstaged file (the one the last attempt was on when it died) last: a file that
 * kills its parser takes only itself down, and the loader closes it as processing-failed. A file
 * whose read or parse fails for good (a permanent error) is left unstaged, with the same outcome;
 * other errors fail the job for a retry.
 */
export async function parseStoredFiles(
  deps: ParseJobDeps,
  payload: ParsePayload,
  earlierAttempts: number,
): Promise<ParseResult> {
  const groupDir = groupStagingDir(runtimePaths(deps.config).staging, payload.group);
  const staged = await readStagedGroup(groupDir);
  const todo = payload.files.filter((f) => !staged.has(f.submissionId));
  if (earlierAttempts === 0) {
    const parsed = await parseStoredGroup(deps, todo);
    if (parsed.length > 0)
      writeStagingPart(
        groupDir,
        'group',
        parsed.map((p) => p.staged),
      );
    return { files: parsed.map((p) => p.result) };
  }
  if (todo.length > 1) todo.push(todo.shift()!);
  const results: ParsedFile[] = [];
  for (const file of todo) {
    const [parsed] = await parseStoredGroup(deps, [file]);
    if (!parsed) continue;
    results.push(parsed.result);
    writeStagingPart(groupDir, `file-${file.submissionId}`, [parsed.staged]);
  }
  return { files: results };
}

interface ParsedStoredFile {
  readonly result: ParsedFile;
  readonly staged: StagedFile;
}

/**
 * Reads stored files, validates and normalises them into their staged form, in order. A broken
 * file is a result (a rejected summary with its issues), never an exception; so is a parse that
 * runs past SIS_PARSE_TIMEOUT_MS, which is stopped. A file whose bytes are gone for good, or whose
 * parse threw a permanent error, is left out.
 */
async function parseStoredGroup(
  deps: ParseJobDeps,
  files: readonly ParseFile[],
): Promise<ParsedStoredFile[]> {
  const uploads = runtimePaths(deps.config).uploads;
  const read = (await Promise.all(files.map((file) => readOrSkip(uploads, file)))).filter((r) => r !== null);
  // Progress is worth a round trip to Redis only where a bar would move: big files.
  const big = read.filter((r) => r.bytes.byteLength >= PROGRESS_MIN_BYTES).map((r) => r.file.submissionId);
  for (const submissionId of big) await deps.progress({ stage: 'read', submissionId });
  const ctx = { reference: deps.reference, limits: readLimits(deps.config) };
  const toParse = read.map((r) => ({ bytes: r.bytes, fileName: r.file.fileName, options: r.file.options }));
  const outcomes = parseEachWithinTime(toParse, ctx, deps.config.parseTimeoutMs);
  const parsed: ParsedStoredFile[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if ('parsed' in outcome) parsed.push(toParsedStoredFile(read[i]!.file.submissionId, outcome.parsed));
    else if (!isPermanentError(outcome.thrown)) throw outcome.thrown;
  }
  for (const submissionId of big) {
    const rows = parsed.find((p) => p.result.submissionId === submissionId)?.result.rows;
    await deps.progress({ stage: 'stage', submissionId, rows });
  }
  return parsed;
}

async function readOrSkip(
  uploads: string,
  file: ParseFile,
): Promise<{ file: ParseFile; bytes: Uint8Array } | null> {
  try {
    return { file, bytes: await getBlob(uploads, file.sha256) };
  } catch (error) {
    if (isPermanentError(error)) return null;
    throw error;
  }
}

function toParsedStoredFile(submissionId: number, parsed: ParsedSubmission): ParsedStoredFile {
  const staged: StagedFile = {
    summary: toSummary(submissionId, parsed),
    tables: {
      pupils: parsed.rows.pupils as unknown as StagedRow[],
      children: parsed.rows.children as unknown as StagedRow[],
      other_school_counts: parsed.rows.otherCounts as unknown as StagedRow[],
      issues: parsed.issues.map(toStagedIssue),
    },
  };
  return { result: { submissionId, status: parsed.status, rows: parsed.rowsTotal }, staged };
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
