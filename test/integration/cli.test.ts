import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { annotatedFileName } from '../../pipeline/annotate/annotate-workbook.ts';
import { parseConfig } from '../../pipeline/config.ts';
import type { SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { renderRegistryWorkbook } from '../../templates/write-registry.ts';
import { writeTemplateFile, type RecordRow } from '../helpers/workbook.ts';
import { IN_WINDOW, SMALL_REGISTRY, badChecksum, validId } from '../support/fixtures.ts';
import { deleteQueueKeys } from '../support/pipeline-harness.ts';
import { runSis, type SisRun } from '../support/run-sis.ts';

const ROUND = '2562-2';
const SCHOOL_A = '3042000001';
const SCHOOL_B = '3042000002';
const REPORT_KEYS = [
  'file',
  'sha256',
  'submissionId',
  'template',
  'institutionCode',
  'round',
  'status',
  'rows',
  'issues',
];
const ISSUE_KEYS = ['severity', 'code', 'sheet', 'cell', 'row', 'column', 'field', 'value', 'message'];

function pupil(n: number, overrides: Partial<Record<string, string | number | null>> = {}): RecordRow {
  return {
    national_id: validId(`11037025${String(1000 + n)}`),
    prefix: n % 2 === 0 ? 'ด.ช.' : 'ด.ญ.',
    first_name: `ซีแอลไอ${n}`,
    last_name: 'ทดสอบดี',
    sex: n % 2 === 0 ? 'ชาย' : 'หญิง',
    birth_date: '05/03/2556',
    grade: 'ป.1',
    room: '1',
    ...overrides,
  };
}

function roster(institution: string, rows: RecordRow[]): Uint8Array {
  return writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: institution, academic_year: 2562, term: 2, teachers: 4, classrooms: 2 },
    rows,
  });
}

const sortedKeys = (value: object) => Object.keys(value).sort();

/** Tests that run `sis` more than once: each run starts a process, slow on a busy machine. */
const SEVERAL_RUNS_MS = 240_000;

describe('the sis command line', () => {
  const prefixes: string[] = [];
  let tmp: string;
  let files: { registry: string; good: string; partial: string };
  const badId = badChecksum(validId('110370259999'));

  /**
   * A workspace of one test's own: a data folder (DuckDB file, uploads) and a queue prefix that no
   * other test uses. The input files are shared, read-only.
   */
  async function workspace(): Promise<{ sis: (...args: string[]) => Promise<SisRun>; dir: string }> {
    const dir = await mkdtemp(path.join(tmp, 'ws-'));
    const prefix = `sis-cli-test-${randomUUID().slice(0, 8)}`;
    prefixes.push(prefix);
    const env = { SIS_DATA_DIR: path.join(dir, 'data'), SIS_QUEUE_PREFIX: prefix };
    return { sis: (...args) => runSis(args, env), dir };
  }

  type Ingested = { sis: (...args: string[]) => Promise<SisRun>; run: SisRun; annotated: string };
  let shared: Promise<Ingested> | undefined;

  /**
   * One workspace with the registry loaded, then the good and partial files ingested with
   * --annotate; made by whichever test asks first. The tests that use it only read that first
   * ingest's output, or run commands that change nothing another of them reads (an unchanged
   * re-ingest, a dedup run), so their order does not matter.
   */
  function ingested(): Promise<Ingested> {
    shared ??= ingestInNewWorkspace();
    return shared;
  }

  async function ingestInNewWorkspace(): Promise<Ingested> {
    const { sis, dir } = await workspace();
    const registry = await sis('registry', 'load', '--json', files.registry);
    expect(registry.code, registry.stderr).toBe(0);
    const annotated = path.join(dir, 'annotated');
    const run = await sis(
      'ingest',
      '--json',
      '--as-of',
      IN_WINDOW.toISOString(),
      '--annotate',
      annotated,
      files.good,
      files.partial,
    );
    return { sis, run, annotated };
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sis-cli-'));
    files = {
      registry: path.join(tmp, 'registry.xlsx'),
      good: path.join(tmp, 'good.xlsx'),
      partial: path.join(tmp, 'partial.xlsx'),
    };
    const reference = await loadReference(SHIPPED_REFERENCE_DIR);
    const registry = await renderRegistryWorkbook(reference, {
      ...SMALL_REGISTRY,
      institutions: [
        ...SMALL_REGISTRY.institutions,
        {
          institution_code: SCHOOL_B,
          institution_name: 'โรงเรียนบ้านซีแอลไอ',
          kind: 'school',
          lao_code: '4200101',
          status: 'open',
        },
      ],
    });
    await writeFile(files.registry, registry.bytes);
    await writeFile(files.good, roster(SCHOOL_A, [pupil(1), pupil(2), pupil(3)]));
    // School B's roster repeats pupil 1 of school A (a same-ID duplicate) and has one bad ID.
    await writeFile(files.partial, roster(SCHOOL_B, [pupil(1), pupil(5, { national_id: badId }), pupil(6)]));
  });
  afterAll(async () => {
    const { redisUrl } = parseConfig({ REDIS_URL: process.env.REDIS_URL }, SHIPPED_REFERENCE_DIR);
    for (const prefix of prefixes) await deleteQueueKeys(redisUrl, prefix);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('when asked for help then every command is listed', async () => {
    const { sis } = await workspace();
    const run = await sis('--help');
    expect(run.code).toBe(0);
    const commands = run.stdout
      .split('\n')
      .map((line) => /^\s{2}([a-z-]+)\b/u.exec(line)?.[1])
      .filter((name) => name !== undefined);
    expect(commands).toEqual(
      expect.arrayContaining([
        'templates',
        'registry',
        'generate',
        'ingest',
        'dedup',
        'worker',
        'serve',
        'demo',
      ]),
    );
  });

  it('when a file does not exist then ingest exits 2 with one sis: line on stderr', async () => {
    const { sis } = await workspace();
    const run = await sis('ingest', '--json', path.join(tmp, 'no-such-file.xlsx'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^sis: .*no-such-file\.xlsx/u),
    ]);
  });

  it('when --as-of is not a date-time then ingest exits 2 with one sis: line on stderr', async () => {
    const { sis } = await workspace();
    const run = await sis('ingest', '--json', '--as-of', 'nonsense', files.good);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^sis: .*--as-of/u),
    ]);
  });

  // None of the tests below relies on another having run (see `ingested`).
  describe('registry, ingest and dedup runs', { timeout: SEVERAL_RUNS_MS }, () => {
    it('when the registry is loaded then it reports every record loaded', async () => {
      const { sis } = await workspace();
      const run = await sis('registry', 'load', '--json', files.registry);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        loaded: true,
        counts: {
          laos: SMALL_REGISTRY.laos.length,
          institutions: SMALL_REGISTRY.institutions.length + 1,
          otherSchools: 1,
        },
      });
    });

    it('when a good and a partial file are ingested then stdout is one JSON array of reports in the contract shape', async () => {
      const { run } = await ingested();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
      const first = JSON.parse(run.stdout) as SubmissionReport[];
      expect(Array.isArray(first)).toBe(true);
      expect(first).toHaveLength(2);
      for (const report of first) {
        expect(sortedKeys(report)).toEqual([...REPORT_KEYS].sort());
        expect(sortedKeys(report.rows)).toEqual(['accepted', 'rejected', 'total']);
        for (const issue of report.issues) expect(sortedKeys(issue)).toEqual([...ISSUE_KEYS].sort());
      }
      const [good, partial] = first;
      expect(good).toMatchObject({
        file: 'good.xlsx',
        template: 'sis-students',
        institutionCode: SCHOOL_A,
        round: ROUND,
        status: 'accepted',
        rows: { total: 3, accepted: 3, rejected: 0 },
      });
      expect(good?.sha256).toMatch(/^[0-9a-f]{64}$/u);
      expect(partial).toMatchObject({
        file: 'partial.xlsx',
        institutionCode: SCHOOL_B,
        round: ROUND,
        status: 'partial',
        rows: { total: 3, accepted: 2, rejected: 1 },
      });
      expect(partial?.issues).toContainEqual({
        severity: 'error',
        code: 'cell/national-id-checksum',
        sheet: 'นักเรียน',
        cell: 'A3',
        row: 3,
        column: 'เลขประจำตัวประชาชน',
        field: 'national_id',
        value: badId,
        message: expect.stringContaining('หลักตรวจสอบ'),
      });
    });

    it('when --annotate is given then the file with issues is written back with a note on the bad cell', async () => {
      const { run, annotated } = await ingested();
      expect(run.code).toBe(0);
      const first = JSON.parse(run.stdout) as SubmissionReport[];
      const withIssues = first.filter((r) => r.issues.length > 0).map((r) => annotatedFileName(r.file));
      expect(withIssues).toContain(annotatedFileName('partial.xlsx'));
      expect((await readdir(annotated)).sort()).toEqual(withIssues.sort());
      const book = XLSX.read(await readFile(path.join(annotated, annotatedFileName('partial.xlsx'))));
      const cell = book.Sheets['นักเรียน']?.['A3'] as XLSX.CellObject | undefined;
      expect(cell?.v).toBe(badId);
      expect(cell?.c?.map((comment) => comment.t).join('')).toContain('cell/national-id-checksum');
      expect(book.Sheets['นักเรียน']?.['A4']?.c).toBeUndefined();
    });

    it('when the same files are ingested again then both are reported unchanged with their first submission', async () => {
      const { sis, run: once } = await ingested();
      expect(once.code).toBe(0);
      const first = JSON.parse(once.stdout) as SubmissionReport[];
      const run = await sis(
        'ingest',
        '--json',
        '--as-of',
        IN_WINDOW.toISOString(),
        files.good,
        files.partial,
      );
      expect(run.code).toBe(0);
      const again = JSON.parse(run.stdout) as SubmissionReport[];
      expect(again.map((r) => ({ file: r.file, status: r.status, submissionId: r.submissionId }))).toEqual(
        first.map((r) => ({ file: r.file, status: 'unchanged', submissionId: r.submissionId })),
      );
    });

    it('when dedup runs for the round then it prints the result object and finds the repeated pupil', async () => {
      const { sis, run: ingest } = await ingested();
      expect(ingest.code).toBe(0);
      const run = await sis('dedup', '--json', '--round', ROUND);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as Record<string, unknown> & {
        byRule: Record<string, number>;
        clusterList: Array<{
          rule: string;
          members: Array<{ institutionCode: string; nationalId: string }>;
        }>;
      };
      expect(sortedKeys(result)).toEqual(['byRule', 'clusterList', 'clusters', 'records', 'round']);
      expect(sortedKeys(result.byRule)).toEqual(['probable', 'sameId', 'sameNameDob']);
      expect(result.round).toBe(ROUND);
      expect(result.clusters).toBe(result.clusterList.length);
      expect(result.byRule.sameId).toBe(1);
      const sameId = result.clusterList.find((c) => c.rule === 'same-id');
      expect(sameId?.members.map((m) => [m.institutionCode, m.nationalId]).sort()).toEqual([
        [SCHOOL_A, pupil(1).national_id],
        [SCHOOL_B, pupil(1).national_id],
      ]);
    });
  });
});
