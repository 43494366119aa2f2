import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../../bin/fresh-build.js';
import type { SubmissionReport } from '../../../pipeline/load/submission-report.ts';
import type { Round } from '../../../pipeline/reference/reference.ts';
import { deleteQueueKeys } from '../../support/pipeline-harness.ts';
import type { Dataset } from './dataset.ts';
import { GOALS, ratioGoal, type GoalVerdict } from './goals.ts';
import { mb, RssSampler } from './rss.ts';
import { spreadOf, type Spread } from './spread.ts';
import { runStage } from './stage-runs.ts';
import { round, secondsSince, type StageFigures } from './timing.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIS = path.join(REPO_ROOT, 'bin', 'sis.js');

/** One run: SheetJS alone over the files, then `sis ingest FILES… --json` on the same files. */
export interface CliRun {
  readonly run: number;
  readonly sheetjsSeconds: number;
  /** Wall time of `sis ingest`, from spawning the process until it ended (start-up included). */
  readonly cliSeconds: number;
  readonly ratio: number;
  /** `sis registry load` before the timed command (not in cliSeconds). */
  readonly registrySeconds: number;
  /** Peak RSS of the `sis ingest` process (its parse children not included). */
  readonly cliPeakMb: number;
  readonly reports: number;
  readonly statuses: Record<string, number>;
  readonly rows: { total: number; accepted: number; rejected: number };
}

export interface CliResult {
  readonly files: number;
  readonly rows: number;
  /** Whether `sis` ran from an up-to-date build (else from the sources, through tsx). */
  readonly built: boolean;
  readonly runs: readonly CliRun[];
  readonly spread: { sheetjsSeconds: Spread; cliSeconds: Spread; ratio: Spread; cliPeakMb: Spread };
  readonly goal: GoalVerdict;
}

/** The command-line comparison of issue 16, `runs` times, each with a fresh data folder and queue prefix. */
export async function runCliComparison(
  dataset: Dataset,
  roundDef: Round,
  redisUrl: string,
  runs: number,
  say: (line: string) => void,
): Promise<CliResult> {
  const built = freshBuild(REPO_ROOT) !== null;
  if (!built) say('no up-to-date build (npm run build): sis runs from the sources');
  const done: CliRun[] = [];
  // Each run's data folder (≈ 2,700 files) is deleted after the last run, not before the next:
  // on a file system without a journal (ext4 here), creating files within about half a minute of
  // deleting thousands makes the kernel step over each recently freed inode, and the next run
  // paid for the previous run's clean-up (README, "Eight provinces through `sis ingest`").
  const dataDirs: string[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      say(`run ${run}: SheetJS alone, ${dataset.files.length} files`);
      const sheetjs = await runStage<StageFigures>('sheetjs', dataset);
      say(`run ${run}: sis ingest, ${dataset.files.length} files`);
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-cli-'));
      dataDirs.push(dataDir);
      done.push(await runCliOnce(run, sheetjs.seconds, dataset, roundDef, redisUrl, dataDir));
    }
  } finally {
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  }
  const ratios = done.map((r) => r.ratio);
  return {
    files: dataset.files.length,
    rows: dataset.rows,
    built,
    runs: done,
    spread: {
      sheetjsSeconds: spreadOf(done.map((r) => r.sheetjsSeconds)),
      cliSeconds: spreadOf(done.map((r) => r.cliSeconds)),
      ratio: spreadOf(ratios),
      cliPeakMb: spreadOf(
        done.map((r) => r.cliPeakMb),
        0,
      ),
    },
    goal: ratioGoal(
      `${dataset.files.length} files through sis ingest ≤ ${GOALS.cliRatio.toFixed(1)}× SheetJS alone`,
      ratios,
      GOALS.cliRatio,
    ),
  };
}

async function runCliOnce(
  run: number,
  sheetjsSeconds: number,
  dataset: Dataset,
  roundDef: Round,
  redisUrl: string,
  dataDir: string,
): Promise<CliRun> {
  const prefix = `sis-bench-cli-${randomUUID().slice(0, 8)}`;
  const env: NodeJS.ProcessEnv = { ...process.env, SIS_DATA_DIR: dataDir, SIS_QUEUE_PREFIX: prefix };
  delete env.SIS_FROM_SOURCE;
  try {
    const registry = await runSis(['registry', 'load', '--json', dataset.registry], env, dataset.dir);
    const asOf = `${roundDef.reference_date}T05:00:00Z`;
    const files = dataset.files.map((f) => path.relative(dataset.dir, f.path));
    const ingest = await runSis(['ingest', '--json', '--as-of', asOf, ...files], env, dataset.dir);
    const reports = JSON.parse(ingest.stdout) as SubmissionReport[];
    if (reports.length !== dataset.files.length)
      throw new Error(`sis ingest reported ${reports.length} of ${dataset.files.length} files`);
    return {
      run,
      sheetjsSeconds,
      cliSeconds: round(ingest.seconds, 2),
      ratio: round(ingest.seconds / sheetjsSeconds, 2),
      registrySeconds: round(registry.seconds, 2),
      cliPeakMb: ingest.peakMb,
      reports: reports.length,
      statuses: countStatuses(reports),
      rows: sumRows(reports),
    };
  } finally {
    await deleteQueueKeys(redisUrl, prefix);
  }
}

interface SisRun {
  readonly stdout: string;
  readonly seconds: number;
  readonly peakMb: number;
}

/** Runs `node bin/sis.js ARGS…` to its end; rejects with its stderr's tail unless it exits 0. */
function runSis(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<SisRun> {
  return new Promise((resolve, reject) => {
    const sampler = new RssSampler((command) => command === 'node');
    const started = performance.now();
    const child = spawn(process.execPath, [SIS, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = secondsSince(started);
      const peak = sampler.stop().childPeaks.get(child.pid ?? -1) ?? 0;
      if (code !== 0) reject(new Error(`sis ${args[0]} exited ${code}: ${err}`));
      else resolve({ stdout: Buffer.concat(out).toString('utf8'), seconds, peakMb: mb(peak) });
    });
  });
}

function countStatuses(reports: readonly SubmissionReport[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

function sumRows(reports: readonly SubmissionReport[]): CliRun['rows'] {
  const rows = { total: 0, accepted: 0, rejected: 0 };
  for (const r of reports) {
    rows.total += r.rows.total;
    rows.accepted += r.rows.accepted;
    rows.rejected += r.rows.rejected;
  }
  return rows;
}

/** The lines printed for the command-line comparison. */
export function describeCli(r: CliResult, provinces: string): string[] {
  const s = r.spread;
  const fmt = (x: Spread, digits = 2) =>
    `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}–${x.max.toFixed(digits)})`;
  return [
    `sis ingest against SheetJS alone, provinces ${provinces}: ${r.files.toLocaleString('en-US')} files, ${r.rows.toLocaleString('en-US')} rows; ${r.runs.length} runs, ${r.built ? 'from the build' : 'from the SOURCES (no up-to-date build)'}`,
    `  SheetJS alone, one process:           ${fmt(s.sheetjsSeconds)} s`,
    `  node bin/sis.js ingest FILES… --json: ${fmt(s.cliSeconds)} s (start-up included; the command's peak RSS ${fmt(s.cliPeakMb, 0)} MB)`,
    `  time ×:                               ${fmt(s.ratio)}`,
    ...r.runs.map(
      (x) =>
        `  run ${x.run}: SheetJS ${x.sheetjsSeconds} s, sis ingest ${x.cliSeconds} s (${x.ratio}×); registry load before it ${x.registrySeconds} s; ` +
        `${Object.entries(x.statuses)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}; rows ${x.rows.total} (${x.rows.accepted} accepted)`,
    ),
  ];
}
