/**
 * The bad-input corpus: hundreds of hostile and broken files, written to a folder with a manifest
 * of each file's case and, where the case decides it, what must come of it. Deterministic: the
 * same files on every run.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { containerCases, type CorpusCase, type CorpusExpectation } from './bad-input-containers.ts';
import { contentCases } from './bad-input-content.ts';

export interface CorpusEntry {
  /** The file's name in the folder, as uploaded. */
  readonly name: string;
  /** The family of the case (truncated zip, zip bomb, formula…). */
  readonly kind: string;
  readonly expect?: CorpusExpectation;
}

export const MANIFEST = 'manifest.json';

/** Every case of the corpus, not yet written. */
export function corpusCases(): CorpusCase[] {
  return [...containerCases(), ...contentCases()];
}

/** The manifest of the cases: names, families and expectations, without writing a file. */
export function corpusManifest(cases = corpusCases()): CorpusEntry[] {
  const names = new Set<string>();
  return cases.map((c) => {
    if (names.has(c.name) || c.name === MANIFEST) throw new Error(`corpus name used twice: ${c.name}`);
    names.add(c.name);
    return { name: c.name, kind: c.kind, ...(c.expect ? { expect: c.expect } : {}) };
  });
}

/**
 * Writes the cases into `dir` (names kept as the cases give them, control characters and
 * right-to-left marks included), every `shards`-th from `shard` when the work is shared between
 * processes; shard 0 also writes the manifest of all of them. Returns the manifest.
 */
export async function writeBadInputCorpus(dir: string, shard = 0, shards = 1): Promise<CorpusEntry[]> {
  const cases = corpusCases();
  const manifest = corpusManifest(cases);
  for (const [index, c] of cases.entries())
    if (index % shards === shard) await writeFile(path.join(dir, safeFileName(c.name)), await c.bytes());
  if (shard === 0) await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest));
  return manifest;
}

/** The name on disk: path separators would leave the folder, so they are replaced there (only there). */
export function safeFileName(name: string): string {
  return name.replace(/[\\/]/gu, '_');
}
