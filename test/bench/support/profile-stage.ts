import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeProfile, readProfiles, summariseProfiles, type ProfileSummary } from './cpu-profile.ts';
import type { Dataset } from './dataset.ts';
import type { EndToEndResult } from './end-to-end.ts';
import { runStage } from './stage-runs.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ProfiledRun {
  /** The folder holding this run's `.cpuprofile` files (open them in Chrome's DevTools). */
  readonly dir: string;
  readonly endToEnd: EndToEndResult;
  /** Profiles of threads other than the main ones (tsx's module loader): not summed. */
  readonly otherThreadProfiles: number;
  readonly main: ProfileSummary;
  readonly parseChildren: ProfileSummary;
}

/**
 * Runs the end-to-end stage once with `node --cpu-prof` for the main process (the stage's child
 * process: intake, queue bookkeeping, the loader and DuckDB calls) and for every parse child,
 * into a new folder under `dir`, and sums their self time over the stage's timed part (from
 * the first file sent until the last report: the process's start-up, the loader's opening, the
 * registry and the closing checkpoint are left out; the parse children's start-up is in).
 */
export async function runProfiledEndToEnd(dataset: Dataset, dir: string): Promise<ProfiledRun> {
  const runDir = path.resolve(dir, new Date().toISOString().replaceAll(/[:.]/gu, '-'));
  const mainDir = path.join(runDir, 'main');
  const childDir = path.join(runDir, 'parse-children');
  await mkdir(mainDir, { recursive: true });
  await mkdir(childDir, { recursive: true });
  const endToEnd = await runStage<EndToEndResult>(
    'end-to-end',
    dataset,
    [childDir],
    ['--cpu-prof', '--cpu-prof-dir', mainDir],
  );
  const window = { fromUs: endToEnd.clockUs.from, toUs: endToEnd.clockUs.to };
  const main = await readProfiles(mainDir);
  const children = await readProfiles(childDir);
  return {
    dir: runDir,
    endToEnd,
    otherThreadProfiles: main.otherThreads + children.otherThreads,
    main: summariseProfiles(main.mainThreads, REPO_ROOT, window),
    parseChildren: summariseProfiles(children.mainThreads, REPO_ROOT, window),
  };
}

export function describeProfiledRun(p: ProfiledRun, provinces: string): string[] {
  const e = p.endToEnd;
  return [
    `CPU profile of end to end, provinces ${provinces}: ${e.figures.files} files, ${e.figures.rows} rows in ${e.figures.seconds} s ` +
      `(profiling slows it: not a timing); CPU main ${e.cpu.mainSeconds} s, parse children ${e.cpu.parseChildrenSeconds} s`,
    `  profiles in ${p.dir}; only samples of the timed part, main threads only (${p.otherThreadProfiles} profile(s) of tsx's module-loader threads left out)`,
    ...describeProfile('main process', p.main),
    ...describeProfile('parse children', p.parseChildren),
  ];
}
