import { DEFAULT_ZIP_LIMITS } from '../../pipeline/read/zip-guard.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSubmission, type ParseContext } from '../../pipeline/ingest/parse-submission.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { CCIS_CHILDREN } from '../../templates/definitions.ts';
import { rosterColumn, writeExcelTemplate, type ExcelRecord } from '../helpers/exceljs-workbook.ts';

let ctx: ParseContext;
beforeAll(async () => {
  const reference = await loadReference(new URL('../../data', import.meta.url).pathname);
  ctx = { reference, limits: { maxBytes: 5_000_000, maxRows: 1_000, zip: DEFAULT_ZIP_LIMITS } };
});

const CDC_INFO = { institution_code: '5420100001', academic_year: 2562, term: 2 };
const IDS = [
  '1103702488992',
  '3249800008341',
  '1100000000016',
  '1100000000024',
  '1100000000032',
  '3100000000047',
];
const child = (i: number, birth: ExcelRecord[string]): ExcelRecord => ({
  national_id: IDS[i]!,
  prefix: 'ด.ญ.',
  first_name: 'มาลี',
  last_name: 'ใจดี',
  sex: 'หญิง',
  birth_date: birth,
});

describe('birth dates in a real workbook', () => {
  test('when dates are typed as clerks type them then each reads its date or is reported at its cell', async () => {
    const rows = [
      child(0, '5-มี.ค.-59'),
      child(1, new Date(Date.UTC(2016, 2, 5))),
      child(2, 2559),
      child(3, 5032559),
      child(4, '๕ กรกฏาคม ๒๕๕๘'),
      child(5, '5 มีนา 59'),
    ];
    const bytes = await writeExcelTemplate(CCIS_CHILDREN, { info: CDC_INFO, rows });
    const result = parseSubmission(bytes, 'cdc.xlsx', ctx);
    expect(result.rows.children.map((c) => [c.row_number, c.birth_date])).toEqual([
      [2, '2016-03-05'],
      [3, '2016-03-05'],
      [5, '2016-03-05'],
      [6, '2015-07-05'],
      [7, '2016-03-05'],
    ]);
    const column = rosterColumn(CCIS_CHILDREN, 'birth_date');
    expect(result.issues.map((i) => [i.code, i.severity, i.cell, i.value])).toEqual([
      ['cell/date-year-only', 'error', `${column}4`, '2559'],
      ['cell/date-number-typed', 'warning', `${column}5`, '5032559'],
    ]);
  });
});
