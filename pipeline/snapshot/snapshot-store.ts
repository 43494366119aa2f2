import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SisError } from '../errors.ts';

/** The pointer file naming the latest complete snapshot; replaced by an atomic rename. */
export const POINTER_FILE = 'current.json';
/** The catalogue of views inside each snapshot folder. */
export const CATALOGUE_FILE = 'catalogue.duckdb';
/** Snapshots kept: the latest and the one before (a reader may still be opening it). */
export const SNAPSHOTS_KEPT = 2;

const pointerSchema = z.object({
  id: z.string().regex(/^[0-9A-Za-z-]{1,64}$/u),
  snapshotAt: z.iso.datetime(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
});

/** What the pointer says: which folder, when it was taken, the rows of each table. */
export type SnapshotPointer = z.infer<typeof pointerSchema>;

/** A snapshot as a reader finds it. */
export interface SnapshotLocation extends SnapshotPointer {
  readonly dir: string;
  readonly catalogue: string;
}

/** A folder name that sorts by time: `20261130T071500123Z`, with a suffix when taken twice in a millisecond. */
export function snapshotId(at: Date, attempt = 0): string {
  const base = at.toISOString().replace(/[-:.]/gu, '');
  return attempt === 0 ? base : `${base}-${attempt}`;
}

/** Switches readers to a complete snapshot: the pointer is written aside and renamed over the old one. */
export async function writePointer(root: string, pointer: SnapshotPointer): Promise<void> {
  const target = path.join(root, POINTER_FILE);
  await writeFile(`${target}.tmp`, `${JSON.stringify(pointer)}\n`);
  await rename(`${target}.tmp`, target);
}

/** The latest snapshot, or an error saying none is published yet. */
export async function locateSnapshot(root: string): Promise<SnapshotLocation> {
  let text: string;
  try {
    text = await readFile(path.join(root, POINTER_FILE), 'utf8');
  } catch {
    throw new SisError(
      'input/bad-argument',
      'no snapshot has been published yet: run `sis snapshot publish` (the loader publishes one after loads)',
    );
  }
  const pointer = pointerSchema.parse(JSON.parse(text));
  const dir = path.join(root, pointer.id);
  return { ...pointer, dir, catalogue: path.join(dir, CATALOGUE_FILE) };
}

/** Removes every snapshot folder but the newest `SNAPSHOTS_KEPT` (the current one among them). */
export async function pruneSnapshots(root: string, currentId: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .reverse();
  const keep = new Set([currentId, ...folders.filter((f) => f <= currentId).slice(0, SNAPSHOTS_KEPT)]);
  const removed = folders.filter((f) => !keep.has(f) && f < currentId);
  for (const folder of removed) await rm(path.join(root, folder), { recursive: true, force: true });
  return removed;
}
