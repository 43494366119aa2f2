import { parseWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
import { diffRosters, type RosterDiff, type RosterPerson } from '../../pipeline/ingest/roster-diff.ts';
import { countedSubmission, rosterOf, type CountedSubmission } from '../../pipeline/db/roster-repository.ts';
import type { PersonRow } from '../../pipeline/normalise/submission-rows.ts';
import type { IngestOptions } from '../../workers/contract.ts';
import type { AppContext } from '../context.ts';

/** The preview reads at most this many rows; the loader's own limit still applies when it loads. */
const PREVIEW_MAX_ROWS = 100_000;
/** The preview's time bound when none is configured: the parse worker's default. */
const PREVIEW_TIMEOUT_MS = 120_000;

/** What a file would replace: the counted submission of its institution and round, and the changes. */
export interface Replacement {
  readonly subjectCode: string;
  readonly roundId: string;
  readonly replaces: CountedSubmission;
  readonly diff: RosterDiff;
}

function person(row: PersonRow, level: string): RosterPerson {
  return {
    nationalId: row.national_id,
    prefix: row.prefix,
    firstName: row.first_name,
    lastName: row.last_name,
    sex: row.sex,
    birthDate: row.birth_date,
    level,
  };
}

/**
 * Reads the file as the parse worker will and, when it would be counted for an institution that
 * already has a counted file in that round, says what changes. A file that would be rejected
 * replaces nothing: undefined.
 */
export async function findReplacement(
  ctx: AppContext,
  bytes: Uint8Array,
  fileName: string,
  options: IngestOptions,
): Promise<Replacement | undefined> {
  const limits = {
    maxBytes: ctx.maxUploadBytes,
    maxRows: PREVIEW_MAX_ROWS,
    zip: ctx.zipLimits,
    ...(ctx.cellLimits ? { cells: ctx.cellLimits } : {}),
  };
  const parsed = parseWithinTime(
    bytes,
    fileName,
    { reference: ctx.reference, limits, options },
    ctx.parseTimeoutMs ?? PREVIEW_TIMEOUT_MS,
  );
  const { subjectCode, roundId } = parsed.meta;
  if (parsed.status === 'rejected' || !subjectCode || !roundId) return undefined;
  const replaces = await countedSubmission(ctx.db, subjectCode, roundId);
  if (!replaces) return undefined;
  const incoming = [
    ...parsed.rows.pupils.map((p) => person(p, p.grade)),
    ...parsed.rows.children.map((c) => person(c, String(c.age_group))),
  ];
  const diff = diffRosters(await rosterOf(ctx.db, replaces.submissionId), incoming);
  return { subjectCode, roundId, replaces, diff };
}
