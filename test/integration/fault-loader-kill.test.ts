import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';
import { openQueues, type Queues } from '../../workers/connection.ts';
import { submitUploads, waitForRegistration, waitForReports } from '../../workers/intake.ts';
import { silentLogger } from '../../workers/logger.ts';
import { startParseWorker } from '../../workers/parse-worker.ts';
import { OPEN_SCHOOL, rosterFile, type FaultFile } from '../support/fault-files.ts';
import { killHard, sleep, startWorker, type WorkerProcess } from '../support/fault-processes.ts';
import { IN_WINDOW, loadSmallRegistry } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { tableChecksums } from '../support/table-checksums.ts';

const ENV = { SIS_JOB_LOCK_MS: '1000', SIS_DEDUP_DEBOUNCE_MS: '3600000' };
const FIRST = rosterFile(0, OPEN_SCHOOL, 12);
/** Big versions (made when needed) with many rows that fail their checksum: thousands of issues and pupils to write. */
const BIG = [1, 2, 3].map((i) => () => rosterFile(i, OPEN_SCHOOL, 3000, 2));

/**
 * Whether the process has a staged `issues.ndjson` open. Only the load's transaction reads it
 * (the checks before it read the rosters), so a kill now lands inside that transaction.
 */
function readingStagedIssues(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('issues.ndjson');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Watches the loader until it reads staged issues (then kills it at once) or its job ends. */
async function killInsideTransaction(loader: WorkerProcess, loadDone: Promise<unknown>): Promise<boolean> {
  let done = false;
  void loadDone.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    if (readingStagedIssues(loader.child.pid!)) {
      await killHard(loader);
      return true;
    }
    await sleep(1);
  }
  return false;
}

interface WarehouseView {
  readonly statuses: Record<string, string>;
  readonly counted: string[];
}

/** The submissions and the open school's counted IDs, read from the file while no loader runs. */
async function readWarehouse(file: string): Promise<WarehouseView> {
  const database = await openDatabase(file, { readOnly: true });
  try {
    const subs = await queryRows<{ file_name: string; status: string }>(
      database.connection,
      'SELECT file_name, status FROM submissions',
    );
    const pupils = await queryRows<{ national_id: string }>(
      database.connection,
      `SELECT national_id FROM pupils WHERE institution_code = '${OPEN_SCHOOL}' ORDER BY national_id`,
    );
    return {
      statuses: Object.fromEntries(subs.map((s) => [s.file_name, s.status])),
      counted: pupils.map((p) => p.national_id),
    };
  } finally {
    closeDatabase(database);
  }
}

function upload(f: FaultFile) {
  return {
    bytes: f.bytes,
    fileName: f.name,
    uploadedBy: 'test',
    uploadedAt: new Date(),
    asOf: IN_WINDOW,
    options: {},
  };
}

describe('the loader killed inside its transaction', { timeout: 120_000 }, () => {
  const harnesses: Harness[] = [];
  let queues: Queues | undefined;
  afterAll(async () => {
    await queues?.close();
    for (const h of harnesses) await h.close().catch(() => {});
  });

  it('when the process that owns DuckDB dies mid-load then the previous version stays whole and the retry ends as a clean run', async () => {
    // A clean run of the same files beside the faulty one: the first version, then the big ones.
    const [clean, h] = await Promise.all([startHarness({ env: ENV }), startHarness({ env: ENV })]);
    harnesses.push(clean, h);
    await Promise.all([loadSmallRegistry(clean.loader), loadSmallRegistry(h.loader)]);
    const firsts = await Promise.all(
      [clean, h].map((x) => x.ingest(FIRST.bytes, FIRST.name, { asOf: IN_WINDOW })),
    );
    expect(firsts.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await h.stop();
    const database = runtimePaths(h.config).database;
    queues = await openQueues(h.config);
    const deps = { queues, paths: runtimePaths(h.config) };
    const parser = await startParseWorker(h.config, silentLogger);

    // Real timing: a version is sent, the loader watched and killed once it is inside the load's
    // transaction; a version whose load ended before the watch saw it is followed by the next.
    let hit: FaultFile | undefined;
    let previous = FIRST;
    let before: WarehouseView | undefined;
    let loader = startWorker(h.config, 'loader', ENV);
    for (const make of BIG) {
      const version = make();
      const cleanDone = clean.ingest(version.bytes, version.name, { asOf: IN_WINDOW });
      await loader.ready;
      const submitted = await submitUploads(deps, [upload(version)]);
      const registered = await waitForRegistration(deps, submitted, 30_000);
      const loaded = waitForReports(deps, submitted, registered, 60_000);
      loaded.catch(() => undefined);
      const killed = await killInsideTransaction(loader, loaded);
      await cleanDone;
      if (!killed) {
        previous = version;
        continue;
      }
      hit = version;
      before = await readWarehouse(database);
      loader = startWorker(h.config, 'loader', ENV);
      const [report] = await waitForReports(deps, submitted, registered, 60_000);
      expect(report!.status).toBe('partial');
      break;
    }
    await parser.close();
    loader.child.kill('SIGTERM');
    expect(await loader.exited).toBe('0');
    expect(hit, 'no kill landed inside a load transaction').toBeDefined();

    // At the kill: the killed version still queued, and exactly the previous version counted.
    expect(before!.statuses[hit!.name]).toBe('queued');
    expect(before!.counted).toEqual([...previous.validIds].sort());

    const after = await readWarehouse(database);
    expect(after.counted).toEqual([...hit!.validIds].sort());
    await clean.stop();
    expect(await tableChecksums(database)).toEqual(await tableChecksums(runtimePaths(clean.config).database));
  });
});
