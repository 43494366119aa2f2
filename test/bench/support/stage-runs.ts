import { SIS_V8_FLAGS } from '../../../workers/v8-flags.js';
import type { Dataset } from './dataset.ts';
import { runChild } from './child.ts';
import type { EndToEndResult } from './end-to-end.ts';
import { ratiosAgainst, type BenchResult } from './report.ts';
import { spreadOf, type Spread } from './spread.ts';
import type { StageMode } from './stage-child.ts';
import type { StageFigures } from './timing.ts';

const STAGE_CHILD = new URL('./stage-child.ts', import.meta.url);

/** One run of the measured stages, each in a fresh child process. */
export interface StageRun {
  readonly run: number;
  readonly stages: readonly StageFigures[];
  /** Each stage against SheetJS alone in this same run. */
  readonly ratios: BenchResult['ratios'];
  readonly parseAloneStatuses: Record<string, number>;
  readonly endToEnd: EndToEndResult | null;
}

/**
 * Runs one measured stage in its own child process (see stage-child.ts). The end-to-end process
 * stands for `sis` and starts with the V8 flags `sis` sets for itself.
 */
export function runStage<T>(
  mode: StageMode,
  dataset: Dataset,
  moreArgs: readonly string[] = [],
  execArgv: readonly string[] = [],
): Promise<T> {
  const flags = mode === 'end-to-end' ? [...SIS_V8_FLAGS, ...execArgv] : execArgv;
  return runChild<T>(STAGE_CHILD, [mode, dataset.dir, ...moreArgs], process.env, flags);
}

/**
 * End to end first (a fresh warehouse, queue prefix and process: its peak RSS is this run's),
 * then SheetJS alone, then parseSubmission alone.
 */
export async function runStagesOnce(
  run: number,
  dataset: Dataset,
  skipEndToEnd: boolean,
  say: (line: string) => void,
): Promise<StageRun> {
  say(`run ${run}: end to end through the queue, ${dataset.files.length} files`);
  const endToEnd = skipEndToEnd ? null : await runStage<EndToEndResult>('end-to-end', dataset);
  say(`run ${run}: SheetJS alone`);
  const baseline = await runStage<StageFigures>('sheetjs', dataset);
  say(`run ${run}: parseSubmission alone`);
  const parsed = await runStage<{ figures: StageFigures; statuses: Record<string, number> }>(
    'parse',
    dataset,
  );
  const stages = [baseline, parsed.figures, ...(endToEnd ? [endToEnd.figures] : [])];
  return {
    run,
    stages,
    ratios: ratiosAgainst(baseline, stages),
    parseAloneStatuses: parsed.statuses,
    endToEnd,
  };
}

/** A stage's figures over the runs. */
export interface StageSpread {
  readonly stage: string;
  readonly seconds: Spread;
  readonly rowsPerSecond: Spread;
  /** Time against SheetJS alone, each run against its own baseline. */
  readonly time: Spread;
}

export interface RunsSpread {
  readonly stages: readonly StageSpread[];
  readonly endToEnd: {
    readonly mainPeakMb: Spread;
    readonly mainCpuSeconds: Spread;
    readonly parseChildrenCpuSeconds: Spread;
    readonly parseChildPeakMb: Spread;
  } | null;
}

/** Median, minimum and maximum of each figure over the runs. */
export function spreadOverRuns(runs: readonly StageRun[]): RunsSpread {
  const first = runs[0];
  if (!first) throw new Error('no runs');
  const stages = first.stages.map((s, i) => ({
    stage: s.name,
    seconds: spreadOf(runs.map((r) => r.stages[i]!.seconds)),
    rowsPerSecond: spreadOf(
      runs.map((r) => r.stages[i]!.rowsPerSecond),
      0,
    ),
    time: spreadOf(runs.map((r) => r.ratios[i]!.time)),
  }));
  const ends = runs.flatMap((r) => (r.endToEnd ? [r.endToEnd] : []));
  return {
    stages,
    endToEnd:
      ends.length === 0
        ? null
        : {
            mainPeakMb: spreadOf(
              ends.map((e) => e.rss.mainPeakMb),
              0,
            ),
            mainCpuSeconds: spreadOf(ends.map((e) => e.cpu.mainSeconds)),
            parseChildrenCpuSeconds: spreadOf(ends.map((e) => e.cpu.parseChildrenSeconds)),
            parseChildPeakMb: spreadOf(
              ends.map((e) => Math.max(0, ...e.rss.parseChildPeaksMb)),
              0,
            ),
          },
  };
}

/** The table of every stage over the runs: seconds, rows/s and time × SheetJS, median (min–max). */
export function describeRunsSpread(spread: RunsSpread): string[] {
  const fmt = (s: Spread, digits: number) =>
    `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const runs = spread.stages[0]?.seconds.runs ?? 0;
  const e = spread.endToEnd;
  return [
    `over ${runs} runs, median (min–max); each stage in a fresh process, × against SheetJS alone of the same run:`,
    `${'stage'.padEnd(38)}${'seconds'.padStart(22)}${'rows/s'.padStart(10)}${'time ×'.padStart(20)}`,
    ...spread.stages.map(
      (s) =>
        `${s.stage.padEnd(38)}${fmt(s.seconds, 1).padStart(22)}${s.rowsPerSecond.median.toLocaleString('en-US').padStart(10)}${fmt(s.time, 2).padStart(20)}`,
    ),
    ...(e
      ? [
          `  end to end: main process peak RSS ${fmt(e.mainPeakMb, 0)} MB, CPU ${fmt(e.mainCpuSeconds, 1)} s; ` +
            `parse children CPU ${fmt(e.parseChildrenCpuSeconds, 1)} s, largest child peak ${fmt(e.parseChildPeakMb, 0)} MB`,
        ]
      : []),
  ];
}
