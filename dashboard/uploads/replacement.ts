import { diffRosters, type RosterDiff } from '../../pipeline/ingest/roster-diff.ts';
import { countedSubmission, rosterOf, type CountedSubmission } from '../../pipeline/db/roster-repository.ts';
import type { IngestOptions, UploadFile } from '../../workers/contract.ts';
import type { AppContext } from '../context.ts';

/** The preview reads at most this many rows; the loader's own limit still applies when it loads. */
const PREVIEW_MAX_ROWS = 100_000;

/** What a file would replace: the counted submission of its institution and round, and the changes. */
export interface Replacement {
  readonly subjectCode: string;
  readonly roundId: string;
  readonly replaces: CountedSubmission;
  readonly diff: RosterDiff;
}

/**
 * Has the file read as the parse worker will (in a child process of its own: this process owns
 * the warehouse) and, when it would be counted for an institution that already has a counted file
 * in that round, says what changes. A file that would be rejected, or that the child could not
 * read, replaces nothing: undefined.
 */
export async function findReplacement(
  ctx: AppContext,
  source: UploadFile | { readonly stored: string },
  fileName: string,
  options: IngestOptions,
): Promise<Replacement | undefined> {
  const preview = await ctx.intake.previewRoster(source, fileName, options, PREVIEW_MAX_ROWS);
  if (!preview || preview.rejected || !preview.subjectCode || !preview.roundId) return undefined;
  const { subjectCode, roundId } = preview;
  const replaces = await countedSubmission(ctx.db, subjectCode, roundId);
  if (!replaces) return undefined;
  const diff = diffRosters(await rosterOf(ctx.db, replaces.submissionId), preview.people);
  return { subjectCode, roundId, replaces, diff };
}
