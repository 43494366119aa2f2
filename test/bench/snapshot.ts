/**
 * Snapshot benchmark: publishing a whole country's round (generated in SQL, as for the report
 * benchmark) as a read-only snapshot — every table to ZSTD Parquet and the catalogue of views —
 * then one query on it through the read-only path. Prints figures; asserts nothing.
 *
 * Usage: `npm run bench:snapshot -- [--rows 1500000]`
 */
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, openDatabase, queryRows } from '../../pipeline/db/database.ts';
import { publishSnapshot } from '../../pipeline/snapshot/publish-snapshot.ts';
import { openSnapshotReader, querySnapshot } from '../../pipeline/snapshot/query-snapshot.ts';
import { generateReportRound } from './support/reports-data.ts';

const ROUND = '2569-2';
const TARGET_SECONDS = 15;

const { values: flags } = parseArgs({ options: { rows: { type: 'string', default: '1500000' } } });
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const seconds = (started: number) => (performance.now() - started) / 1000;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sis-bench-snapshot-'));
  const db = await openDatabase(path.join(dir, 'sis.duckdb'));
  try {
    let started = performance.now();
    await generateReportRound(db.connection, ROUND, Number(flags.rows));
    const [count] = await queryRows<{ n: bigint }>(
      db.connection,
      'SELECT (SELECT count(*) FROM pupils) + (SELECT count(*) FROM children) AS n',
    );
    process.stderr.write(
      `bench:snapshot: generated ${Number(count?.n).toLocaleString('en')} records in ${seconds(started).toFixed(1)} s\n`,
    );
    await db.connection.run('CHECKPOINT');

    const root = path.join(dir, 'snapshots');
    started = performance.now();
    const published = await publishSnapshot(db.db, root, new Date());
    const took = seconds(started);
    let bytes = 0;
    for (const file of await readdir(published.dir))
      bytes += (await stat(path.join(published.dir, file))).size;
    const rows = Object.values(published.tables).reduce((a, b) => a + b, 0);

    const reader = await openSnapshotReader(root, ROUND);
    started = performance.now();
    const result = await querySnapshot(reader, 'SELECT sum(pupils) AS n FROM pupil_counts', {
      maxRows: 10,
      timeoutMs: null,
    });
    const queryTook = seconds(started);
    reader.close();

    say(
      `snapshot benchmark: ${Number(count?.n).toLocaleString('en')} records, ${Object.keys(published.tables).length} tables, ${rows.toLocaleString('en')} rows`,
    );
    say(
      `  publish (Parquet ZSTD + catalogue):    ${took.toFixed(2)} s (target < ${TARGET_SECONDS} s)${took < TARGET_SECONDS ? '' : '  OVER TARGET'}`,
    );
    say(`  snapshot size on disk:                 ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    say(
      `  sum(pupils) over pupil_counts:         ${queryTook.toFixed(2)} s (${String(result.rows[0]?.n)} counted)`,
    );
  } finally {
    closeDatabase(db);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
