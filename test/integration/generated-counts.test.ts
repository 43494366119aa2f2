import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { queryRows } from '../../pipeline/db/database.ts';
import type { DedupResult } from '../../pipeline/dedup/dedup-types.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { findRound } from '../../pipeline/reference/reference.ts';
import { exportMasked } from '../../pipeline/snapshot/masked-export.ts';
import { openSnapshotReader, querySnapshot } from '../../pipeline/snapshot/query-snapshot.ts';
import { putBlob } from '../../pipeline/storage/blob-store.ts';
import { addCount, type GroupCounts, type Truth } from '../../synthetic/truth.ts';
import { sendFiles } from '../../workers/send-files.ts';
import { dedupResultFile } from '../../workers/processors/dedup.ts';
import { publishSnapshotNow } from '../../workers/processors/snapshot.ts';
import type { RegistryLoadResult, RegistryPayload } from '../../workers/processors/registry.ts';
import {
  generateTempDataset,
  issueKey,
  unplantedIssues,
  type GeneratedDataset,
} from '../support/generated-dataset.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

/** One province at a scale that gives about a hundred files. */
const DATASET = { provinces: ['42'], scale: 0.3, seed: 7 } as const;
const WAIT_MS = 120_000;

type CountTable = Record<string, GroupCounts>;

/** Drops groups with no one in them: the truth lists every grade of an other-schools row, even at zero. */
function withoutEmptyGroups(table: CountTable): CountTable {
  const out: CountTable = {};
  for (const [code, groups] of Object.entries(table)) {
    const kept = Object.fromEntries(Object.entries(groups).filter(([, c]) => c.M + c.F > 0));
    if (Object.keys(kept).length > 0) out[code] = kept;
  }
  return out;
}

function countTable(
  rows: ReadonlyArray<{ code: string; grp: string | number; sex: string; n: bigint | number }>,
): CountTable {
  const table: CountTable = {};
  for (const row of rows) addCount(table, row.code, String(row.grp), row.sex as 'M' | 'F', Number(row.n));
  return table;
}

describe('a generated province through the queue into DuckDB, compared with truth.json', () => {
  let h: Harness;
  let data: GeneratedDataset;
  let truth: Truth;
  let reports: SubmissionReport[];
  let registry: RegistryLoadResult;
  const sql = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    queryRows<T>(h.loader.database.db, text, params as never);

  beforeAll(async () => {
    h = await startHarness();
    data = await generateTempDataset(h.reference, DATASET);
    truth = data.truth;
    const deps = { queues: h.loader.queues, paths: runtimePaths(h.config) };

    // The registry through the loader's `registry` job, as `sis registry load` sends it.
    const registryBytes = await readFile(path.join(data.root, 'registry.xlsx'));
    const payload: RegistryPayload = {
      files: [{ sha256: await putBlob(deps.paths.uploads, registryBytes), fileName: 'registry.xlsx' }],
      allowPartial: false,
    };
    const job = await h.loader.queues.load.add('registry', payload, { attempts: 1 });
    registry = (await job.waitUntilFinished(h.loader.queues.loadEvents, WAIT_MS)) as RegistryLoadResult;

    // Every file submitted first, then every report awaited: the loader sees them in batches.
    const round = findRound(h.reference, truth.round)!;
    const asOf = new Date(`${round.reference_date}T12:00:00+07:00`);
    reports = await sendFiles(
      deps,
      truth.files.map((f) => path.join(data.root, f.file)),
      { uploadedBy: 'test', asOf, options: {} },
      { timeoutMs: WAIT_MS },
    );
  });
  afterAll(async () => {
    await h?.close();
    if (data) await rm(data.root, { recursive: true, force: true });
  });

  it('when the generated registry is loaded then all of it is in the warehouse', async () => {
    expect(registry.loaded).toBe(true);
    expect(registry.counts).toEqual({
      laos: data.summary.laos,
      institutions: data.summary.institutions,
      otherSchools: data.summary.otherSchools,
    });
    const [row] = await sql<{ n: bigint }>('SELECT count(*) AS n FROM institutions');
    expect(Number(row?.n)).toBe(data.summary.institutions);
  });

  it('when every generated file is ingested then each is accepted or partial for its subject and round', () => {
    expect(data.summary.files).toBeGreaterThanOrEqual(50);
    expect(data.summary.files).toBeLessThanOrEqual(150);
    expect(
      reports.map((r) => ({
        file: r.file,
        ok: r.status === 'accepted' || r.status === 'partial',
        subject: r.institutionCode,
        round: r.round,
      })),
    ).toEqual(
      truth.files.map((f) => ({
        file: path.basename(f.file),
        ok: true,
        subject: f.subjectCode,
        round: truth.round,
      })),
    );
  });

  it('when the files are loaded then pupils and children per institution, group and sex equal the truth', async () => {
    const pupils = await sql<{ code: string; grp: string; sex: string; n: bigint }>(
      `SELECT p.institution_code AS code, p.grade AS grp, p.sex, count(*) AS n
       FROM pupils p JOIN submissions s USING (submission_id)
       WHERE s.is_current AND p.round_id = $1 GROUP BY ALL`,
      [truth.round],
    );
    const children = await sql<{ code: string; grp: number; sex: string; n: bigint }>(
      `SELECT c.institution_code AS code, c.age_group AS grp, c.sex, count(*) AS n
       FROM children c JOIN submissions s USING (submission_id)
       WHERE s.is_current AND c.round_id = $1 GROUP BY ALL`,
      [truth.round],
    );
    expect(pupils.length).toBeGreaterThan(0);
    expect(children.length).toBeGreaterThan(0);
    expect(countTable([...pupils, ...children])).toEqual(truth.expected.institutions);
  });

  it('when the other-schools files are loaded then pupils per LAO, grade and sex equal the truth', async () => {
    const rows = await sql<{ code: string; grp: string; sex: string; n: bigint }>(
      `SELECT o.lao_code AS code, o.grade AS grp, o.sex, sum(o.pupils) AS n
       FROM other_school_counts o JOIN submissions s USING (submission_id)
       WHERE s.is_current AND o.round_id = $1 GROUP BY ALL`,
      [truth.round],
    );
    expect(Object.keys(truth.expected.otherSchools).length).toBeGreaterThan(0);
    expect(withoutEmptyGroups(countTable(rows))).toEqual(withoutEmptyGroups(truth.expected.otherSchools));
  });

  it('when a problem is planted then the stored issues carry its code at its cell', async () => {
    const stored = await sql<{ file_name: string; sheet: string | null; cell: string | null; code: string }>(
      `SELECT s.file_name, i.sheet, i.cell, i.code
       FROM issues i JOIN submissions s USING (submission_id) WHERE s.is_current`,
    );
    const have = new Set(stored.map((i) => issueKey(i.file_name, i.sheet, i.cell, i.code)));
    const missed = truth.problems
      .map((p) => issueKey(path.basename(p.file), p.sheet, p.cell, p.code))
      .filter((key) => !have.has(key));
    expect(truth.problems.length).toBeGreaterThan(0);
    expect(missed).toEqual([]);
  });

  it('when the stored issues are compared with the truth then none is an error or warning it did not plant, beyond documented layout warnings', async () => {
    const stored = await sql<{
      file: string;
      severity: string;
      sheet: string | null;
      cell: string | null;
      code: string;
    }>(
      `SELECT s.file_name AS file, i.severity, i.sheet, i.cell, i.code
       FROM issues i JOIN submissions s USING (submission_id) WHERE s.is_current`,
    );
    expect(stored.length).toBeGreaterThanOrEqual(truth.problems.length);
    expect(unplantedIssues(truth, stored)).toEqual([]);
  });

  it('when an open institution sent nothing then it has no current submission', async () => {
    const current = await sql<{ subject_code: string }>(
      'SELECT DISTINCT subject_code FROM submissions WHERE is_current AND round_id = $1',
      [truth.round],
    );
    const subjects = new Set(current.map((r) => r.subject_code));
    const open = await sql<{ institution_code: string }>(
      "SELECT institution_code FROM institutions WHERE status = 'open' ORDER BY institution_code",
    );
    expect(truth.notSubmitted.length).toBeGreaterThan(0);
    expect(open.map((r) => r.institution_code)).toEqual(expect.arrayContaining([...truth.notSubmitted]));
    expect(subjects.size).toBe(truth.files.length);
    expect(truth.notSubmitted.filter((code) => subjects.has(code))).toEqual([]);
  });

  it('when duplicate detection runs then every planted same-id pair that loaded is in one same-id cluster', async () => {
    const job = await h.loader.queues.load.add('dedup', { roundId: truth.round }, { attempts: 1 });
    await job.waitUntilFinished(h.loader.queues.loadEvents, WAIT_MS);
    const result = JSON.parse(
      await readFile(dedupResultFile(runtimePaths(h.config).reports, truth.round), 'utf8'),
    ) as DedupResult;

    const loaded = await sql<{ file_name: string; sheet: string; row_number: number }>(
      `SELECT s.file_name, r.sheet, r.row_number
       FROM (SELECT submission_id, sheet, row_number FROM pupils UNION ALL SELECT submission_id, sheet, row_number FROM children) r
       JOIN submissions s USING (submission_id) WHERE s.is_current`,
    );
    const loadedAt = new Set(loaded.map((r) => `${r.file_name}|${r.sheet}|${r.row_number}`));
    const planted = truth.duplicates.filter(
      (d) =>
        d.rule === 'same-id' &&
        d.members.every((m) => loadedAt.has(`${path.basename(m.file)}|${m.sheet}|${m.row}`)),
    );
    const memberKey = (institution: string, id: string) => `${institution}|${id}`;
    const clusters = result.clusterList
      .filter((c) => c.rule === 'same-id')
      .map((c) => new Set(c.members.map((m) => memberKey(m.institutionCode, m.nationalId))));
    const unfound = planted.filter(
      (d) => !clusters.some((c) => d.members.every((m) => c.has(memberKey(m.institutionCode, m.nationalId)))),
    );

    expect(planted.length).toBeGreaterThanOrEqual(5);
    expect(unfound).toEqual([]);
    expect(result.byRule.sameId).toBe(clusters.length);
  });

  it('when a snapshot is published then pupil_counts per institution, grade and sex equal the truth', async () => {
    await publishSnapshotNow(h.loader.queues);
    const reader = await openSnapshotReader(runtimePaths(h.config).snapshots, truth.round);
    try {
      const result = await querySnapshot(
        reader,
        `SELECT institution_code AS code, grade AS grp, sex, pupils AS n
         FROM pupil_counts WHERE "round" = getvariable('round')`,
        { maxRows: null, timeoutMs: null },
      );
      const rows = result.rows as Array<{ code: string; grp: string; sex: string; n: number }>;
      expect(rows.every((r) => typeof r.n === 'number')).toBe(true);
      expect(countTable(rows)).toEqual(truth.expected.institutions);
    } finally {
      reader.close();
    }
  });

  it('when the snapshot is exported masked then no cell of any Parquet file holds a full national ID of the input', async () => {
    const ids = new Set(
      (
        await sql<{ id: string }>(
          `SELECT DISTINCT national_id AS id FROM pupils UNION SELECT DISTINCT national_id FROM children`,
        )
      ).map((r) => r.id),
    );
    for (const d of truth.duplicates) for (const m of d.members) ids.add(m.nationalId);
    const out = await mkdtemp(path.join(os.tmpdir(), 'sis-masked-'));
    try {
      const exported = await exportMasked(runtimePaths(h.config).snapshots, out);
      const files = (await readdir(out)).filter((f) => f.endsWith('.parquet'));
      expect(files).toHaveLength(exported.files.length);
      expect(files).toEqual(
        expect.arrayContaining(['pupils.parquet', 'children.parquet', 'pupil_counts.parquet']),
      );
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const leaks: string[] = [];
      let cells = 0;
      let maskedIds = 0;
      try {
        for (const file of files) {
          const reader = await connection.runAndReadAll(
            `SELECT * FROM read_parquet('${path.join(out, file)}')`,
          );
          for (const row of reader.getRowObjectsJson())
            for (const value of Object.values(row)) {
              cells += 1;
              const text = JSON.stringify(value) ?? '';
              for (const run of text.match(/\d{13}/gu) ?? []) if (ids.has(run)) leaks.push(`${file}: ${run}`);
              if (/^"\d\*{11}\d"$/u.test(text)) maskedIds += 1;
            }
        }
        const pupils = await connection.runAndReadAll(
          `SELECT * FROM read_parquet('${path.join(out, 'pupils.parquet')}') LIMIT 1`,
        );
        expect(pupils.columnNames()).not.toContain('first_name');
        expect(pupils.columnNames()).not.toContain('last_name');
        expect(String(pupils.getRowObjectsJS()[0]?.birth_date)).toMatch(/^\d{4}-\d{2}$/u);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
      expect(ids.size).toBeGreaterThan(100);
      expect(cells).toBeGreaterThan(10_000);
      expect(maskedIds).toBeGreaterThanOrEqual(ids.size);
      expect(leaks).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
