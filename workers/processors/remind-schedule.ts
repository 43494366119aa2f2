import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { windowState } from '../../pipeline/reference/round-window.ts';
import type { Queues } from '../connection.ts';
import { JOB_OPTIONS } from '../contract.ts';
import type { RemindDeps, RemindResult } from './signoff.ts';

const DAY_MS = 86_400_000;

export const scheduledRemindPayloadSchema = z.object({
  roundId: z.string().regex(/^\d{4}-[12]$/u),
  daysBefore: z.number().int().min(0).max(60),
});
export type ScheduledRemindPayload = z.infer<typeof scheduledRemindPayloadSchema>;

/** The job id of a round's reminder run `days` days before its close: one per round and day. */
export const remindJobId = (roundId: string, days: number) => `remind-${roundId}-${days}d`;

/**
 * Keeps one delayed `remind` job per open round and configured day before its close (e.g. 7, 3
 * and 1), replacing any earlier one (a moved window moves its reminders). Runs already past are
 * not added. Called when the loader starts and when an admin moves a window.
 */
export async function scheduleReminders(
  queues: Queues,
  rounds: ReadonlyArray<{ round_id: string; opens_at: string; closes_at: string }>,
  days: readonly number[],
  now: Date,
): Promise<string[]> {
  const scheduled: string[] = [];
  for (const round of rounds) {
    const window = { opensAt: new Date(round.opens_at), closesAt: new Date(round.closes_at) };
    for (const d of days) {
      const id = remindJobId(round.round_id, d);
      await queues.load.remove(id);
      const fireAt = window.closesAt.getTime() - d * DAY_MS;
      if (windowState(window, now) !== 'open' || fireAt <= now.getTime()) continue;
      const payload: ScheduledRemindPayload = { roundId: round.round_id, daysBefore: d };
      await queues.load.add('remind', payload, {
        ...JOB_OPTIONS.dedup,
        jobId: id,
        delay: fireAt - now.getTime(),
      });
      scheduled.push(id);
    }
  }
  return scheduled;
}

/**
 * A scheduled reminder run: every province with LAOs in the registry is reminded as `sis remind`
 * would, on the loader's clock. The chase list is read afresh, so LAOs that have since sent
 * everything get nothing, and the outbox's message ids keep one day's run from sending twice.
 */
export async function runScheduledReminders(
  deps: RemindDeps & { readonly now: () => Date; readonly remindersDir: string },
  payload: ScheduledRemindPayload,
): Promise<ScheduledRemindResult[]> {
  const provinces = await deps.lane(() => provincesWithLaos(deps.db));
  const at = deps.now().toISOString();
  // Loaded when reminders are due: the letters' templates are not needed to schedule them.
  const { runReminders } = await import('./signoff.ts');
  const results: ScheduledRemindResult[] = [];
  for (const provinceCode of provinces) {
    const result = await runReminders(deps, {
      op: 'remind',
      roundId: payload.roundId,
      provinceCode,
      by: `schedule (${payload.daysBefore} days before the close)`,
      at,
      dryRun: false,
    });
    const letters =
      result.unsent > 0 ? await writeLetters(deps.remindersDir, result, payload.daysBefore) : null;
    results.push({ round: result.round, province: result.province, messages: result.messages, letters });
  }
  return results;
}

/** One province's scheduled run: its messages, and where its letters and phone list were written. */
export interface ScheduledRemindResult extends Pick<RemindResult, 'round' | 'province' | 'messages'> {
  readonly letters: string | null;
}

/** The letters (A4 HTML) and phone list (CSV) of what was not e-mailed, beside those of `sis remind`. */
async function writeLetters(dir: string, result: RemindResult, days: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${result.round}-${result.province}-${days}d-before-close`);
  await writeFile(`${base}.html`, result.letters);
  await writeFile(`${base}.csv`, result.phoneCsv);
  return base;
}

async function provincesWithLaos(db: Kysely<Warehouse>): Promise<string[]> {
  const rows = await db
    .selectFrom('laos')
    .select('province_code')
    .distinct()
    .orderBy('province_code')
    .execute();
  return rows.map((r) => r.province_code);
}
