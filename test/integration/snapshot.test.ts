import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { withDuckDB } from '../../pipeline/db/kysely-duckdb.ts';
import { SisError } from '../../pipeline/errors.ts';
import { DEFAULT_LIMITS, openSnapshotReader, querySnapshot } from '../../pipeline/snapshot/query-snapshot.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { publishSnapshotNow } from '../../workers/processors/snapshot.ts';
import { writeRosterWorkbook, type RosterRow } from '../helpers/exceljs-roster.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';

const ROUND = '2562-2';
const SCHOOL = '3042000001';
const INFO = { institution_code: SCHOOL, academic_year: 2562, term: 2 };

function pupil(n: number, sex: 'ชาย' | 'หญิง', grade: string): RosterRow {
  return {
    national_id: validId(`11037026${String(2000 + n)}`),
    prefix: sex === 'ชาย' ? 'ด.ช.' : 'ด.ญ.',
    first_name: `ทดสอบ${n}`,
    last_name: 'สแนปช็อต',
    sex,
    birth_date: '05/03/2556',
    grade,
  };
}

/** Three boys and two girls in ป.1, one girl in ป.2: counted by hand. */
const ROSTER = [
  pupil(1, 'ชาย', 'ป.1'),
  pupil(2, 'ชาย', 'ป.1'),
  pupil(3, 'ชาย', 'ป.1'),
  pupil(4, 'หญิง', 'ป.1'),
  pupil(5, 'หญิง', 'ป.1'),
  pupil(6, 'หญิง', 'ป.2'),
];

describe('the published snapshot and sis query', { timeout: 240_000 }, () => {
  let h: Harness;
  let snapshots: string;
  const env = () => ({ SIS_DATA_DIR: h.config.dataDir, SIS_QUEUE_PREFIX: h.config.queuePrefix });
  const query = (...args: string[]) => runSis(['query', ...args], env());

  beforeAll(async () => {
    h = await startHarness();
    snapshots = runtimePaths(h.config).snapshots;
    await loadSmallRegistry(h.loader);
    const report = await h.ingest(
      await writeRosterWorkbook(SIS_STUDENTS, { info: INFO, rows: ROSTER }),
      'r.xlsx',
      {
        asOf: IN_WINDOW,
      },
    );
    expect(report.status).toBe('accepted');
  });
  afterAll(async () => h?.close());

  it('when a snapshot is published then each table is one ZSTD Parquet file, account secrets are not among them, and the pointer names it', async () => {
    const published = await publishSnapshotNow(h.loader.queues);
    const pointer = JSON.parse(await readFile(path.join(snapshots, 'current.json'), 'utf8')) as {
      id: string;
      tables: Record<string, number>;
    };
    expect(pointer.id).toBe(published.id);
    expect(pointer.tables.pupils).toBe(ROSTER.length);
    const files = (await readdir(path.join(snapshots, published.id))).sort();
    expect(files).toContain('pupils.parquet');
    expect(files).toContain('catalogue.duckdb');
    for (const secret of ['users', 'api_tokens', 'audit_log'])
      expect(files).not.toContain(`${secret}.parquet`);

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT DISTINCT compression FROM parquet_metadata('${path.join(snapshots, published.id)}/*.parquet')`,
    );
    connection.closeSync();
    instance.closeSync();
    expect(reader.getRowObjectsJS().map((r) => r.compression)).toEqual(['ZSTD']);
  });

  it('when another process queries pupil_counts as JSON then rows carry numbers as numbers and the snapshot time goes to stderr', async () => {
    const run = await query(
      'SELECT grade, sex, pupils FROM pupil_counts WHERE "round" = getvariable(\'round\') ORDER BY grade, sex',
      '--format',
      'json',
      '--round',
      ROUND,
    );
    expect(run.code, run.stderr).toBe(0);
    const pointer = JSON.parse(await readFile(path.join(snapshots, 'current.json'), 'utf8')) as {
      snapshotAt: string;
    };
    expect(run.stderr).toBe(`snapshotAt ${pointer.snapshotAt}\n`);
    expect(JSON.parse(run.stdout)).toEqual([
      { grade: 'ป.1', sex: 'F', pupils: 2 },
      { grade: 'ป.1', sex: 'M', pupils: 3 },
      { grade: 'ป.2', sex: 'F', pupils: 1 },
    ]);
    const envelope = await query('SELECT count(*) AS n FROM pupils', '--format', 'json', '--envelope');
    expect(JSON.parse(envelope.stdout)).toEqual({
      snapshotAt: pointer.snapshotAt,
      rows: [{ n: ROSTER.length }],
    });
    expect(envelope.stderr).toBe('');
  });

  it('when a query writes, copies out, attaches, installs or reads a file outside the snapshot then it is refused', async () => {
    const outside = path.join(os.tmpdir(), `sis-snapshot-escape-${process.pid}.csv`);
    const attempts = [
      'CREATE TABLE x (a INTEGER)',
      'INSERT INTO submissions (submission_id) VALUES (999)',
      `COPY (SELECT * FROM pupils) TO '${outside}'`,
      `COPY (SELECT * FROM pupils) TO '${path.join(snapshots, 'inside.csv')}'`,
      `ATTACH '${path.join(os.tmpdir(), 'sis-other.duckdb')}' AS other`,
      'INSTALL httpfs',
      'LOAD httpfs',
      "SELECT * FROM read_csv('/etc/passwd')",
      `SELECT * FROM read_parquet('${path.join(h.config.dataDir, 'runtime', 'sis.duckdb')}')`,
      'SET enable_external_access = true',
      'SELECT 1; SELECT 2',
    ];
    const reader = await openSnapshotReader(snapshots);
    try {
      for (const sql of attempts) {
        const outcome = await querySnapshot(reader, sql, DEFAULT_LIMITS).then(
          () => 'ran',
          (error: unknown) => (error instanceof SisError ? error.code : 'other error'),
        );
        expect({ sql, outcome }).toEqual({ sql, outcome: 'input/bad-argument' });
      }
      const still = await querySnapshot(reader, 'SELECT count(*) AS n FROM pupils', DEFAULT_LIMITS);
      expect(still.rows).toEqual([{ n: ROSTER.length }]);
    } finally {
      reader.close();
    }
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(path.join(snapshots, 'inside.csv'))).toBe(false);

    const run = await query('CREATE TABLE x (a INTEGER)');
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^sis: the snapshot is read-only: CREATE statements are refused/mu);
  });

  it('when a load is in progress then a query from another process sees the previous snapshot, and the next publish shows the load', async () => {
    const before = JSON.parse(await readFile(path.join(snapshots, 'current.json'), 'utf8')) as {
      snapshotAt: string;
    };
    const seen = await h.loader.exclusive((db) =>
      withDuckDB(db, async (connection) => {
        await connection.run('BEGIN TRANSACTION');
        await connection.run(
          "INSERT INTO pupils SELECT * REPLACE ('1' || national_id[2:] AS national_id) FROM pupils WHERE grade = 'ป.1'",
        );
        try {
          return await query('SELECT count(*) AS n FROM pupils', '--format', 'json', '--envelope');
        } finally {
          await connection.run('COMMIT');
        }
      }),
    );
    expect(JSON.parse(seen.stdout)).toEqual({ snapshotAt: before.snapshotAt, rows: [{ n: ROSTER.length }] });

    await publishSnapshotNow(h.loader.queues);
    const after = await query('SELECT count(*) AS n FROM pupils', '--format', 'json');
    expect(JSON.parse(after.stdout)).toEqual([{ n: ROSTER.length + 5 }]);
  });

  it('when snapshots are published again and again then only the last two folders are kept', async () => {
    await publishSnapshotNow(h.loader.queues);
    const last = await publishSnapshotNow(h.loader.queues);
    const folders = (await readdir(snapshots, { withFileTypes: true })).filter((e) => e.isDirectory());
    expect(folders).toHaveLength(2);
    expect(folders.map((f) => f.name)).toContain(last.id);
  });

  it('when the row limit is reached then only that many rows come back, and lifting it returns every row', async () => {
    const reader = await openSnapshotReader(snapshots);
    try {
      const sql = 'SELECT * FROM range(50) t(i)';
      const limited = await querySnapshot(reader, sql, { maxRows: 10, timeoutMs: 30_000 });
      expect({ rows: limited.rows.length, truncated: limited.truncated }).toEqual({
        rows: 10,
        truncated: true,
      });
      const all = await querySnapshot(reader, sql, { maxRows: null, timeoutMs: null });
      expect({ rows: all.rows.length, truncated: all.truncated }).toEqual({ rows: 50, truncated: false });
      expect(all.rows[49]).toEqual({ i: 49 });
    } finally {
      reader.close();
    }
  });

  it('when a query runs past the time limit then it is stopped and says so', async () => {
    const reader = await openSnapshotReader(snapshots);
    try {
      const slow = 'SELECT count(*) FROM range(100000000) a, range(100000) b';
      await expect(querySnapshot(reader, slow, { maxRows: 10, timeoutMs: 200 })).rejects.toThrow(
        /time limit/u,
      );
      const after = await querySnapshot(reader, 'SELECT 1 AS one', DEFAULT_LIMITS);
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      reader.close();
    }
  });

  it('when the stable views are read then their columns are exactly the published contract', async () => {
    const run = await query(
      `SELECT table_name, string_agg(column_name, ',' ORDER BY ordinal_position) AS columns
       FROM information_schema.columns
       WHERE table_name IN ('pupil_counts','submission_status','issue_summary','duplicate_members','round_changes','round_moves')
       GROUP BY table_name ORDER BY table_name`,
      '--format',
      'json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        table_name: 'duplicate_members',
        columns: 'round,cluster_id,rule,score,institution_code,province_code,outcome',
      },
      { table_name: 'issue_summary', columns: 'round,province_code,institution_code,code,severity,n' },
      {
        table_name: 'pupil_counts',
        columns: 'round,province_code,district,lao_code,institution_code,kind,grade,sex,pupils',
      },
      { table_name: 'round_changes', columns: 'institution_code,from_round,to_round,stayed,joined,left' },
      {
        table_name: 'round_moves',
        columns:
          'from_round,to_round,person_kind,national_id,institution_code,lao_code,province_code,grade,age_group',
      },
      {
        table_name: 'submission_status',
        columns:
          'round,province_code,lao_code,institution_code,kind,status,submitted_at,rows_accepted,rows_rejected',
      },
    ]);
  });

  it('when submission_status is read then each open institution has one row: the school accepted, the centre not submitted, the closed school absent', async () => {
    const run = await query(
      `SELECT institution_code, kind, status, rows_accepted FROM submission_status WHERE "round" = '${ROUND}' ORDER BY institution_code`,
      '--format',
      'json',
    );
    expect(JSON.parse(run.stdout)).toEqual([
      { institution_code: SCHOOL, kind: 'school', status: 'accepted', rows_accepted: ROSTER.length },
      { institution_code: '7042000001', kind: 'cdc', status: 'not-submitted', rows_accepted: null },
    ]);
  });
});
