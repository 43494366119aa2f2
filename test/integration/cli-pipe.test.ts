import { randomUUID } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, findRound, loadReference } from '../../pipeline/reference/reference.ts';
import { generateTempDataset, type GeneratedDataset } from '../support/generated-dataset.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis } from '../support/run-sis.ts';

/** Long enough for the command to write everything and try to end while the reader sleeps. */
const LATE_READER_MS = 2000;
const ROUND = '2569-2';
/** Each file named this many times: the reports repeat, the parsing does not. */
const COPIES = 6;

/**
 * A command's output goes whole through a pipe whose reader is late: the process ends only after
 * stdout has drained, with the exit code the command chose.
 */
describe('sis output through a pipe with a late reader', () => {
  const prefix = `sis-pipe-test-${randomUUID().slice(0, 8)}`;
  let dataset: GeneratedDataset;
  let env: Record<string, string>;
  let files: string[];

  beforeAll(async () => {
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    // Half a province with a problem in about every other row: ≈ 180 files whose reports carry
    // ≈ 4,000 issues (≈ 1.4 MB of JSON each time they are printed).
    dataset = await generateTempDataset(reference, {
      provinces: ['42'],
      scale: 0.5,
      seed: 7,
      errorRate: 0.5,
    });
    env = { SIS_DATA_DIR: path.join(dataset.root, 'data'), SIS_QUEUE_PREFIX: prefix };
    const dir = path.join(dataset.root, 'files');
    files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    const registry = await runSis(['registry', 'load', path.join(dataset.root, 'registry.xlsx')], env);
    expect(registry.code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    const { redisUrl } = parseConfig({ REDIS_URL: process.env.REDIS_URL }, SHIPPED_REFERENCE_DIR);
    await deleteQueueKeys(redisUrl, prefix);
    if (dataset) await rm(dataset.root, { recursive: true, force: true });
  });

  it('when ingest --json prints several MB to a late reader then the JSON arrives whole and the exit is 0', async () => {
    const round = findRound(await loadReference(SHIPPED_REFERENCE_DIR), ROUND)!;
    const asOf = `${round.reference_date}T05:00:00Z`;
    const named = Array.from({ length: COPIES }, () => files).flat();
    const run = await runSis(['ingest', '--json', '--as-of', asOf, ...named], env, 300_000, LATE_READER_MS);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(3_000_000);
    const reports = JSON.parse(run.stdout) as SubmissionReport[];
    expect(reports.map((r) => r.file)).toEqual(named.map((f) => path.basename(f)));
    expect(reports.every((r) => ['accepted', 'partial', 'rejected', 'unchanged'].includes(r.status))).toBe(
      true,
    );
    expect(run.stdout.endsWith(']\n')).toBe(true);
  }, 300_000);

  it('when ingest fails part-way (a named file cannot be read once earlier waves are sent) then it exits 2 with one sis: line and prints no half report', async () => {
    // A folder passes the up-front check (it can be opened) but cannot be read as a file.
    const named = [...files, ...files, dataset.root];
    const run = await runSis(['ingest', '--json', ...named], env, 300_000, LATE_READER_MS);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^sis: cannot read .*EISDIR/u),
    ]);
  }, 300_000);

  it('when registry load fails with a --json report larger than a pipe holds to a late reader then the report arrives whole and the exit is 3', async () => {
    const laos = path.join(dataset.root, 'bad-laos.csv');
    await writeFile(laos, 'รหัส อปท.,ชื่อ อปท.,ประเภท อปท.,รหัสจังหวัด,อำเภอ\n4200101,อบต.นาอ้อ,อบต.,42,เมืองเลย\n');
    // Every institution names an LAO that does not exist: an error per row, the registry is not replaced.
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `30420${String(i).padStart(5, '0')},โรงเรียนทดสอบ${i},โรงเรียน,9999999,เปิด`,
    );
    const institutions = path.join(dataset.root, 'bad-institutions.csv');
    await writeFile(institutions, `รหัสสถานศึกษา,ชื่อสถานศึกษา,ประเภท,รหัส อปท.,สถานะ\n${rows.join('\n')}\n`);
    const run = await runSis(
      ['registry', 'load', '--json', laos, institutions],
      env,
      120_000,
      LATE_READER_MS,
    );
    expect(run.code).toBe(3);
    // The report lists the first of its 20,000 errors: about twice what a pipe holds.
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(128 * 1024);
    const result = JSON.parse(run.stdout) as {
      loaded: boolean;
      files: Array<{ file: string; errors: number }>;
    };
    expect(result.loaded).toBe(false);
    expect(result.files.map((f) => [f.file, f.errors])).toEqual([
      ['bad-laos.csv', 0],
      ['bad-institutions.csv', 20_000],
    ]);
  }, 120_000);
});
