import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { readDedupResult } from '../../pipeline/dedup/dedup-repository.ts';
import { readSchoolClaims } from '../../pipeline/dedup/school-claims-repository.ts';
import type { DedupRunSummary } from '../../pipeline/dedup/dedup-types.ts';
import { windowState } from '../../pipeline/reference/round-window.ts';
import { runDedup } from '../../pipeline/dedup/run-dedup.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS, type DedupPayload } from '../contract.ts';

/**
 * Debounces duplicate detection after loads: every load within the window pushes the one
 * pending run further back (BullMQ deduplication in debounce mode).
 */
export async function scheduleDedup(
  queues: Queues,
  roundId: string | null,
  debounceMs: number,
): Promise<void> {
  if (!roundId) return;
  const payload: DedupPayload = { roundId, afterLoads: true };
  await queues.load.add('dedup', payload, {
    ...JOB_OPTIONS.dedup,
    delay: debounceMs,
    deduplication: { id: `dedup-${roundId}`, ttl: Math.max(1, debounceMs), extend: true, replace: true },
  });
}

export interface DedupJobDeps {
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
  readonly threshold: number;
  readonly debounceMs: number;
  readonly reports: string;
  readonly now: () => Date;
}

/** Where the latest duplicate-detection result of a round is written, for every process to read. */
export function dedupResultFile(reportsDir: string, roundId: string): string {
  return path.join(reportsDir, `dedup-${roundId}.json`);
}

/** Where the latest same-school clusters of a round are written (`sis dedup schools --json` shape). */
export function schoolClaimsFile(reportsDir: string, roundId: string): string {
  return path.join(reportsDir, `dedup-schools-${roundId}.json`);
}

/** What a dedup job returns: the run's summary, or `deferred` when files were still on their way. */
export type DedupJobResult = DedupRunSummary | { readonly deferred: true };

/**
 * Runs the three rules over a round and writes the result (`sis dedup --json` shape) beside the
 * reports. A debounced run that finds more files queued or being parsed steps aside and comes
 * back after them: a run over a half-loaded wave is out of date at once, and during a country's
 * last night it would take the database from the loads for nothing.
 */
export async function runDedupJob(deps: DedupJobDeps, payload: DedupPayload): Promise<DedupJobResult> {
  if (payload.afterLoads && (await filesInFlight(deps.queues))) {
    await scheduleDedup(deps.queues, payload.roundId, deps.debounceMs);
    return { deferred: true };
  }
  const summary = await runDedup(deps.db, {
    roundId: payload.roundId,
    threshold: deps.threshold,
    now: deps.now(),
  });
  const result = await readDedupResult(deps.db, payload.roundId);
  await mkdir(deps.reports, { recursive: true });
  await writeAtomically(dedupResultFile(deps.reports, payload.roundId), result);
  const claims = await readSchoolClaims(deps.db, payload.roundId);
  await writeAtomically(schoolClaimsFile(deps.reports, payload.roundId), claims);
  return summary;
}

async function writeAtomically(target: string, value: unknown): Promise<void> {
  await writeFile(`${target}.tmp`, JSON.stringify(value));
  await rename(`${target}.tmp`, target);
}

/**
 * True while uploads wait to be registered, parsed or loaded, or are being registered or loaded:
 * a load job already taken by the loader (active, still gathering its batch) counts too, or a
 * run could slip into the lane just before it.
 */
async function filesInFlight(queues: Queues): Promise<boolean> {
  const [parse, load, active] = await Promise.all([
    queues.parse.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
    queues.load.getJobCounts('waiting', 'waiting-children', 'prioritized'),
    queues.load.getJobs(['active']),
  ]);
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const loading = active.some((job) => job.name === 'load' || job.name === 'register');
  return loading || total(parse) + total(load) > 0;
}

/** How often duplicate detection runs by itself while a round's window is open. */
const WINDOW_EVERY_MS = 30 * 60_000;

/**
 * Keeps one repeating dedup job per round whose data-entry window is open at `now`, ending when
 * the window closes; rounds no longer open lose theirs. Called when the loader starts.
 */
export async function scheduleWindowDedup(
  queues: Queues,
  rounds: ReadonlyArray<{ round_id: string; opens_at: string; closes_at: string }>,
  now: Date,
): Promise<string[]> {
  const scheduled: string[] = [];
  for (const round of rounds) {
    const id = `dedup-window-${round.round_id}`;
    const window = { opensAt: new Date(round.opens_at), closesAt: new Date(round.closes_at) };
    if (windowState(window, now) !== 'open') {
      await queues.load.removeJobScheduler(id);
      continue;
    }
    await queues.load.upsertJobScheduler(
      id,
      { every: WINDOW_EVERY_MS, endDate: Date.parse(round.closes_at) },
      { name: 'dedup', data: { roundId: round.round_id }, opts: JOB_OPTIONS.dedup },
    );
    scheduled.push(round.round_id);
  }
  return scheduled;
}
