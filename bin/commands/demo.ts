import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { startServer } from '../web-server.ts';
import { displayRedisUrl } from '../../pipeline/config.ts';
import { SisError } from '../../pipeline/errors.ts';
import { findRound, type Round } from '../../pipeline/reference/reference.ts';
import { generateDataset } from '../../synthetic/generate.ts';
import { directorySink } from '../../synthetic/write-files.ts';
import { runDedupNow, submitRegistry, type IntakeDeps } from '../../workers/intake.ts';
import { createLogger } from '../../workers/logger.ts';
import { loadContext, type CliContext } from '../context.ts';
import { ensureLocalRedis } from '../ensure-redis.ts';
import { sendFiles } from '../send-files.ts';
import { untilSignal } from '../signals.ts';
import { createDemoAccounts, describeLogins } from '../demo/accounts.ts';
import { describeDedup, describeIngest } from '../demo/summary.ts';
import { writeDemoReports } from '../demo/write-demo-reports.ts';

const DEMO_ROUND = '2569-2';

interface DemoFlags {
  out: string;
  provinces: string;
  seed: string;
  serve: boolean;
}

/** Registers `sis demo`: synthetic data in, through the whole pipeline, dashboard up. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'generate two provinces of synthetic data, run them through the pipeline and serve the dashboard',
    )
    .option('--out <dir>', 'where the generated data set goes', 'data/demo')
    .option('--provinces <codes>', 'province codes', '42,81')
    .option('--seed <n>', 'generator seed', '1')
    .option('--no-serve', 'stop after the summary instead of serving the dashboard')
    .action(async (flags: DemoFlags) => runDemo(flags));
}

async function runDemo(flags: DemoFlags): Promise<void> {
  const ctx = await loadContext();
  const redis = await ensureLocalRedis(ctx.config.redisUrl);
  if (redis === 'missing')
    throw new SisError(
      'queue/failed',
      `no Redis at ${displayRedisUrl(ctx.config.redisUrl)}; install it: sudo apt-get install redis-server`,
    );
  if (redis === 'started') say(`started redis-server on ${displayRedisUrl(ctx.config.redisUrl)}`);
  const round = findRound(ctx.reference, DEMO_ROUND)!;
  const out = path.resolve(flags.out);
  await generateIfMissing(ctx, out, flags, round);
  const server = await startServer({ ...ctx, log: createLogger('demo'), now: () => insideWindow(round) });
  try {
    const intake: IntakeDeps = { queues: server.loader.queues, paths: server.paths };
    await loadDemoRegistry(intake, out);
    const reports = await ingestAll(intake, out, insideWindow(round));
    process.stdout.write(describeIngest(reports));
    process.stdout.write(describeDedup(await runDedupNow(intake, round.round_id)));
    const provinces = flags.provinces.split(',').map((p) => p.trim());
    const reportDir = path.join(out, 'reports');
    const written = await writeDemoReports(
      server.loader,
      ctx.reference,
      round.round_id,
      provinces,
      reportDir,
    );
    process.stdout.write(
      `report forms 2–5 and the subsidy estimate (.xlsx and HTML): ${written.length} files in ${reportDir}\n` +
        `  on the dashboard: ${server.url}/reports/form2?province=${provinces[0] ?? ''}&round=${round.round_id}\n`,
    );
    process.stdout.write(describeLogins(await createDemoAccounts(server.loader.queues, provinces)));
    if (!flags.serve) return;
    say(`dashboard: ${server.url}  (Ctrl-C stops)`);
    await untilSignal();
  } finally {
    await server.close();
  }
}

function say(line: string): void {
  process.stderr.write(`demo: ${line}\n`);
}

/** Noon in Bangkok on the round's reference date: inside its window whenever the demo runs. */
function insideWindow(round: Round): Date {
  return new Date(`${round.reference_date}T05:00:00Z`);
}

async function generateIfMissing(
  ctx: CliContext,
  out: string,
  flags: DemoFlags,
  round: Round,
): Promise<void> {
  const exists = await stat(path.join(out, 'truth.json')).then(
    () => true,
    () => false,
  );
  if (exists) return say(`using the data set in ${out}`);
  say(`generating provinces ${flags.provinces} into ${out}`);
  const provinces = flags.provinces.split(',').map((p) => p.trim());
  const summary = await generateDataset(
    { seed: Number(flags.seed), provinces, scale: 1, errorRate: 0.02, duplicateRate: 0.01, round },
    ctx.reference,
    directorySink(out),
  );
  say(
    `${summary.files} files, ${summary.rosterRows} pupils and children, ${summary.problems} planted problems`,
  );
}

async function loadDemoRegistry(intake: IntakeDeps, out: string): Promise<void> {
  const bytes = await readFile(path.join(out, 'registry.xlsx'));
  const result = await submitRegistry(intake, [{ fileName: 'registry.xlsx', bytes }], false);
  if (!result.loaded) throw new SisError('input/bad-argument', 'the demo registry did not load');
  say(
    `registry: ${result.counts.laos} LAOs, ${result.counts.institutions} institutions, ${result.counts.otherSchools} other schools`,
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Sends every file (16 reads at a time), then waits for all reports: the queue sees the whole wave. */
async function ingestAll(intake: IntakeDeps, out: string, asOf: Date) {
  const files = await listFiles(path.join(out, 'files'));
  say(`sending ${files.length} files through the queue`);
  const started = performance.now();
  const reports = await sendFiles(intake, files, { uploadedBy: 'demo', asOf, options: {} });
  say(`ingested ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return reports.map((report, i) => ({ province: path.basename(path.dirname(files[i]!)), report }));
}
