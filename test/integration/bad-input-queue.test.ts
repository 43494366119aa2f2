import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimePaths } from '../../pipeline/config.ts';
import { queryRows } from '../../pipeline/db/database.ts';
import { ISSUE_CODES } from '../../pipeline/issues/codes.ts';
import { CCIS_CHILDREN, SIS_STUDENTS } from '../../templates/definitions.ts';
import { ingestUploads, type Upload } from '../../workers/intake.ts';
import { corpusCases } from '../helpers/bad-input-corpus.ts';
import { csvText, encodeText, writeTemplateFile } from '../helpers/workbook.ts';
import { IN_WINDOW, loadSmallRegistry, validId } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/pipeline-harness.ts';

/** One of each family of the corpus, the cheap ones to send: what the queue and parse children see. */
const SAMPLE = [
  'truncated-at-1.xlsx',
  'corrupt-byte-0.xlsx',
  'directory-offset-past-end.xlsx',
  'bomb-ratio-2mb.xlsx',
  'bomb-entries-1001.xlsx',
  'bomb-lying-size.xlsx',
  'bomb-declared-total-140-entries.xlsx',
  'nested-zip-as-sheet.xlsx',
  'encrypted.xlsx',
  'pdf-binary.xlsx',
  'html-page.xlsx',
  'csv-mixed-endings-874.csv',
  'columns-16384-dimension.xlsx',
  'cell-40000-chars.xlsx',
  'formula-dde.xlsx',
  'macros.xlsm',
  'error-REF-national_id.xlsx',
  '\u202exslx.exe',
];

/** What a report must never show a clerk: a stack trace, a source path, an exception's name. */
const RAW_ERROR = /\n\s+at\s|\.[cm]?[jt]s:\d+|\b(TypeError|RangeError|SyntaxError|Error):/u;

function upload(bytes: Uint8Array, fileName: string): Upload {
  return { bytes, fileName, uploadedBy: 'test', uploadedAt: IN_WINDOW, asOf: IN_WINDOW, options: {} };
}

function child(n: number) {
  return {
    national_id: validId(`11037099${String(1000 + n)}`),
    prefix: 'ด.ช.',
    first_name: `เด็ก${n}`,
    last_name: 'ทดสอบ',
    sex: 'ชาย',
    birth_date: '01/02/2559',
  };
}

describe('hostile files through the real queue and parse children', { timeout: 180_000 }, () => {
  let h: Harness;
  const childrenOf = (code: string) =>
    queryRows<Record<string, unknown>>(
      h.loader.database.db,
      'SELECT * FROM children WHERE institution_code = $1 ORDER BY row_number',
      [code],
    );

  beforeAll(async () => {
    h = await startHarness();
    await loadSmallRegistry(h.loader);
  }, 60_000);
  afterAll(async () => h?.close());

  it('when a sample of the corpus follows a counted roster of another institution then each file is reported, the roster is untouched and the worker still counts a good file', async () => {
    const cdc = writeTemplateFile(CCIS_CHILDREN, {
      info: { institution_code: '7042000001', academic_year: 2562, term: 2 },
      rows: [child(1), child(2), child(3)],
    });
    const [counted] = await ingestUploads(deps(h), [upload(cdc, 'cdc.xlsx')], 60_000);
    expect(counted?.status).toBe('accepted');
    const before = await childrenOf('7042000001');
    expect(before).toHaveLength(3);

    const cases = corpusCases().filter((c) => SAMPLE.includes(c.name));
    expect(cases.map((c) => c.name).sort()).toEqual([...SAMPLE].sort());
    const uploads = await Promise.all(cases.map(async (c) => upload(await c.bytes(), c.name)));
    const reports = await ingestUploads(deps(h), uploads, 120_000);

    expect(reports.map((r) => r.file).sort()).toEqual([...SAMPLE].sort());
    for (const report of reports) {
      expect(['accepted', 'partial', 'rejected']).toContain(report.status);
      if (report.status === 'rejected') expect(report.issues.length).toBeGreaterThan(0);
      for (const issue of report.issues) {
        expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
        expect(issue.message).not.toMatch(RAW_ERROR);
      }
    }
    const byFile = new Map(reports.map((r) => [r.file, r]));
    expect(byFile.get('bomb-ratio-2mb.xlsx')?.issues[0]?.message).toContain('SIS_MAX_ZIP_RATIO = 500');
    expect(byFile.get('columns-16384-dimension.xlsx')?.issues[0]?.message).toContain(
      'SIS_MAX_COLUMNS = 1024',
    );
    expect(byFile.get('encrypted.xlsx')?.issues.map((i) => i.code)).toEqual(['file/encrypted']);
    expect(byFile.get('formula-dde.xlsx')?.status).toBe('accepted');
    // None of them was counted for the centre, and its rows are exactly as they were.
    expect(await childrenOf('7042000001')).toEqual(before);

    const school = writeTemplateFile(SIS_STUDENTS, {
      info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
      rows: [
        {
          national_id: validId('110370981001'),
          prefix: 'ด.ญ.',
          first_name: 'หลัง',
          last_name: 'ไฟล์เสีย',
          sex: 'หญิง',
          birth_date: '05/03/2556',
          grade: 'ป.1',
        },
      ],
    });
    const [after] = await ingestUploads(deps(h), [upload(school, 'after.xlsx')], 60_000);
    expect(after?.status).toBe('accepted');
    expect(after?.rows.accepted).toBe(1);
  });
});

describe('a parse that runs past SIS_PARSE_TIMEOUT_MS in a parse child', { timeout: 180_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    // A second: a one-row roster many times over, 300,000 rows (about 27 MB, several seconds) not;
    // an upload limit that lets the big file in.
    // The row and cell limits are raised past the big file, so that only time can stop it (on a fast,
    // quiet machine its 300,000 rows otherwise meet SIS_MAX_ROWS before the second is up).
    h = await startHarness({
      env: {
        SIS_PARSE_TIMEOUT_MS: '1000',
        SIS_MAX_UPLOAD_MB: '64',
        SIS_MAX_ROWS: '1000000',
        SIS_MAX_CELLS: '10000000',
      },
    });
    await loadSmallRegistry(h.loader);
  }, 60_000);
  afterAll(async () => h?.close());

  it('when a file takes longer than the limit then it is reported naming the limit and the next file is read', async () => {
    const quick = (n: number) =>
      writeTemplateFile(SIS_STUDENTS, {
        info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
        rows: [
          {
            national_id: validId(`11037098${String(1000 + n)}`),
            prefix: 'ด.ช.',
            first_name: `เร็ว${n}`,
            last_name: 'ทัน',
            sex: 'ชาย',
            birth_date: '05/03/2556',
            grade: 'ป.1',
          },
        ],
      });
    // The first file of a parse child runs its code cold: it comes before the one that is timed out.
    const [first] = await ingestUploads(deps(h), [upload(quick(1), 'first.xlsx')], 60_000);
    expect(first?.status).toBe('accepted');
    const header = [...SIS_STUDENTS.roster.columns.map((c) => c.th), 'รหัสสถานศึกษา', 'ปีการศึกษา', 'ภาคเรียนที่'];
    const rows = Array.from({ length: 300_000 }, (_, i) => [
      validId(`1${String(i).padStart(11, '0')}`),
      'ด.ช.',
      `ช้า${i}`,
      'มาก',
      'ชาย',
      '05/03/2556',
      'ป.1',
      '1',
      '',
      '',
      '',
      '3042000001',
      '2562',
      '2',
    ]);
    const slow = encodeText(csvText([header, ...rows]), 'utf-8');
    const [stopped] = await ingestUploads(deps(h), [upload(slow, 'slow.csv')], 120_000);
    expect(stopped?.status).toBe('rejected');
    expect(stopped?.issues.map((i) => i.code)).toEqual(['file/over-limit']);
    expect(stopped?.issues[0]?.message).toContain('SIS_PARSE_TIMEOUT_MS = 1000');

    const [next] = await ingestUploads(deps(h), [upload(quick(2), 'next.xlsx')], 60_000);
    expect(next?.status).toBe('accepted');
    expect(next?.rows.accepted).toBe(1);
  });
});

function deps(h: Harness) {
  return { queues: h.loader.queues, paths: runtimePaths(h.config) };
}
