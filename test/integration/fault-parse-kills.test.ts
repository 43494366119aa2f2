import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { JOB_OPTIONS } from '../../workers/contract.ts';
import {
  OPEN_SCHOOL,
  allFinished,
  countedIds,
  faultFiles,
  readOutcomes,
  registerInOrder,
} from '../support/fault-files.ts';
import { faultSeed, killHard, seededRandom, sleep, startWorker, until } from '../support/fault-processes.ts';
import { loadSmallRegistry } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { tableChecksums } from '../support/table-checksums.ts';

const FILES = faultFiles(20);
const KILLS = 20;
/** Short locks: a killed worker's job is taken up again about a second later. No dedup run meanwhile. */
const ENV = { SIS_JOB_LOCK_MS: '1000', SIS_DEDUP_DEBOUNCE_MS: '3600000', SIS_WORKER_CONCURRENCY: '1' };

type KillPoint = 'worker-starting' | 'worker-job-active' | 'worker-part-staged' | 'child-job-active';

/** Committed staging parts present now (a part is committed once its summaries exist). */
async function stagedParts(staging: string): Promise<string[]> {
  const groups = await readdir(staging).catch(() => [] as string[]);
  const parts = await Promise.all(
    groups.map(async (g) => {
      const inner = await readdir(path.join(staging, g)).catch(() => [] as string[]);
      const found = await Promise.all(
        inner.map(async (p) =>
          (await readdir(path.join(staging, g, p)).catch(() => [] as string[])).includes('summaries.json')
            ? [`${g}/${p}`]
            : [],
        ),
      );
      return found.flat();
    }),
  );
  return parts.flat();
}

/** The processes a worker forked (its sandboxed parse children). */
function childrenOf(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}

interface Run {
  readonly h: Harness;
  readonly random: () => number;
  readonly staging: string;
  readonly seen: Set<string>;
  readonly points: KillPoint[];
}

/**
 * Runs the files through parse workers that are killed (SIGKILL) until KILLS kills are done, in
 * two lanes at once. A kill takes down either a whole worker (its process group: a stall, the
 * job is taken up again once its lock lapses) or only the parse child doing a job (the job fails
 * as an attempt and is retried after its back-off).
 */
async function runWithKills(h: Harness, random: () => number): Promise<KillPoint[]> {
  const run: Run = { h, random, staging: runtimePaths(h.config).staging, seen: new Set(), points: [] };
  const lane = async () => {
    while (run.points.length < KILLS) await workerLife(run);
  };
  await Promise.all([lane(), lane()]);
  return run.points;
}

/** One worker's life: started, some of its parse children killed, then killed itself. */
async function workerLife(run: Run): Promise<void> {
  const worker = startWorker(run.h.config, 'parse', ENV);
  if (run.random() < 0.1) {
    await sleep(run.random() * 1000);
    await killHard(worker);
    run.points.push('worker-starting');
    return;
  }
  await worker.ready;
  // One to three of its parse children, then the worker itself.
  for (let n = 1 + Math.floor(run.random() * 3); n > 0 && run.points.length < KILLS; n--) {
    await waitForPoint(run, 'active', 200);
    if (!(await oneMoreFailureIsSafe(run.h))) continue;
    for (const pid of childrenOf(worker.child.pid!)) process.kill(pid, 'SIGKILL');
    run.points.push('child-job-active');
  }
  const staged = run.random() < 0.5;
  await waitForPoint(run, staged ? 'staged' : 'active', staged ? 40 : 300);
  await killHard(worker);
  run.points.push(staged ? 'worker-part-staged' : 'worker-job-active');
}

/**
 * Whether every active parse job can fail once more and still be retried. A file whose parse
 * fails on every attempt is closed as processing-failed by design (a file that kills its parser
 * must not block the queue); the run stays below that bound, as random faults do in practice.
 */
async function oneMoreFailureIsSafe(h: Harness): Promise<boolean> {
  const active = await h.loader.queues.parse.getActive();
  return active.every((job) => job.attemptsMade + 1 < JOB_OPTIONS.parse.attempts);
}

/** Waits until a parse job is active or a new staging part is committed, then a random while. */
async function waitForPoint(run: Run, point: 'active' | 'staged', jitterMs: number): Promise<void> {
  const reached = async () => {
    if (point === 'active') return (await run.h.loader.queues.parse.getActiveCount()) > 0;
    const fresh = (await stagedParts(run.staging)).filter((p) => !run.seen.has(p));
    for (const p of fresh) run.seen.add(p);
    return fresh.length > 0;
  };
  // Nothing left to reach: the kill lands on an idle worker, a point like any other.
  await until(reached, 2000).catch(() => undefined);
  await sleep(run.random() * jitterMs);
}

describe('parse workers killed at random points', { timeout: 120_000 }, () => {
  const harnesses: Harness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close().catch(() => {});
  });

  it('when parse workers die again and again then every file ends as in a clean run, table for table', async () => {
    const random = seededRandom(faultSeed('parse-kills'));
    // The clean run goes on beside the faulty one (in-process parse worker, nothing killed).
    const [clean, h] = await Promise.all([
      startHarness({ env: ENV }),
      startHarness({ parseWorker: false, env: ENV }),
    ]);
    harnesses.push(clean, h);
    await Promise.all([loadSmallRegistry(clean.loader), loadSmallRegistry(h.loader)]);
    const cleanRun = (async () => {
      await registerInOrder(clean, FILES);
      await until(() => allFinished(clean), 60_000, 100);
      const outcomes = await readOutcomes(clean);
      await clean.stop();
      return outcomes;
    })();
    cleanRun.catch(() => undefined);
    await registerInOrder(h, FILES);
    const points = await runWithKills(h, random);
    const open = !(await allFinished(h));
    const last = startWorker(h.config, 'parse', ENV);
    await until(() => allFinished(h), 60_000, 100);
    await killHard(last);
    console.log(`parse-kills: ${points.length} kills: ${points.join(', ')}`);

    // Work was still open when the kills ended: they fell on a run, not after it.
    expect(open).toBe(true);
    expect(points.length).toBeGreaterThanOrEqual(KILLS);
    const outcomes = await readOutcomes(h);
    expect(outcomes).toEqual(await cleanRun);
    expect(Object.values(outcomes).filter((o) => o.includes('processing-failed'))).toEqual([]);
    // The open school counts its last version's valid rows, once each.
    const lastOfSchool = FILES.filter((f) => f.institution === OPEN_SCHOOL).at(-1)!;
    expect(await countedIds(h, OPEN_SCHOOL)).toEqual([...lastOfSchool.validIds].sort());
    await h.stop();
    expect(await tableChecksums(runtimePaths(h.config).database)).toEqual(
      await tableChecksums(runtimePaths(clean.config).database),
    );
  });
});
