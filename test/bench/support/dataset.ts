import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GenerateSummary } from '../../../synthetic/generate.ts';
import { runChild } from './child.ts';
import { secondsSince } from './timing.ts';
import type { TruthFiles } from './truth-child.ts';

/** The round `sis generate` uses by default. */
export const BENCH_ROUND = '2569-2';

/** One generated file and how many data rows the generator wrote into it. */
export interface DataFile {
  readonly path: string;
  readonly name: string;
  readonly template: string;
  readonly format: string;
  readonly rows: number;
}

export interface Dataset {
  readonly dir: string;
  readonly registry: string;
  readonly round: string;
  readonly files: readonly DataFile[];
  readonly rows: number;
  readonly bytes: number;
  /** Seconds the generator took in this run; null when an earlier run's set was reused. */
  readonly generatedSeconds: number | null;
}

/**
 * Reuses the data set in `dir` when its truth.json exists, else generates it there (in a child
 * process) with seed 1 and `errorRate` (the soak's drafts use a higher one: same registry and
 * institutions, more mistakes).
 */
export async function ensureDataset(dir: string, provinces: string, errorRate = 0.02): Promise<Dataset> {
  const truthPath = path.join(dir, 'truth.json');
  let generatedSeconds: number | null = null;
  if (!(await exists(truthPath))) {
    process.stderr.write(`bench: generating provinces ${provinces} into ${dir}\n`);
    const started = performance.now();
    await runChild<GenerateSummary>(new URL('./generate-child.ts', import.meta.url), [
      dir,
      provinces,
      BENCH_ROUND,
      String(errorRate),
    ]);
    generatedSeconds = secondsSince(started);
  } else {
    process.stderr.write(`bench: using the data set in ${dir}\n`);
  }
  return { ...(await readDataset(dir)), generatedSeconds };
}

/** The data set already generated in `dir` (its truth.json lists the files). */
export async function readDataset(dir: string): Promise<Dataset> {
  const truthPath = path.join(dir, 'truth.json');
  const truth = await runChild<TruthFiles>(new URL('./truth-child.ts', import.meta.url), [truthPath]);
  const files = truth.files.map((f) => ({
    path: path.join(dir, ...f.file.split('/')),
    name: path.basename(f.file),
    template: f.template,
    format: f.format,
    rows: f.rows,
  }));
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => s.size)));
  return {
    dir,
    registry: path.join(dir, 'registry.xlsx'),
    round: truth.round,
    files,
    rows: files.reduce((n, f) => n + f.rows, 0),
    bytes: sizes.reduce((n, s) => n + s, 0),
    generatedSeconds: null,
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
