import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { queryRows } from '../../pipeline/db/database.ts';
import { JOB_OPTIONS, jobIds, type Registered } from '../../workers/contract.ts';
import { submitUploads, waitForRegistration, waitForReports, type Submitted } from '../../workers/intake.ts';
import { OPEN_SCHOOL, countedIds, rosterFile, type FaultFile } from '../support/fault-files.ts';
import { killHard, startWorker, until, type WorkerProcess } from '../support/fault-processes.ts';
import { IN_WINDOW, loadSmallRegistry } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

const ENV = { SIS_JOB_LOCK_MS: '1000', SIS_DEDUP_DEBOUNCE_MS: '3600000' };

interface Sent {
  readonly submitted: Submitted;
  readonly registered: Registered;
}

/** Records a file (no parse worker needs to run) and returns its submission and group. */
async function send(h: Harness, file: FaultFile): Promise<Sent> {
  const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };
  const submitted = await submitUploads(deps, [
    {
      bytes: file.bytes,
      fileName: file.name,
      uploadedBy: 'test',
      uploadedAt: new Date(),
      asOf: IN_WINDOW,
      options: {},
    },
  ]);
  const [registered] = await waitForRegistration(deps, submitted, 30_000);
  return { submitted, registered: registered! };
}

/**
 * Waits until the file's parse job has been tried `times` times and waits for its next try
 * (delayed, so no try runs while the test changes the fault); returns its failed attempts.
 */
async function tried(h: Harness, sent: Sent, times: number): Promise<number> {
  return until(async () => {
    const job = await Job.fromId(h.loader.queues.parse, jobIds.parse(sent.registered.group!));
    if (!job || job.attemptsStarted < times) return undefined;
    return (await job.getState()) === 'delayed' ? job.attemptsMade : undefined;
  }, 30_000);
}

/** The worker's log lines that say the job waits for storage, for this error. */
function waits(worker: WorkerProcess, error: RegExp): number {
  return worker
    .output()
    .split('\n')
    .filter((l) => l.includes('"message":"parse job waits for storage"') && error.test(l)).length;
}

/** Every file under a folder, relative to it (none when it is missing or no folder). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** What the warehouse holds of a submission: its status and rows. */
async function state(h: Harness, submissionId: number) {
  const [row] = await queryRows<{ status: string; pupils: bigint; issues: bigint }>(
    h.loader.database.db,
    `SELECT status, (SELECT count(*) FROM pupils WHERE submission_id = $1) AS pupils,
            (SELECT count(*) FROM issues WHERE submission_id = $1) AS issues
     FROM submissions WHERE submission_id = $1`,
    [submissionId],
  );
  return { status: row!.status, pupils: Number(row!.pupils), issues: Number(row!.issues) };
}

describe('staging storage that fails', { timeout: 120_000 }, () => {
  let h: Harness;
  let worker: WorkerProcess;
  let staging: string;
  beforeAll(async () => {
    h = await startHarness({ parseWorker: false, env: ENV });
    await loadSmallRegistry(h.loader);
    staging = runtimePaths(h.config).staging;
    worker = startWorker(h.config, 'parse', ENV);
    await worker.ready;
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await h?.close();
  });

  it('when the disk is full under the staging folder for longer than the job has attempts then each try logs the error, nothing is loaded, and the file counts once after it clears', async () => {
    const file = rosterFile(0, OPEN_SCHOOL, 30, 7);
    const sent = await send(h, file);
    // Every staging file this group may write goes to /dev/full: each write fails with ENOSPC.
    const groupDir = path.join(staging, sent.registered.group!);
    for (const part of ['group', `file-${sent.registered.submissionId}`]) {
      await mkdir(path.join(groupDir, part), { recursive: true });
      for (const table of ['pupils', 'issues'])
        await symlink('/dev/full', path.join(groupDir, part, `${table}.ndjson`));
    }
    // More tries than the job has attempts: a fault of the disk does not use them up.
    const tries = JOB_OPTIONS.parse.attempts + 1;
    expect(await tried(h, sent, tries)).toBe(0);
    await until(
      () => waits(worker, /cannot write staging files .*ENOSPC: no space left on device/u) >= tries - 1,
      10_000,
    );
    // Nothing committed for the loader (no summaries), nothing loaded, the file still waits.
    expect((await filesUnder(groupDir)).filter((f) => f.endsWith('summaries.json'))).toEqual([]);
    expect(await state(h, sent.registered.submissionId)).toEqual({ status: 'queued', pupils: 0, issues: 0 });

    await rm(groupDir, { recursive: true, force: true });
    // It would try again by itself in 8 s; an operator who freed the disk may start it at once.
    await (await Job.fromId(h.loader.queues.parse, jobIds.parse(sent.registered.group!)))!.promote();
    const [report] = await waitForReports(
      { queues: h.loader.queues, paths: runtimePaths(h.config) },
      sent.submitted,
      [sent.registered],
      60_000,
    );
    expect(report!.status).toBe('partial');
    expect(await state(h, sent.registered.submissionId)).toEqual({
      status: 'partial',
      pupils: file.validIds.length,
      issues: 30 - file.validIds.length,
    });
    expect(await countedIds(h, OPEN_SCHOOL)).toEqual([...file.validIds].sort());
  });

  it('when the staging folder is a file then the error is logged, nothing is loaded, and the file counts once after it is a folder again', async () => {
    const file = rosterFile(1, OPEN_SCHOOL, 20);
    await rm(staging, { recursive: true, force: true });
    await writeFile(staging, 'not a folder');
    const sent = await send(h, file);
    expect(await tried(h, sent, 1)).toBe(0);
    await until(() => waits(worker, /cannot write staging files .*(ENOTDIR|EEXIST)/u) >= 1, 10_000);
    expect(await state(h, sent.registered.submissionId)).toEqual({ status: 'queued', pupils: 0, issues: 0 });
    // The earlier version still counts, whole.
    expect(await countedIds(h, OPEN_SCHOOL)).toHaveLength(30 - Math.ceil(30 / 7));

    await rm(staging, { force: true });
    await mkdir(staging);
    const [report] = await waitForReports(
      { queues: h.loader.queues, paths: runtimePaths(h.config) },
      sent.submitted,
      [sent.registered],
      60_000,
    );
    expect(report!.status).toBe('accepted');
    expect(await countedIds(h, OPEN_SCHOOL)).toEqual([...file.validIds].sort());
    const [files] = await queryRows<{ n: bigint }>(
      h.loader.database.db,
      `SELECT count(*) AS n FROM submissions WHERE sha256 = (SELECT sha256 FROM submissions WHERE submission_id = $1)`,
      [sent.registered.submissionId],
    );
    expect(Number(files!.n)).toBe(1);
  });
});
