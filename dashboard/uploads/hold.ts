import type { Request } from 'express';
import { submissionProvince } from '../../pipeline/auth/account-repository.ts';
import { canSeeProvince } from '../../pipeline/auth/roles.ts';
import type { RosterDiff } from '../../pipeline/ingest/roster-diff.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { holdPending } from './pending-store.ts';
import { findReplacement } from './replacement.ts';
import type { StreamedUpload } from './send-upload.ts';

/** The answer when an upload is held: what it would replace and what changes, and where to confirm. */
export interface HeldAnswer {
  readonly status: 'pending-confirmation';
  readonly pendingId: string;
  readonly subjectCode: string;
  readonly roundId: string;
  readonly replaces: { submissionId: number; fileName: string; uploadedAt: string };
  readonly diff: RosterDiff;
  readonly confirm: string;
  readonly cancel: string;
}

/**
 * Holds the upload when it would change the pupils or children counted for an institution in the
 * round (some added, removed or changed; other-affiliation counts are not compared): its bytes
 * are stored, nothing is sent to the loader until the clerk confirms. Undefined: send it now.
 */
export async function holdIfReplacing(
  ctx: AppContext,
  req: Request,
  upload: StreamedUpload,
): Promise<HeldAnswer | undefined> {
  const replacement = await findReplacement(ctx, upload.content.file, upload.fileName, upload.options);
  if (!replacement) return undefined;
  // The same pupils as counted (often the very same file again): nothing to confirm.
  const { added, removed, changed } = replacement.diff;
  if (added.length + removed.length + changed.length === 0) return undefined;
  const principal = principalOf(req);
  // Another province's roster is never shown: such a file goes on, and the loader refuses it.
  const province = await submissionProvince(ctx.db, replacement.replaces.submissionId);
  if (!canSeeProvince(principal, province ?? null)) return undefined;
  const sha256 = await ctx.intake.holdUpload(upload.content.file);
  const pendingId = await holdPending(
    ctx,
    {
      sha256,
      fileName: upload.fileName,
      options: upload.options,
      uploadedBy: principal.username,
      ...(principal.provinceCode ? { uploaderProvince: principal.provinceCode } : {}),
    },
    replacement,
  );
  return {
    status: 'pending-confirmation',
    pendingId,
    subjectCode: replacement.subjectCode,
    roundId: replacement.roundId,
    replaces: {
      submissionId: replacement.replaces.submissionId,
      fileName: replacement.replaces.fileName,
      uploadedAt: replacement.replaces.uploadedAt.toISOString(),
    },
    diff: replacement.diff,
    confirm: `/api/uploads/pending/${pendingId}/confirm`,
    cancel: `/api/uploads/pending/${pendingId}/cancel`,
  };
}
