import path from 'node:path';

/**
 * The order in which the soak's uploaders send files, as on a real last night: most institutions
 * send their final file once; every fourth first sends a draft (the same institution's file with
 * more mistakes) and its final file later; every fourth sends its final file twice (the same
 * bytes again). Later passes send every final file again.
 */

/** One institution's two versions of its file (the same name in two generated data sets). */
export interface PlannedFile {
  /** The file's path inside a data set (`files/42/3042000001.xlsx`): one per institution. */
  readonly key: string;
  readonly finalPath: string;
  readonly draftPath: string;
}

/** One upload: which institution's file, and which version of it. */
export interface PlannedUpload {
  readonly key: string;
  readonly path: string;
  readonly version: 'final' | 'draft';
}

/**
 * Yields uploads pass after pass (at most `passes`). In the first pass an institution's second
 * upload comes `lag` files after its first, so both are in the same stretch of the night.
 */
export function* uploadPlan(
  files: readonly PlannedFile[],
  lag: number,
  passes: number,
): Generator<PlannedUpload> {
  for (let i = 0; i < files.length + lag; i++) {
    const file = files[i];
    if (file) yield firstUpload(file, i);
    const earlier = files[i - lag];
    if (earlier && (i - lag) % 4 <= 1) yield { key: earlier.key, path: earlier.finalPath, version: 'final' };
  }
  for (let pass = 1; pass < passes; pass++)
    for (const file of files) yield { key: file.key, path: file.finalPath, version: 'final' };
}

function firstUpload(file: PlannedFile, index: number): PlannedUpload {
  return index % 4 === 0 && file.draftPath !== file.finalPath
    ? { key: file.key, path: file.draftPath, version: 'draft' }
    : { key: file.key, path: file.finalPath, version: 'final' };
}

/**
 * Pairs each file of the final data set with the same institution's file of the draft set (same
 * seed, more mistakes: same registry and institutions; a file's format may differ, so files are
 * matched by name without extension), in an order that mixes provinces as a night does (sorted by
 * a hash of the name; the same on every run). A file without a draft counterpart has none.
 */
export function pairDataSets(
  finals: { readonly root: string; readonly files: readonly string[] },
  drafts: { readonly root: string; readonly files: readonly string[] },
): PlannedFile[] {
  const draftByStem = new Map(drafts.files.map((f) => [stem(f), f]));
  return [...finals.files]
    .sort((a, b) => mix(a) - mix(b) || a.localeCompare(b))
    .map((key) => {
      const draft = draftByStem.get(stem(key));
      const finalPath = path.join(finals.root, key);
      return { key, finalPath, draftPath: draft ? path.join(drafts.root, draft) : finalPath };
    });
}

function stem(file: string): string {
  return file.slice(0, file.length - path.extname(file).length);
}

/** FNV-1a of the text: a fixed order that is not the generator's province order. */
function mix(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
