import path from 'node:path';
import { closeDatabase, openDatabase, queryRows } from '../../../pipeline/db/database.ts';
import { compareWarehouses, type WarehouseComparison } from './compare-warehouses.ts';
import { prepareSequential, type SequentialWarehouse } from './sequential-ingest.ts';
import { waitUntilSettled, type SettledReport } from './settle.ts';
import { startSoakSystem, windowAroundNow, type SoakSystem } from './soak-system.ts';
import type { PlannedUpload } from './upload-plan.ts';
import { runUploaders, type UploadRun } from './uploaders.ts';

export interface SoakOptions {
  readonly registry: string;
  readonly plan: Iterator<PlannedUpload>;
  readonly uploaders: number;
  readonly workers: number;
  /** How long uploaders start new uploads (those under way finish); none: the whole plan. */
  readonly durationMs?: number;
  readonly settleTimeoutMs: number;
  readonly env?: Record<string, string>;
  /** Extra environment of the sequential ingest (none: the defaults, as an operator runs it). */
  readonly sequentialEnv?: Record<string, string>;
  /** Called once the processes run (the benchmark samples their memory). */
  readonly onStarted?: (system: SoakSystem) => void;
  /**
   * Ingest the final files only after the soak's processes stopped (a benchmark's baseline must
   * not share the cores with them); by default both run at once, to keep a test short.
   */
  readonly sequentialAfterStop?: boolean;
  /** Progress lines (the benchmark prints them on stderr). */
  readonly say?: (line: string) => void;
}

/** A submission as the soak's warehouse holds it at the end. */
export interface StoredSubmission {
  readonly status: string;
  readonly uploadedAt: number;
  readonly finishedAt: number | null;
  readonly rowsTotal: number;
  readonly isCurrent: boolean;
  readonly subjectCode: string | null;
}

export interface SoakOutcome {
  readonly upload: UploadRun;
  readonly settled: ReadonlyMap<number, SettledReport>;
  readonly stored: ReadonlyMap<number, StoredSubmission>;
  /** Per institution (plan key), the path of its last upload answered 202: what the night ends with. */
  readonly finalFiles: ReadonlyMap<string, string>;
  readonly soakDatabase: string;
  readonly sequentialDatabase: string;
  /** Seconds of the sequential `sis ingest` calls and their duplicate-detection run. */
  readonly sequentialSeconds: number;
  readonly comparison: WarehouseComparison;
  /** Exit codes of the server and workers after SIGTERM. */
  readonly exitCodes: readonly (number | null)[];
  remove(): Promise<void>;
}

/**
 * The soak: a server and parse workers in processes of their own, concurrent uploaders over HTTP
 * until the plan or the time ends, every upload waited for; then duplicate detection, the
 * processes stopped, the night's final files ingested one call after another into a fresh
 * warehouse, and both warehouses compared table by table.
 */
export async function runSoak(options: SoakOptions): Promise<SoakOutcome> {
  const say = options.say ?? (() => {});
  const window = windowAroundNow();
  say(`starting a server and ${options.workers} parse worker(s), and a second warehouse`);
  const [system, sequential] = await bothOrNeither(
    startSoakSystem({
      workers: options.workers,
      registry: options.registry,
      window,
      ...(options.env ? { env: options.env } : {}),
    }),
    prepareSequential(options.registry, window, options.sequentialEnv),
  );
  const remove = async () => {
    await system.stop();
    await system.remove();
    await sequential.remove();
  };
  try {
    return { ...(await soakAndCompare(options, system, sequential, say)), remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function soakAndCompare(
  options: SoakOptions,
  system: SoakSystem,
  sequential: SequentialWarehouse,
  say: (line: string) => void,
): Promise<Omit<SoakOutcome, 'remove'>> {
  options.onStarted?.(system);
  say(`${options.uploaders} uploaders on ${system.url}`);
  const upload = await runUploaders({
    url: system.url,
    token: system.token,
    uploaders: options.uploaders,
    plan: options.plan,
    ...(options.durationMs === undefined ? {} : { stopAt: Date.now() + options.durationMs }),
  });
  say(`${upload.records.length} uploads answered 202; waiting until every one is settled`);
  const ids = upload.records.map((r) => r.submissionId);
  const settled = await waitUntilSettled(system.url, system.token, ids, options.settleTimeoutMs);
  const finalFiles = lastUploadPerInstitution(upload);
  say(`duplicate detection and stop; meanwhile ${finalFiles.size} final files into the second warehouse`);
  const finish = () => system.sis(['dedup', '--json']).then(() => stopInOrder(system));
  const ingest = () => sequential.ingest([...finalFiles.values()]);
  const [exitCodes, sequentialSeconds] = options.sequentialAfterStop
    ? [await finish(), await ingest()]
    : await Promise.all([finish(), ingest()]);
  const soakDatabase = path.join(system.dataDir, 'runtime', 'sis.duckdb');
  say('comparing the warehouses');
  return {
    upload,
    settled,
    stored: await readStoredSubmissions(soakDatabase),
    finalFiles,
    soakDatabase,
    sequentialDatabase: sequential.databaseFile,
    sequentialSeconds,
    comparison: await compareWarehouses(soakDatabase, sequential.databaseFile),
    exitCodes,
  };
}

/** Both started things, or (when one fails) neither: the one that started is removed again. */
async function bothOrNeither(
  a: Promise<SoakSystem>,
  b: Promise<SequentialWarehouse>,
): Promise<[SoakSystem, SequentialWarehouse]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'fulfilled' && rb.status === 'fulfilled') return [ra.value, rb.value];
  if (ra.status === 'fulfilled') await ra.value.stop().then(() => ra.value.remove());
  if (rb.status === 'fulfilled') await rb.value.remove();
  throw ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
}

async function stopInOrder(system: SoakSystem): Promise<Array<number | null>> {
  const codes: Array<number | null> = [];
  for (const worker of system.workers) codes.push(await worker.stop());
  codes.push(await system.server.stop());
  return codes;
}

/** The answers came back in order and one institution's uploads never overlap: its last 202 is its last upload. */
export function lastUploadPerInstitution(upload: UploadRun): Map<string, string> {
  const last = new Map<string, string>();
  for (const record of upload.records) last.set(record.key, record.path);
  return last;
}

/** Every submission of a warehouse file, by id. */
export async function readStoredSubmissions(file: string): Promise<Map<number, StoredSubmission>> {
  const database = await openDatabase(file, { readOnly: true });
  try {
    const rows = await queryRows<{
      id: bigint;
      status: string;
      uploaded: bigint;
      finished: bigint | null;
      rows_total: number;
      is_current: boolean;
      subject_code: string | null;
    }>(
      database.connection,
      `SELECT submission_id AS id, status, epoch_ms(uploaded_at) AS uploaded, epoch_ms(finished_at) AS finished, rows_total, is_current, subject_code
       FROM submissions`,
    );
    return new Map(
      rows.map((r) => [
        Number(r.id),
        {
          status: r.status,
          uploadedAt: Number(r.uploaded),
          finishedAt: r.finished === null ? null : Number(r.finished),
          rowsTotal: r.rows_total,
          isCurrent: r.is_current,
          subjectCode: r.subject_code,
        },
      ]),
    );
  } finally {
    closeDatabase(database);
  }
}
