import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Replacement } from './replacement.ts';

/** A held upload lives this long; after that the clerk sends the file again. */
const PENDING_SECONDS = 3600;

const pendingSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  fileName: z.string().max(255),
  options: z.object({ roundId: z.string().optional(), subjectCode: z.string().optional() }),
  uploadedBy: z.string(),
  uploaderProvince: z.string().optional(),
  subjectCode: z.string(),
  roundId: z.string(),
  replaces: z.object({ submissionId: z.number(), fileName: z.string(), uploadedAt: z.string() }),
  counts: z.object({ added: z.number(), removed: z.number(), changed: z.number() }),
});

/**
 * An upload held until the clerk confirms it replaces counted data. Only the hash of its bytes
 * (stored like every upload) and who sent it are kept, in Redis, for an hour.
 */
export type PendingUpload = z.infer<typeof pendingSchema>;

export const pendingIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/u);

const keyOf = (ctx: AppContext, id: string) => `${ctx.auth.keyPrefix}:pending:${id}`;

export async function holdPending(
  ctx: AppContext,
  upload: Omit<PendingUpload, 'subjectCode' | 'roundId' | 'replaces' | 'counts'>,
  replacement: Replacement,
): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  const pending: PendingUpload = {
    ...upload,
    subjectCode: replacement.subjectCode,
    roundId: replacement.roundId,
    replaces: {
      submissionId: replacement.replaces.submissionId,
      fileName: replacement.replaces.fileName,
      uploadedAt: replacement.replaces.uploadedAt.toISOString(),
    },
    counts: {
      added: replacement.diff.added.length,
      removed: replacement.diff.removed.length,
      changed: replacement.diff.changed.length,
    },
  };
  await ctx.auth.redis.set(keyOf(ctx, id), JSON.stringify(pending), 'EX', PENDING_SECONDS);
  return id;
}

/** The held upload of this id sent by this user; undefined when unknown, expired or someone else's. */
export async function readPending(
  ctx: AppContext,
  id: string,
  username: string,
): Promise<PendingUpload | undefined> {
  if (!pendingIdSchema.safeParse(id).success) return undefined;
  const raw = await ctx.auth.redis.get(keyOf(ctx, id));
  if (!raw) return undefined;
  const pending = pendingSchema.parse(JSON.parse(raw));
  return pending.uploadedBy === username ? pending : undefined;
}

/** Removes a held upload; true when this call removed it (a confirm runs once). */
export async function dropPending(ctx: AppContext, id: string): Promise<boolean> {
  return (await ctx.auth.redis.del(keyOf(ctx, id))) === 1;
}
