import type { FlowJob } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import {
  allocateSubmissionIds,
  createSubmissions,
  findByHashes,
  setLoadJob,
  type SubmissionRow,
} from '../../pipeline/db/submission-repository.ts';
import type { Queues } from '../connection.ts';
import {
  GROUPS,
  JOB_OPTIONS,
  QUEUE_NAMES,
  jobIds,
  type Registered,
  type RegisterPayload,
  type RegisterResult,
  type UploadPayload,
} from '../contract.ts';
import { packGroups } from './groups.ts';

export interface RegisterDeps {
  readonly db: Kysely<Warehouse>;
  readonly queues: Queues;
}

/** One upload of a batch, with the wave (register job) it came in. */
interface Entry {
  readonly wave: number;
  readonly upload: UploadPayload;
}

/** What to do with one upload of a batch. */
type Decision =
  | { readonly kind: 'known'; readonly row: SubmissionRow; readonly restart: boolean }
  | { readonly kind: 'new' }
  | { readonly kind: 'same-as-batch'; readonly index: number };

/** An upload that needs a parse → load flow, once its submission id is known. */
interface Travelling {
  readonly index: number;
  readonly wave: number;
  readonly submissionId: number;
  readonly size: number;
}

/**
 * Records waves of uploads as `queued` submissions (many per statement) and starts one
 * parse → load flow per group of files of a wave. The same bytes already counted are
 * `unchanged`; bytes in flight join that submission. Idempotent: a retried job finds the
 * submissions its first attempt created (same hash and arrival instant), and groups are named by
 * their members, so a flow is never started twice.
 */
export async function registerUploads(
  deps: RegisterDeps,
  waves: readonly RegisterPayload[],
): Promise<RegisterResult[]> {
  const entries: Entry[] = waves.flatMap((w, wave) => w.uploads.map((upload) => ({ wave, upload })));
  const existing = await findByHashes(
    deps.db,
    entries.map((e) => e.upload.sha256),
  );
  const decisions = entries.map((e, i) => decide(e.upload, i, entries, existing));
  const ids = await submissionIds(deps.db, decisions);
  const travelling = entries.flatMap((e, index): Travelling[] => {
    const d = decisions[index]!;
    const moves = d.kind === 'new' || (d.kind === 'known' && d.restart);
    return moves ? [{ index, wave: e.wave, submissionId: ids[index]!, size: e.upload.fileSize }] : [];
  });
  const groups = waves.flatMap((_, wave) =>
    packGroups(
      travelling.filter((t) => t.wave === wave),
      GROUPS,
    ),
  );
  const loadJobOf = new Map<number, string>();
  for (const group of groups) {
    const job = jobIds.load(group.map((t) => t.submissionId));
    for (const t of group) loadJobOf.set(t.index, job);
  }
  await record(deps.db, entries, decisions, ids, loadJobOf);
  if (groups.length > 0) await deps.queues.flows.addBulk(groups.map((g) => flowOf(g, entries)));
  const results = entries.map((_, i) => resultOf(i, decisions, ids, loadJobOf));
  return waves.map((_, wave) => ({ files: results.filter((_, i) => entries[i]!.wave === wave) }));
}

function decide(
  p: UploadPayload,
  index: number,
  all: readonly Entry[],
  existing: readonly SubmissionRow[],
): Decision {
  // The same bytes twice in one batch: one submission (also when a retry finds it recorded).
  const earlier = all.findIndex((q) => q.upload.sha256 === p.sha256);
  if (earlier < index) return { kind: 'same-as-batch', index: earlier };
  const mine = existing.find(
    (s) => s.sha256 === p.sha256 && s.uploadedAt.getTime() === Date.parse(p.uploadedAt),
  );
  if (mine) return { kind: 'known', row: mine, restart: !mine.finished };
  const same = existing
    .filter((s) => s.sha256 === p.sha256 && (s.isCurrent || s.status === 'queued'))
    .sort((a, b) => b.submissionId - a.submissionId)[0];
  if (same) return { kind: 'known', row: same, restart: false };
  return { kind: 'new' };
}

/** The submission id of every entry: known ones keep theirs, new ones get fresh ids. */
async function submissionIds(db: Kysely<Warehouse>, decisions: readonly Decision[]): Promise<number[]> {
  const fresh = await allocateSubmissionIds(db, decisions.filter((d) => d.kind === 'new').length);
  let next = 0;
  const ids = decisions.map((d) =>
    d.kind === 'known' ? d.row.submissionId : d.kind === 'new' ? fresh[next++]! : 0,
  );
  return decisions.map((d, i) => (d.kind === 'same-as-batch' ? ids[d.index]! : ids[i]!));
}

/** Inserts the new submissions and points restarted ones at their new load job. */
async function record(
  db: Kysely<Warehouse>,
  entries: readonly Entry[],
  decisions: readonly Decision[],
  ids: readonly number[],
  loadJobOf: ReadonlyMap<number, string>,
): Promise<void> {
  const fresh = entries.flatMap((e, i) =>
    decisions[i]!.kind === 'new'
      ? [
          {
            ...e.upload,
            uploadedAt: new Date(e.upload.uploadedAt),
            asOf: new Date(e.upload.asOf),
            submissionId: ids[i]!,
            loadJob: loadJobOf.get(i)!,
          },
        ]
      : [],
  );
  await createSubmissions(db, fresh);
  const restarted = new Map<string, number[]>();
  decisions.forEach((d, i) => {
    if (d.kind !== 'known' || !d.restart) return;
    const job = loadJobOf.get(i)!;
    restarted.set(job, [...(restarted.get(job) ?? []), ids[i]!]);
  });
  for (const [job, members] of restarted) await setLoadJob(db, members, job);
}

function resultOf(
  index: number,
  decisions: readonly Decision[],
  ids: readonly number[],
  loadJobOf: ReadonlyMap<number, string>,
): Registered {
  const d = decisions[index]!;
  if (d.kind === 'same-as-batch') return resultOf(d.index, decisions, ids, loadJobOf);
  const submissionId = ids[index]!;
  if (d.kind === 'new' || d.restart)
    return { submissionId, status: 'queued', loadJobId: loadJobOf.get(index)! };
  return d.row.status === 'queued'
    ? { submissionId, status: 'queued', loadJobId: d.row.loadJob }
    : { submissionId, status: 'unchanged', loadJobId: null };
}

function flowOf(group: readonly Travelling[], entries: readonly Entry[]): FlowJob {
  const members = group.map((t) => t.submissionId);
  return {
    name: 'load',
    queueName: QUEUE_NAMES.load,
    data: { submissionIds: members },
    opts: { ...JOB_OPTIONS.load, jobId: jobIds.load(members) },
    children: [
      {
        name: 'parse',
        queueName: QUEUE_NAMES.parse,
        data: {
          files: group.map((t) => {
            const upload = entries[t.index]!.upload;
            return {
              submissionId: t.submissionId,
              sha256: upload.sha256,
              fileName: upload.fileName,
              options: upload.options,
            };
          }),
        },
        opts: { ...JOB_OPTIONS.parse, jobId: jobIds.parse(members), ignoreDependencyOnFailure: true },
      },
    ],
  };
}
