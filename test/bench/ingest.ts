/**
 * The ingestion benchmark (`npm run bench`): figures and ratios, never timed assertions.
 *
 * On a generated data set it runs, `--runs` times (default 3), each stage in a fresh child
 * process: the whole pipeline end to end (Redis, sandboxed parse children, the loader and DuckDB,
 * as `sis demo` runs them, with a fresh warehouse and queue prefix each time), SheetJS alone over
 * every file (the baseline) and parseSubmission alone; then a 50,000-row sis-students workbook in
 * a worker-like child as many times. It prints the median run's detail, every stage's median and
 * range over the runs, and issue 16's goals beside the measured spread, "met" or "MISSED".
 * First, the start-up of `sis` and of a parse child, built and from the sources (support/startup.ts).
 *
 * Two other modes, each instead of the above:
 *   --cli           the files of a few provinces (default the first 8 codes) through the built
 *                   command `node bin/sis.js ingest FILES… --json` against SheetJS alone, per run
 *   --cpu-prof DIR  the end-to-end stage once under `node --cpu-prof` (main process and parse
 *                   children), profiles kept in DIR, and the top self-time functions and packages
 *
 * Usage: npm run bench -- [--provinces all|42,81] [--data DIR] [--runs N] [--skip-end-to-end]
 *                         [--cli | --cpu-prof DIR] [--json]
 * The data set is generated into DIR (default data/bench/<provinces>) unless its truth.json exists.
 */
import { fileURLToPath } from 'node:url';
import { ensureLocalRedis } from '../../bin/ensure-redis.ts';
import { displayRedisUrl, parseConfig, type Config } from '../../pipeline/config.ts';
import {
  findRound,
  loadReference,
  SHIPPED_REFERENCE_DIR,
  type Reference,
  type Round,
} from '../../pipeline/reference/reference.ts';
import { runBigWorkbook, type BigWorkbookFigures } from './support/big-stage.ts';
import { describeCli, runCliComparison } from './support/cli-stage.ts';
import { ensureDataset, type Dataset } from './support/dataset.ts';
import { describeGoals, GOALS, memoryGoal, ratioGoal, type GoalVerdict } from './support/goals.ts';
import { readIngestFlags, type IngestFlags } from './support/ingest-flags.ts';
import { describeProfiledRun, runProfiledEndToEnd } from './support/profile-stage.ts';
import { datasetFigures, describeResult, machineFigures, type BenchResult } from './support/report.ts';
import { medianIndex } from './support/spread.ts';
import { describeRunsSpread, runStagesOnce, spreadOverRuns, type StageRun } from './support/stage-runs.ts';
import { describeStartup, measureStartup } from './support/startup.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIG_WORKBOOK_ROWS = 50_000;

async function requireRedis(config: Config): Promise<void> {
  const redis = await ensureLocalRedis(config.redisUrl);
  if (redis === 'missing')
    fail(
      `no Redis at ${displayRedisUrl(config.redisUrl)} (sudo apt-get install redis-server), or pass --skip-end-to-end`,
    );
  if (redis === 'started') say(`started redis-server on ${displayRedisUrl(config.redisUrl)}`);
}

async function main(): Promise<void> {
  const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
  const reference = await loadReference(config.referenceDir);
  const flags = readIngestFlags(reference, REPO_ROOT, fail);
  const needsRedis = !flags.skipEndToEnd || flags.cli || flags.cpuProf !== null;
  if (needsRedis) await requireRedis(config);
  if (flags.cli) return cliMode(flags, reference, config);
  if (flags.cpuProf !== null) return profileMode(flags, reference, flags.cpuProf);
  return stagesMode(flags, reference);
}

async function openDataset(
  flags: IngestFlags,
  reference: Reference,
): Promise<{ dataset: Dataset; round: Round }> {
  const dataset = await ensureDataset(flags.data, flags.provinces);
  const round =
    findRound(reference, dataset.round) ?? fail(`round ${dataset.round} of truth.json is unknown`);
  return { dataset, round };
}

/** The stages `--runs` times, the big workbook, and the goals. */
async function stagesMode(flags: IngestFlags, reference: Reference): Promise<void> {
  say('start-up of sis and of a parse child');
  const startup = flags.skipEndToEnd ? null : await measureStartup();
  const { dataset, round } = await openDataset(flags, reference);
  const runs: StageRun[] = [];
  for (let run = 1; run <= flags.runs; run++)
    runs.push(await runStagesOnce(run, dataset, flags.skipEndToEnd, say));
  say(`${BIG_WORKBOOK_ROWS}-row workbook in a worker-like child, ${flags.runs} times`);
  const bigWorkbook = await runBigWorkbook(reference, round, BIG_WORKBOOK_ROWS, flags.runs);
  const median = runs[medianIndex(runs.map((r) => r.ratios.at(-1)!.time))]!;
  const result: BenchResult = {
    provinces: flags.provinces,
    data: datasetFigures(dataset),
    machine: machineFigures(),
    stages: median.stages,
    ratios: median.ratios,
    parseAloneStatuses: median.parseAloneStatuses,
    endToEnd: median.endToEnd,
    bigWorkbook,
  };
  const spread = spreadOverRuns(runs);
  const goals = ingestGoals(runs, bigWorkbook);
  if (flags.json) {
    const extra = { medianRun: median.run, runs, spread, goals };
    process.stdout.write(`${JSON.stringify({ ...result, startup, ...extra })}\n`);
    return;
  }
  process.stdout.write(
    [
      ...(startup ? [describeStartup(startup)] : []),
      `the median run (run ${median.run} of ${runs.length}, by its last stage's time ×):`,
      describeResult(result),
      ...describeRunsSpread(spread),
      '',
      ...describeGoals(goals),
      '',
    ].join('\n'),
  );
}

function ingestGoals(runs: readonly StageRun[], big: BigWorkbookFigures): GoalVerdict[] {
  const ends = runs.filter((r) => r.endToEnd !== null);
  const endToEnd =
    ends.length === 0
      ? []
      : [
          ratioGoal(
            `end to end ≤ ${GOALS.endToEndRatio}× SheetJS alone (same run)`,
            ends.map((r) => r.ratios.at(-1)!.time),
            GOALS.endToEndRatio,
          ),
          memoryGoal(
            `main process peak RSS < ${GOALS.mainPeakMb} MB`,
            ends.map((r) => r.endToEnd!.rss.mainPeakMb),
            GOALS.mainPeakMb,
            true,
          ),
        ];
  return [
    ...endToEnd,
    memoryGoal(
      `${big.rows.toLocaleString('en-US')}-row workbook's parse child ≤ ${GOALS.bigWorkbookChildMb} MB`,
      big.workerPeaksMb,
      GOALS.bigWorkbookChildMb,
      false,
    ),
  ];
}

/** `--cli`: the built command against SheetJS alone on the same files. */
async function cliMode(flags: IngestFlags, reference: Reference, config: Config): Promise<void> {
  const { dataset, round } = await openDataset(flags, reference);
  const cli = await runCliComparison(dataset, round, config.redisUrl, flags.runs, say);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ provinces: flags.provinces, machine: machineFigures(), cli })}\n`
      : [...describeCli(cli, flags.provinces), '', ...describeGoals([cli.goal]), ''].join('\n'),
  );
}

/** `--cpu-prof DIR`: the end-to-end stage once, profiled, and where its time goes. */
async function profileMode(flags: IngestFlags, reference: Reference, dir: string): Promise<void> {
  const { dataset } = await openDataset(flags, reference);
  say(`end to end under --cpu-prof: ${dataset.files.length} files`);
  const profiled = await runProfiledEndToEnd(dataset, dir);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ provinces: flags.provinces, machine: machineFigures(), profile: profiled })}\n`
      : `${describeProfiledRun(profiled, flags.provinces).join('\n')}\n`,
  );
}

function say(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

await main();
// Exit explicitly: closed BullMQ connections may leave retry timers behind that keep Node alive.
process.exit(0);
