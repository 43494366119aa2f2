import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freshBuild } from '../../../bin/fresh-build.js';
import { PARSE_CHILD_EXEC_ARGV } from '../../../workers/parse-child.ts';
import { PARSE_CHILD_V8_FLAGS } from '../../../workers/v8-flags.js';
import { SIS_STUDENTS } from '../../../templates/definitions.ts';
import { writeTemplateFile } from '../../helpers/workbook.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIS = path.join(REPO_ROOT, 'bin', 'sis.js');
const RUNS = 3;

/** One start-up figure: the median of a few runs, its spread, and its ratio to `node -e 0` in the same run. */
export interface StartupFigure {
  readonly name: string;
  readonly seconds: number;
  readonly ratio: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Wall seconds of the runs of one process. */
interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface StartupFigures {
  /** Whether an up-to-date build was there (else the "build" rows ran the sources too). */
  readonly built: boolean;
  readonly figures: readonly StartupFigure[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall seconds of a process, run to its end `RUNS` times. */
function timeProcess(command: string, args: readonly string[], env: Record<string, string> = {}): Timing {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    if (run.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${run.status}`);
    times.push((performance.now() - started) / 1000);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

/**
 * Start-up of the command line and of a parse child, from the build and from the sources:
 * `sis --help`, a one-file `sis ingest` (its own data folder and queue prefix; needs Redis),
 * and a child that loads the parse processor. Figures, never assertions.
 */
export async function measureStartup(): Promise<StartupFigures> {
  const build = freshBuild(REPO_ROOT);
  const node = process.execPath;
  const fromSources = { SIS_FROM_SOURCE: '1' };
  const rows: Array<[string, Timing]> = [];
  const baseline = timeProcess(node, ['-e', '0']);
  rows.push(['node -e 0 (baseline)', baseline]);
  rows.push(['sis --help, build', timeProcess(node, [SIS, '--help'])]);
  rows.push(['sis --help, sources (tsx)', timeProcess(node, [SIS, '--help'], fromSources)]);
  const sourceChild = fileURLToPath(new URL('../../../workers/processors/parse-sandbox.ts', import.meta.url));
  const load = (file: string) => `await import(${JSON.stringify(pathToUrl(file))})`;
  if (build)
    rows.push([
      'parse child loads its processor, build',
      timeProcess(node, [...PARSE_CHILD_V8_FLAGS, '--input-type=module', '-e', load(build.parseChild)]),
    ]);
  rows.push([
    'parse child loads its processor, sources (tsx)',
    timeProcess(node, [...PARSE_CHILD_EXEC_ARGV, '--input-type=module', '-e', load(sourceChild)]),
  ]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-startup-'));
  try {
    const file = path.join(dir, 'roster.xlsx');
    await writeFile(
      file,
      writeTemplateFile(SIS_STUDENTS, {
        info: { institution_code: '3042000001', academic_year: 2562, term: 2, teachers: 1, classrooms: 1 },
        rows: [],
      }),
    );
    const ingest = (label: string, env: Record<string, string>) => {
      const prefix = `sis-startup-${randomUUID().slice(0, 8)}`;
      const data = path.join(dir, prefix);
      rows.push([
        label,
        timeProcess(node, [SIS, 'ingest', '--json', file], {
          ...env,
          SIS_DATA_DIR: data,
          SIS_QUEUE_PREFIX: prefix,
        }),
      ]);
    };
    ingest('one-file sis ingest, build (loader and parse child in the process)', {});
    ingest('one-file sis ingest, sources (tsx)', fromSources);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    built: build !== null,
    figures: rows.map(([name, t]) => ({
      name,
      seconds: round2(t.median),
      ratio: Math.round((t.median / baseline.median) * 10) / 10,
      minSeconds: round2(t.min),
      maxSeconds: round2(t.max),
    })),
  };
}

function round2(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

function pathToUrl(file: string): string {
  return new URL(`file://${file}`).href;
}

export function describeStartup(s: StartupFigures): string {
  const width = Math.max(...s.figures.map((f) => f.name.length));
  const lines = s.figures.map(
    (f) =>
      `  ${f.name.padEnd(width)}  ${f.seconds.toFixed(2).padStart(6)} s (${f.minSeconds.toFixed(2)}–${f.maxSeconds.toFixed(2)})  ${f.ratio.toFixed(1).padStart(5)}× node -e 0`,
  );
  const note = s.built
    ? ''
    : '  (no up-to-date build: run npm run build; the "build" rows ran the sources)\n';
  return `start-up (median (min–max) of ${RUNS} runs)\n${note}${lines.join('\n')}\n`;
}
