import type { FlowJob } from 'bullmq';
import type { Kysely } from 'kysely';
import { setUploaderProvince, uploaderProvinces } from '../../pipeline/auth/account-repository.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import {
  allocateSubmissionIds,
  createSubmissions,
  findByHashes,
  setFileGroup,
  type SubmissionRow,
} from '../../pipeline/db/submission-repository.ts';
import type { Queues } from '../connection.ts';
import {
  GROUPS,
  JOB_OPTIONS,
  QUEUE_NAMES,
  groupKey,
  jobIds,
  optionsKey,
  type IngestOptions,
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
  | { readonly kind: 'known'; readonly row: SubmissionRow; readonly restart: boolean; readonly mine: boolean }
  | { readonly kind: 'new' }
  | { readonly kind: 'same-as-batch'; readonly index: number };

/** An upload that needs a parse → load flow, once its submission id is known. */
interface Travelling {
  readonly index: number;
  readonly submissionId: number;
  readonly size: number;
}

/**
 * Records waves of uploads as `queued` submissions (many per statement) and starts one
 * parse → load flow per group of files of the batch. The same bytes already counted are
 * `unchanged`; bytes in flight join that submission. Idempotent: a retried job finds the
 * submissions its first attempt created (same hash and arrival instant) and restarts their flows
 * (a file parsed twice is still loaded once).
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
  const provinces = await uploaderProvinces(
    deps.db,
    existing.map((s) => s.submissionId),
  );
  const decisions = entries.map((e, i) => decide(e.upload, i, entries, existing, provinces));
  const ids = await submissionIds(deps.db, decisions);
  const travelling = entries.flatMap((e, index): Travelling[] => {
    const d = decisions[index]!;
    const moves = d.kind === 'new' || (d.kind === 'known' && d.restart);
    return moves ? [{ index, submissionId: ids[index]!, size: e.upload.fileSize }] : [];
  });
  // Groups span the waves of a batch: single web uploads that arrive together travel together.
  const groups = packGroups(travelling, GROUPS);
  const groupOf = new Map<number, string>();
  for (const members of groups) {
    const key = groupKey(members.map((t) => t.submissionId));
    for (const t of members) groupOf.set(t.index, key);
  }
  await record(deps, entries, decisions, ids, groupOf);
  if (groups.length > 0) await deps.queues.flows.addBulk(groups.map((g) => flowOf(g, entries)));
  const results = entries.map((_, i) => resultOf(i, decisions, ids, groupOf));
  return waves.map((_, wave) => ({ files: results.filter((_, i) => entries[i]!.wave === wave) }));
}

/**
 * An upload is known by its bytes and the options it was sent with: the same bytes under another
 * round or institution are a correction that must be parsed again, never `unchanged`.
 */
function decide(
  p: UploadPayload,
  index: number,
  all: readonly Entry[],
  existing: readonly SubmissionRow[],
  provinces: ReadonlyMap<number, string>,
): Decision {
  const options = optionsKey(p.options);
  // Known bytes count as the same upload only when sent with the same options and for the same
  // province: bytes a province's account sends are checked against its province even when held.
  const sameUpload = (sha256: string, opts: string, province: string | undefined) =>
    sha256 === p.sha256 && opts === options && province === p.uploaderProvince;
  // The same upload twice in one batch: one submission (also when a retry finds it recorded).
  const earlier = all.findIndex((q) =>
    sameUpload(q.upload.sha256, optionsKey(q.upload.options), q.upload.uploaderProvince),
  );
  if (earlier < index) return { kind: 'same-as-batch', index: earlier };
  const mine = existing.find(
    (s) =>
      sameUpload(s.sha256, s.uploadOptions, provinces.get(s.submissionId)) &&
      s.uploadedAt.getTime() === Date.parse(p.uploadedAt),
  );
  if (mine) return { kind: 'known', row: mine, restart: !mine.finished, mine: true };
  const same = existing
    .filter(
      (s) =>
        sameUpload(s.sha256, s.uploadOptions, provinces.get(s.submissionId)) &&
        (s.isCurrent || s.status === 'queued'),
    )
    .sort((a, b) => b.submissionId - a.submissionId)[0];
  if (same) return { kind: 'known', row: same, restart: false, mine: false };
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

/** Inserts the new submissions and points restarted ones at their new group. */
async function record(
  deps: RegisterDeps,
  entries: readonly Entry[],
  decisions: readonly Decision[],
  ids: readonly number[],
  groupOf: ReadonlyMap<number, string>,
): Promise<void> {
  const fresh = entries.flatMap((e, i) =>
    decisions[i]!.kind === 'new'
      ? [
          {
            ...e.upload,
            uploadedAt: new Date(e.upload.uploadedAt),
            asOf: new Date(e.upload.asOf),
            uploadOptions: optionsKey(e.upload.options),
            submissionId: ids[i]!,
            fileGroup: groupOf.get(i)!,
          },
        ]
      : [],
  );
  await createSubmissions(deps.db, fresh);
  await setUploaderProvince(
    deps.db,
    fresh.flatMap((f) =>
      f.uploaderProvince ? [{ submissionId: f.submissionId, provinceCode: f.uploaderProvince }] : [],
    ),
  );
  const restarted = new Map<string, number[]>();
  decisions.forEach((d, i) => {
    if (d.kind !== 'known' || !d.restart) return;
    const key = groupOf.get(i)!;
    restarted.set(key, [...(restarted.get(key) ?? []), ids[i]!]);
  });
  for (const [key, members] of restarted) await setFileGroup(deps.db, members, key);
}

function resultOf(
  index: number,
  decisions: readonly Decision[],
  ids: readonly number[],
  groupOf: ReadonlyMap<number, string>,
): Registered {
  const d = decisions[index]!;
  if (d.kind === 'same-as-batch') return resultOf(d.index, decisions, ids, groupOf);
  const submissionId = ids[index]!;
  if (d.kind === 'new' || d.restart) return { submissionId, status: 'queued', group: groupOf.get(index)! };
  // This very upload, recorded by an earlier attempt: its report tells the real status.
  if (d.mine) return { submissionId, status: 'queued', group: d.row.fileGroup };
  return { submissionId, status: d.row.status === 'queued' ? 'queued' : 'unchanged', group: d.row.fileGroup };
}

function flowOf(group: readonly Travelling[], entries: readonly Entry[]): FlowJob {
  const key = groupKey(group.map((t) => t.submissionId));
  return groupFlow(
    key,
    group.map((t) => {
      const upload = entries[t.index]!.upload;
      return {
        submissionId: t.submissionId,
        sha256: upload.sha256,
        fileName: upload.fileName,
        options: upload.options,
      };
    }),
  );
}

/** One file of a group, as its parse job reads it. */
export interface GroupFile {
  readonly submissionId: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly options: IngestOptions;
}

/** The parse → load flow of one group of files; its job ids are the group's, so adding it twice adds it once. */
export function groupFlow(key: string, files: readonly GroupFile[]): FlowJob {
  const members = files.map((f) => f.submissionId);
  return {
    name: 'load',
    queueName: QUEUE_NAMES.load,
    data: { group: key, submissionIds: members },
    opts: { ...JOB_OPTIONS.load, jobId: jobIds.load(key) },
    children: [
      {
        name: 'parse',
        queueName: QUEUE_NAMES.parse,
        data: { group: key, files },
        opts: { ...JOB_OPTIONS.parse, jobId: jobIds.parse(key), ignoreDependencyOnFailure: true },
      },
    ],
  };
}
