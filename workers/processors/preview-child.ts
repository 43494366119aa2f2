import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseConfig, readLimits, runtimePaths } from '../../pipeline/config.ts';
import { previewRoster } from '../../pipeline/ingest/roster-preview.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { getBlob } from '../../pipeline/storage/blob-store.ts';
import { ingestOptionsSchema } from '../contract.ts';

/** The one request a preview child answers: which file, its name, its options and the row bound. */
export const previewRequestSchema = z.object({
  source: z.union([
    z.object({ path: z.string().min(1) }),
    z.object({ stored: z.string().regex(/^[0-9a-f]{64}$/u) }),
  ]),
  fileName: z.string().min(1).max(255),
  options: ingestOptionsSchema,
  maxRows: z.number().int().positive(),
});

export type PreviewRequest = z.infer<typeof previewRequestSchema>;

/**
 * A child process that reads one file for a replacement preview and answers with what the preview
 * compares, then exits: the reading (SheetJS holds the whole book) happens under this process's
 * own heap limit, away from the process that owns the warehouse. Config comes from the environment.
 */
async function answer(message: unknown): Promise<void> {
  const request = previewRequestSchema.parse(message);
  const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  const bytes =
    'path' in request.source
      ? await readFile(request.source.path)
      : await getBlob(runtimePaths(config).uploads, request.source.stored);
  const preview = previewRoster(bytes, request.fileName, {
    reference,
    limits: { ...readLimits(config), maxRows: Math.min(config.maxRows, request.maxRows) },
    options: request.options,
  });
  process.send?.({ ok: true, preview }, () => process.exit(0));
}

process.once('message', (message) => {
  answer(message).catch((error: unknown) => {
    process.send?.({ ok: false, message: (error as Error).message }, () => process.exit(1));
  });
});
