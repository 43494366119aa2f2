/**
 * Scale-out benchmark (`npm run bench:scale`): the same files through one Redis and one loader
 * (`sis serve --no-parse-worker`) with 1, 2 and 4 parse-worker processes (`sis worker --role
 * parse`), each count on a fresh warehouse and queue prefix; the files are sent by `sis ingest`
 * beside the running server (it only enqueues and waits). Prints throughput per count and its
 * ratio to one worker, with the CPU each kind of process used. Asserts nothing.
 *
 * Usage: npm run bench:scale -- [--provinces 42,81|all] [--workers 1,2,4] [--concurrency 1] [--json]
 * `--concurrency` is SIS_WORKER_CONCURRENCY (parse children per worker process): 1 by default so
 * that the number of processes is what varies.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureLocalRedis } from '../../bin/ensure-redis.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { readStoredSubmissions } from '../support/soak/run-soak.ts';
import { ingestInCalls } from '../support/soak/sequential-ingest.ts';
import { startSoakSystem, windowAroundNow } from '../support/soak/soak-system.ts';
import { ensureDataset, type Dataset } from './support/dataset.ts';
import { ProcessTreeSampler } from './support/process-tree.ts';
import { machineFigures } from './support/report.ts';
import { round } from './support/timing.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    provinces: { type: 'string', default: '42,81' },
    workers: { type: 'string', default: '1,2,4' },
    concurrency: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});

interface ScaleRun {
  readonly workers: number;
  readonly seconds: number;
  readonly files: number;
  readonly rows: number;
  readonly filesPerSecond: number;
  readonly rowsPerSecond: number;
  readonly serverCpuSeconds: number;
  readonly workerCpuSeconds: number;
  readonly parseChildCpuSeconds: number;
  readonly peakMb: { server: number; worker: number; parseChild: number };
}

function say(line: string): void {
  process.stderr.write(`bench:scale: ${line}\n`);
}

/** One count of parse workers: a fresh system, every file sent, the span from first upload to last file finished. */
async function runWith(workers: number, dataset: Dataset): Promise<ScaleRun> {
  say(`${workers} parse worker process(es) × ${flags.concurrency} children`);
  const system = await startSoakSystem({
    workers,
    registry: dataset.registry,
    window: windowAroundNow(),
    env: { SIS_WORKER_CONCURRENCY: flags.concurrency },
  });
  try {
    const sampler = new ProcessTreeSampler([
      { label: 'server', pid: system.server.pid },
      ...system.workers.map((w) => ({ label: 'worker', pid: w.pid })),
    ]);
    await ingestInCalls(
      system.sis,
      dataset.files.map((f) => f.path),
    );
    const processes = sampler.stop();
    await system.stop();
    const stored = [
      ...(await readStoredSubmissions(path.join(system.dataDir, 'runtime', 'sis.duckdb'))).values(),
    ];
    const first = Math.min(...stored.map((s) => s.uploadedAt));
    const last = Math.max(...stored.map((s) => s.finishedAt ?? 0));
    const seconds = (last - first) / 1000;
    const rows = stored.reduce((n, s) => n + s.rowsTotal, 0);
    const of = (label: string) => processes.filter((p) => p.label === label);
    const cpu = (label: string) =>
      round(
        of(label).reduce((n, p) => n + p.cpuSeconds, 0),
        1,
      );
    const peak = (label: string) =>
      Math.round(Math.max(0, ...of(label).map((p) => p.peakBytes)) / 1024 / 1024);
    const child = 'worker › parse child';
    return {
      workers,
      seconds: round(seconds, 1),
      files: stored.length,
      rows,
      filesPerSecond: round(stored.length / seconds, 1),
      rowsPerSecond: Math.round(rows / seconds),
      serverCpuSeconds: cpu('server'),
      workerCpuSeconds: cpu('worker'),
      parseChildCpuSeconds: cpu(child),
      peakMb: { server: peak('server'), worker: peak('worker'), parseChild: peak(child) },
    };
  } finally {
    await system.stop();
    await system.remove();
  }
}

function describe(runs: readonly ScaleRun[], dataset: Dataset): string {
  const base = runs[0]!;
  const machine = machineFigures();
  return [
    `scale-out: ${dataset.files.length} files, ${dataset.rows.toLocaleString('en-US')} rows (provinces ${flags.provinces}), ` +
      `one Redis, one loader (sis serve --no-parse-worker), N × sis worker --role parse with ${flags.concurrency} parse child(ren) each`,
    `  machine: ${machine.cores} cores (every process shares them), Node ${machine.node}`,
    `  ${'workers'.padEnd(8)}${'seconds'.padStart(9)}${'files/s'.padStart(9)}${'rows/s'.padStart(9)}${'× 1'.padStart(7)}` +
      `${'server CPU'.padStart(12)}${'parse CPU'.padStart(11)}${'peak MB server/worker/child'.padStart(30)}`,
    ...runs.map(
      (r) =>
        `  ${String(r.workers).padEnd(8)}${r.seconds.toFixed(1).padStart(9)}${r.filesPerSecond.toFixed(1).padStart(9)}` +
        `${r.rowsPerSecond.toLocaleString('en-US').padStart(9)}${round(
          r.rowsPerSecond / base.rowsPerSecond,
          2,
        )
          .toFixed(2)
          .padStart(7)}` +
        `${`${r.serverCpuSeconds} s`.padStart(12)}${`${r.parseChildCpuSeconds} s`.padStart(11)}` +
        `${`${r.peakMb.server} / ${r.peakMb.worker} / ${r.peakMb.parseChild}`.padStart(30)}`,
    ),
    `  (seconds: first upload recorded → last file finished; × 1: rows/s against one worker process in this run)`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
  if ((await ensureLocalRedis(config.redisUrl)) === 'missing')
    throw new Error('no Redis: sudo apt-get install redis-server');
  const provinces = flags.provinces.trim().toLowerCase() === 'all' ? 'all' : flags.provinces;
  const dataset = await ensureDataset(
    path.join(REPO_ROOT, 'data', 'bench', provinces.replaceAll(',', '-')),
    provinces,
  );
  const runs: ScaleRun[] = [];
  for (const workers of flags.workers.split(',').map(Number)) runs.push(await runWith(workers, dataset));
  process.stdout.write(
    flags.json ? `${JSON.stringify({ runs, machine: machineFigures() })}\n` : describe(runs, dataset),
  );
}

await main();
process.exit(0);
