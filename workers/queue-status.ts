import { Job, type Queue } from 'bullmq';
import type { Queues } from './connection.ts';
import {
  jobIds,
  type FailedJob,
  type GroupStage,
  type QueueDepth,
  type QueueName,
  type QueueStats,
} from './contract.ts';

/** The most finished jobs read to measure throughput: bounds the cost of a status page. */
const THROUGHPUT_SCAN = 5_000;

function queueOf(queues: Queues, name: QueueName): Queue {
  return name === 'parse' ? queues.parse : queues.load;
}

/**
 * Where a group stands, from its two jobs: the parse job (child) runs first, then the load job
 * (parent). A finished parse job, or a load job no longer waiting for it, means the files are
 * being (or about to be) written; jobs not created yet, or waiting, mean queued.
 */
export async function groupStage(queues: Queues, group: string): Promise<GroupStage> {
  const [parse, load] = await Promise.all([
    Job.fromId(queues.parse, jobIds.parse(group)),
    Job.fromId(queues.load, jobIds.load(group)),
  ]);
  const [parseState, loadState] = await Promise.all([parse?.getState(), load?.getState()]);
  const progress = parse?.progress ?? null;
  if (loadState === 'active' || loadState === 'completed') return { stage: 'loading', progress };
  if (parseState === 'completed') return { stage: 'loading', progress };
  if (loadState === 'waiting' || loadState === 'prioritized') return { stage: 'loading', progress };
  if (parseState === 'active') return { stage: 'parsing', progress };
  return { stage: 'queued', progress };
}

async function depth(queues: Queues, name: QueueName): Promise<QueueDepth> {
  const counts = await queueOf(queues, name).getJobCounts(
    'waiting',
    'prioritized',
    'active',
    'delayed',
    'failed',
    'waiting-children',
  );
  return {
    queue: name,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    waitingChildren: counts['waiting-children'] ?? 0,
  };
}

/** Finished jobs are kept newest first: read until one finished before the window starts. */
async function finishedSince(queue: Queue, since: number): Promise<number> {
  const jobs = await queue.getJobs(['completed', 'failed'], 0, THROUGHPUT_SCAN - 1, false);
  return jobs.filter((job) => (job?.finishedOn ?? 0) >= since).length;
}

export async function queueStats(queues: Queues, minutes: number, now = Date.now()): Promise<QueueStats> {
  const since = now - minutes * 60_000;
  const [parse, load, parsed, loaded] = await Promise.all([
    depth(queues, 'parse'),
    depth(queues, 'load'),
    finishedSince(queues.parse, since),
    finishedSince(queues.load, since),
  ]);
  return { queues: [parse, load], minutes, finished: parsed + loaded };
}

export async function failedJobs(queues: Queues, limit: number): Promise<FailedJob[]> {
  const names: QueueName[] = ['parse', 'load'];
  const lists = await Promise.all(
    names.map(async (name) => {
      const jobs = await queueOf(queues, name).getFailed(0, limit - 1);
      return jobs.filter(Boolean).map((job): FailedJob => ({
        queue: name,
        id: String(job.id),
        name: job.name,
        reason: (job.failedReason ?? '').slice(0, 500),
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      }));
    }),
  );
  return lists
    .flat()
    .sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''))
    .slice(0, limit);
}

export async function retryJob(queues: Queues, name: QueueName, jobId: string): Promise<boolean> {
  const job = await Job.fromId(queueOf(queues, name), jobId);
  if (!job || !(await job.isFailed())) return false;
  await job.retry('failed');
  return true;
}
