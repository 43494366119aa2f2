import type { Kysely } from 'kysely';
import { z } from 'zod';
import { replaceRegistry } from '../../pipeline/db/registry-repository.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import type { Issue } from '../../pipeline/issues/issue.ts';
import { parseRegistry } from '../../pipeline/registry/parse-registry.ts';
import type { ReadLimits } from '../../pipeline/read/workbook.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { getBlob } from '../../pipeline/storage/blob-store.ts';

/** A registry is one workbook or one CSV per sheet: more files than this is a mistake. */
export const REGISTRY_MAX_FILES = 10;

export const registryPayloadSchema = z.object({
  files: z
    .array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/u), fileName: z.string().min(1).max(255) }))
    .min(1)
    .max(REGISTRY_MAX_FILES),
  allowPartial: z.boolean(),
});
export type RegistryPayload = z.infer<typeof registryPayloadSchema>;

/** The outcome of a registry load: what was loaded (or why not), with every issue per file. */
export interface RegistryLoadResult {
  readonly loaded: boolean;
  readonly loadId: number | null;
  readonly counts: { readonly laos: number; readonly institutions: number; readonly otherSchools: number };
  readonly files: ReadonlyArray<{
    readonly file: string;
    readonly errors: number;
    readonly warnings: number;
    readonly issues: readonly Issue[];
  }>;
}

/** At most this many issues per file travel back through Redis; the counts are always whole. */
const ISSUES_RETURNED = 500;

export interface RegistryJobDeps {
  readonly db: Kysely<Warehouse>;
  readonly reference: Reference;
  readonly limits: ReadLimits;
  readonly uploads: string;
  readonly now: () => Date;
}

/**
 * Replaces the registry from stored files. With errors the registry stays as it was, unless
 * `allowPartial` asks to load the rows that passed.
 */
export async function loadRegistryFiles(
  deps: RegistryJobDeps,
  payload: RegistryPayload,
): Promise<RegistryLoadResult> {
  const files = await Promise.all(
    payload.files.map(async (f) => ({ fileName: f.fileName, bytes: await getBlob(deps.uploads, f.sha256) })),
  );
  const parsed = parseRegistry(files, deps.reference, deps.limits);
  const tablesFound = parsed.records.laos.length > 0 && parsed.records.institutions.length > 0;
  const load = parsed.clean || (payload.allowPartial && tablesFound);
  const source = payload.files.map((f) => f.fileName).join(', ');
  const loadId = load ? await replaceRegistry(deps.db, parsed.records, source, deps.now()) : null;
  return {
    loaded: load,
    loadId,
    counts: {
      laos: parsed.records.laos.length,
      institutions: parsed.records.institutions.length,
      otherSchools: parsed.records.otherSchools.length,
    },
    files: parsed.files.map((f) => ({
      file: f.file,
      errors: f.issues.filter((i) => i.severity === 'error').length,
      warnings: f.issues.filter((i) => i.severity === 'warning').length,
      issues: f.issues.slice(0, ISSUES_RETURNED),
    })),
  };
}
