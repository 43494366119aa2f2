import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { CCIS_CHILDREN, OTHER_SCHOOLS, SIS_STUDENTS } from '../../templates/definitions.ts';
import {
  csvText,
  encodeText,
  encryptedWorkbookBytes,
  writeTemplateFile,
  writeWorkbook,
} from '../helpers/workbook.ts';

let ctx: ParseContext;
beforeAll(async () => {
  const reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, limits: { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS } };
});

const SCHOOL_INFO = {
  institution_code: '1234567890',
  academic_year: 2562,
  term: 2,
  teachers: 12,
  classrooms: '๖',
};
const PUPIL = {
  national_id: '1103702488992',
  prefix: 'ด.ช.',
  first_name: 'สมชาย',
  last_name: 'ใจดี',
  sex: 'ชาย',
  birth_date: '05/03/2556',
  grade: 'ป.1',
};
const PUPIL_2 = { ...PUPIL, national_id: '3249800008341', prefix: 'ด.ญ.', first_name: 'มาลี', sex: 'หญิง' };

describe('parseSubmission end to end', () => {
  test('when a filled sis-students workbook is parsed then pupils, metadata and facts come out accepted', () => {
    const bytes = writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows: [PUPIL, PUPIL_2] });
    const result = parseSubmission(bytes, 'school.xlsx', ctx);
    expect(result.issues).toEqual([]);
    expect(result).toMatchObject({
      status: 'accepted',
      format: 'xlsx',
      template: SIS_STUDENTS,
      meta: {
        subjectCode: '1234567890',
        academicYear: 2562,
        term: 2,
        roundId: '2562-2',
        facts: { teachers: 12, classrooms: 6, caregivers: null },
      },
      rowsTotal: 2,
      rowsAccepted: 2,
      rowsRejected: 0,
    });
    expect(result.rows.pupils.map((p) => [p.national_id, p.sex, p.birth_date])).toEqual([
      ['1103702488992', 'M', '2013-03-05'],
      ['3249800008341', 'F', '2013-03-05'],
    ]);
    expect(result.rows.children).toEqual([]);
  });

  test('when birth dates are real date cells (CE, or BE typed in a non-Thai locale) and an ID is a number cell then they are read', () => {
    const rows = [
      { ...PUPIL, national_id: 1103702488992, birth_date: new Date(Date.UTC(2013, 2, 5)) },
      { ...PUPIL_2, birth_date: new Date(Date.UTC(2556, 2, 5)) },
    ];
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows }),
      'school.xlsx',
      ctx,
    );
    expect(result.issues).toEqual([]);
    expect(result.rows.pupils.map((p) => [p.national_id, p.birth_date])).toEqual([
      ['1103702488992', '2013-03-05'],
      ['3249800008341', '2013-03-05'],
    ]);
  });

  test('when a ccis-children .xls is parsed then children come out with their age group', () => {
    const info = { institution_code: '5012345678', academic_year: '๒๕๖๒', term: '2', caregivers: 3 };
    const child = { ...PUPIL, birth_date: '11/11/2558' };
    const result = parseSubmission(
      writeTemplateFile(CCIS_CHILDREN, { info, rows: [child], bookType: 'biff8' }),
      'cdc.xls',
      ctx,
    );
    expect(result).toMatchObject({
      status: 'accepted',
      format: 'xls',
      template: CCIS_CHILDREN,
      meta: { subjectCode: '5012345678', roundId: '2562-2', facts: { caregivers: 3 } },
    });
    expect(result.rows.children).toMatchObject([
      { national_id: '1103702488992', age_group: 3, sheet: 'เด็ก', row_number: 2 },
    ]);
  });

  test('when an other-schools workbook is parsed then counts come out in long form', () => {
    const row = {
      school_code: '1050100001',
      school_name: 'รร.วัดกลาง',
      affiliation: 'สพฐ.',
      p1_male: 10,
      p1_female: 9,
    };
    const result = parseSubmission(
      writeTemplateFile(OTHER_SCHOOLS, {
        info: { lao_code: '6500101', academic_year: 2562, term: 2 },
        rows: [row],
      }),
      'lao.xlsx',
      ctx,
    );
    expect(result).toMatchObject({
      status: 'accepted',
      template: OTHER_SCHOOLS,
      meta: { subjectCode: '6500101' },
      rowsTotal: 1,
    });
    expect(result.rows.otherCounts.map((c) => [c.grade, c.sex, c.pupils])).toEqual([
      ['ป.1', 'M', 10],
      ['ป.1', 'F', 9],
    ]);
  });

  test('when a Windows-874 CSV carries metadata columns then it is parsed without a stamp or info sheet', () => {
    const header = [
      'institution_code',
      'academic_year',
      'term',
      ...SIS_STUDENTS.roster.columns.map((c) => c.th),
    ];
    const row = (p: Record<string, string>) => [
      '1234567890',
      '2562',
      '2',
      ...SIS_STUDENTS.roster.columns.map((c) => p[c.key] ?? ''),
    ];
    const bytes = encodeText(csvText([header, row(PUPIL), row(PUPIL_2)]), 'windows-874');
    const result = parseSubmission(bytes, 'school.csv', ctx);
    expect(result.issues).toEqual([]);
    expect(result).toMatchObject({
      status: 'accepted',
      format: 'csv',
      template: SIS_STUDENTS,
      meta: { subjectCode: '1234567890', roundId: '2562-2' },
    });
    expect(result.rows.pupils.map((p) => p.first_name)).toEqual(['สมชาย', 'มาลี']);
  });

  test('when a CSV has no metadata then the options supply it', () => {
    const header = SIS_STUDENTS.roster.columns.map((c) => c.key);
    const bytes = encodeText(
      csvText([header, header.map((k) => (PUPIL as Record<string, string>)[k] ?? '')]),
      'utf-8-bom',
    );
    const result = parseSubmission(bytes, 'school.csv', {
      ...ctx,
      options: { roundId: '2562-2', subjectCode: '1234567890' },
    });
    expect(result).toMatchObject({
      status: 'accepted',
      meta: { subjectCode: '1234567890', academicYear: 2562, term: 2, roundId: '2562-2' },
    });
  });

  test('when some rows are bad then the file is partial and issues are in row order', () => {
    const bad = { ...PUPIL_2, grade: 'ป.9' };
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows: [bad, PUPIL, PUPIL] }),
      'school.xlsx',
      ctx,
    );
    expect(result).toMatchObject({ status: 'partial', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([
      ['cell/grade-unknown', 'G2'],
      ['row/duplicate-id', 'A4'],
    ]);
    expect(result.rows.pupils.map((p) => p.row_number)).toEqual([3]);
  });

  test('when every row is bad then the file is rejected with file/all-rows-rejected and no rows', () => {
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows: [{ ...PUPIL, grade: 'x' }] }),
      'school.xlsx',
      ctx,
    );
    expect(result.status).toBe('rejected');
    expect(result.issues[0]).toEqual(
      makeIssue('file/all-rows-rejected', { sheet: 'นักเรียน', detail: '1 แถว' }),
    );
    expect(result.rows.pupils).toEqual([]);
  });

  test('when the roster has no rows then it is file/empty', () => {
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows: [] }),
      'school.xlsx',
      ctx,
    );
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 0 });
    expect(result.issues).toEqual([makeIssue('file/empty', { sheet: 'นักเรียน' })]);
  });

  test('when the info sheet leaves the term blank then it is file/metadata-missing at the value cell', () => {
    const info = { institution_code: '12-345', academic_year: 2562, term: null };
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info, rows: [PUPIL] }),
      'school.xlsx',
      ctx,
    );
    expect(result.status).toBe('rejected');
    expect(result.meta).toMatchObject({
      subjectCode: '12345',
      academicYear: 2562,
      term: null,
      roundId: null,
    });
    expect(result.rows.pupils).toEqual([]);
    expect(result.issues).toEqual([
      makeIssue('file/metadata-missing', {
        sheet: 'ข้อมูลสถานศึกษา',
        cell: 'B3',
        row: 3,
        column: 'ภาคเรียนที่',
        field: 'term',
        detail: 'ภาคเรียนที่',
      }),
    ]);
  });

  test('when the year and term name no round then it is file/round-unknown', () => {
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: { ...SCHOOL_INFO, academic_year: 2563 }, rows: [PUPIL] }),
      'school.xlsx',
      ctx,
    );
    expect(result.status).toBe('rejected');
    expect(result.issues).toContainEqual(
      makeIssue('file/round-unknown', { value: '2563-2', detail: '2563-2' }),
    );
  });

  test('when the subject code is not digits then it is file/metadata-invalid at its cell', () => {
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: { ...SCHOOL_INFO, institution_code: 'รร.ก' }, rows: [PUPIL] }),
      'school.xlsx',
      ctx,
    );
    expect(result.issues).toEqual([
      makeIssue('file/metadata-invalid', {
        sheet: 'ข้อมูลสถานศึกษา',
        cell: 'B1',
        row: 1,
        column: 'รหัสสถานศึกษา',
        field: 'institution_code',
        value: 'รร.ก',
      }),
    ]);
  });

  test('when a required column is missing then the file is rejected naming it', () => {
    const bytes = writeTemplateFile(SIS_STUDENTS, {
      info: SCHOOL_INFO,
      rows: [PUPIL],
      headers: { grade: null },
    });
    const result = parseSubmission(bytes, 'school.xlsx', ctx);
    expect(result).toMatchObject({ status: 'rejected', template: SIS_STUDENTS, rowsTotal: 0 });
    expect(result.issues).toEqual([
      makeIssue('file/column-missing', { sheet: 'นักเรียน', field: 'grade', detail: 'ชั้น' }),
    ]);
  });

  test('when the roster has more rows than the limit then it is file/too-many-rows', () => {
    const rows = Array.from({ length: 3 }, () => PUPIL);
    const result = parseSubmission(
      writeTemplateFile(SIS_STUDENTS, { info: SCHOOL_INFO, rows }),
      'school.xlsx',
      { ...ctx, limits: { maxBytes: 1e7, maxRows: 2, zip: DEFAULT_ZIP_LIMITS } },
    );
    expect(result.status).toBe('rejected');
    expect(result.issues).toEqual([
      makeIssue('file/too-many-rows', { sheet: 'นักเรียน', value: 3, detail: 'SIS_MAX_ROWS = 2, พบ 3' }),
    ]);
  });

  test('when the file is not one of our templates then it is file/unknown-template', () => {
    const result = parseSubmission(
      writeWorkbook([
        {
          name: 'Sheet1',
          rows: [
            ['ชื่อ', 'ที่อยู่'],
            ['ก', 'ข'],
          ],
        },
      ]),
      'x.xlsx',
      ctx,
    );
    expect(result).toMatchObject({
      status: 'rejected',
      template: null,
      format: 'xlsx',
      issues: [makeIssue('file/unknown-template')],
    });
  });

  test('when the file is encrypted then it is rejected before anything else', () => {
    const result = parseSubmission(encryptedWorkbookBytes(), 'x.xlsx', ctx);
    expect(result).toMatchObject({
      status: 'rejected',
      format: null,
      template: null,
      rowsTotal: 0,
      issues: [makeIssue('file/encrypted')],
    });
  });
});
