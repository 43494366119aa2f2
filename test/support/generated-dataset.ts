import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findRound, type Reference } from '../../pipeline/reference/reference.ts';
import { generateDataset, type GenerateSummary } from '../../synthetic/generate.ts';
import type { Truth } from '../../synthetic/truth.ts';
import { directorySink } from '../../synthetic/write-files.ts';

export interface DatasetRequest {
  readonly provinces: readonly string[];
  readonly scale: number;
  readonly seed: number;
  readonly round?: string;
  readonly errorRate?: number;
  readonly duplicateRate?: number;
}

export interface GeneratedDataset {
  /** The folder holding `registry.xlsx`, `files/…` and `truth.json`. */
  readonly root: string;
  readonly truth: Truth;
  readonly summary: GenerateSummary;
}

/** Generates a synthetic data set into a new temporary folder (the caller removes `root`). */
export async function generateTempDataset(
  reference: Reference,
  request: DatasetRequest,
): Promise<GeneratedDataset> {
  const roundId = request.round ?? '2569-2';
  const round = findRound(reference, roundId);
  if (!round) throw new Error(`round ${roundId} is not in the reference data`);
  const root = await mkdtemp(path.join(os.tmpdir(), 'sis-dataset-'));
  const summary = await generateDataset(
    {
      seed: request.seed,
      provinces: request.provinces,
      scale: request.scale,
      errorRate: request.errorRate ?? 0.02,
      duplicateRate: request.duplicateRate ?? 0.01,
      round,
    },
    reference,
    directorySink(root),
  );
  const truth = JSON.parse(await readFile(path.join(root, 'truth.json'), 'utf8')) as Truth;
  return { root, truth, summary };
}

/** A located issue as one comparable string: file, sheet, cell and code. */
export function issueKey(file: string, sheet: string | null, cell: string | null, code: string): string {
  return `${file} | ${sheet ?? '-'} | ${cell ?? '-'} | ${code}`;
}
