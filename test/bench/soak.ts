/**
 * The soak (`npm run soak`): a night's last hours on one machine. A server (`sis serve
 * --no-parse-worker`: loader and web app) and parse-worker processes (`sis worker --role parse`)
 * run on a fresh queue prefix and data folder; concurrent uploaders send generated files over
 * HTTP on loopback with an API token for some minutes — drafts corrected later and files sent
 * twice among them — honouring 429 and Retry-After; every upload is waited for. Then the files
 * the night ended with are ingested one `sis ingest` after another into a fresh warehouse (the
 * baseline) and both warehouses are compared table by table. Prints throughput, latency, 429s and
 * the peak memory of every process; asserts nothing (the comparison is printed; exit 1 if unequal).
 *
 * Usage: npm run soak -- [--uploaders 50] [--minutes 3] [--provinces all|42,81] [--workers 2]
 *   [--concurrency N] [--max-concurrent-uploads N] [--json]
 * Data sets: data/bench/<provinces> (as `npm run bench`) and data/bench/<provinces>-drafts.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalRedis } from '../../bin/ensure-redis.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { runSoak } from '../support/soak/run-soak.ts';
import { pairDataSets, uploadPlan } from '../support/soak/upload-plan.ts';
import { ensureDataset } from './support/dataset.ts';
import { ProcessTreeSampler } from './support/process-tree.ts';
import { machineFigures } from './support/report.ts';
import { describeSoak, soakFigures } from './support/soak-figures.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** An institution's second upload comes this many files after its first. */
const LAG = 200;
/** Passes over the files at most (each after the first sends every final file again). */
const PASSES = 100;

const { values: flags } = parseArgs({
  options: {
    uploaders: { type: 'string', default: '50' },
    minutes: { type: 'string', default: '3' },
    provinces: { type: 'string', default: 'all' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string' },
    'max-concurrent-uploads': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function say(line: string): void {
  process.stderr.write(`soak: ${line}\n`);
}

async function main(): Promise<number> {
  const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
  if ((await ensureLocalRedis(config.redisUrl)) === 'missing')
    throw new Error('no Redis: sudo apt-get install redis-server');
  const provinces = flags.provinces.trim().toLowerCase() === 'all' ? 'all' : flags.provinces;
  const base = path.join(REPO_ROOT, 'data', 'bench', provinces.replaceAll(',', '-'));
  const finals = await ensureDataset(base, provinces);
  const drafts = await ensureDataset(`${base}-drafts`, provinces, 0.1);
  const relative = (set: typeof finals) => ({
    root: set.dir,
    files: set.files.map((f) => path.relative(set.dir, f.path)),
  });
  const files = pairDataSets(relative(finals), relative(drafts));
  const env = {
    ...(flags.concurrency ? { SIS_WORKER_CONCURRENCY: flags.concurrency } : {}),
    ...(flags['max-concurrent-uploads']
      ? { SIS_MAX_CONCURRENT_UPLOADS: flags['max-concurrent-uploads'] }
      : {}),
  };
  let sampler: ProcessTreeSampler | undefined;
  const outcome = await runSoak({
    registry: finals.registry,
    plan: uploadPlan(files, LAG, PASSES),
    uploaders: Number(flags.uploaders),
    workers: Number(flags.workers),
    durationMs: Number(flags.minutes) * 60_000,
    settleTimeoutMs: 30 * 60_000,
    env,
    sequentialAfterStop: true,
    onStarted: (system) => {
      sampler = new ProcessTreeSampler([
        { label: 'server', pid: system.server.pid },
        ...system.workers.map((w, i) => ({ label: `worker ${i + 1}`, pid: w.pid })),
      ]);
    },
    say,
  });
  try {
    const figures = soakFigures(outcome, sampler?.stop() ?? []);
    const machine = machineFigures();
    const header =
      `soak: ${flags.uploaders} uploaders for ${flags.minutes} min over HTTP on loopback, provinces ${provinces} ` +
      `(${finals.files.length} files, drafts from a set with more mistakes), ${flags.workers} parse-worker process(es)` +
      `${flags.concurrency ? ` × ${flags.concurrency} children` : ''}; ${machine.cores} cores, Node ${machine.node}`;
    process.stdout.write(
      flags.json ? `${JSON.stringify({ ...figures, machine })}\n` : describeSoak(figures, header),
    );
    return figures.different.length === 0 && figures.historyEqual && figures.failures === 0 ? 0 : 1;
  } finally {
    await outcome.remove();
  }
}

process.exit(await main());
