import { describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { isoToExcelSerial, parseThaiDate } from '../../pipeline/dates/thai-date.ts';

/**
 * Birth dates as clerks write them in real rosters, each with the date it means (ISO, CE) and the
 * warnings it raises, or the error it must raise. Text unless the cell is a number or a Date.
 */
type Form = readonly [CellValue, string, (readonly string[])?];
const FORMS: readonly Form[] = [
  // Numbers with separators
  ['05/03/2555', '2012-03-05'],
  ['5/3/2555', '2012-03-05'],
  ['5/3/55', '2012-03-05'],
  ['05/03/55', '2012-03-05'],
  ['05-03-2555', '2012-03-05'],
  ['5-3-55', '2012-03-05'],
  ['05.03.2555', '2012-03-05'],
  ['5.3.55', '2012-03-05'],
  ['5 / 3 / 2555', '2012-03-05'],
  ['05//03/2555', '2012-03-05'],
  ['5-3/2555', '2012-03-05'],
  ['5/3-55', '2012-03-05'],
  ['05 03 2555', '2012-03-05'],
  ['5–3–2555', '2012-03-05'],
  ['5—3—2555', '2012-03-05'],
  ['5−3−2555', '2012-03-05'],
  ['๕/๓/๒๕๕๕', '2012-03-05'],
  ['๐๕-๐๓-๕๕', '2012-03-05'],
  ['05/03/2555 0:00', '2012-03-05'],
  ['05/03/2555 00:00:00', '2012-03-05'],
  ['  05/03/2555  ', '2012-03-05'],
  ['05/03/2012', '2012-03-05', ['cell/date-era-assumed']],
  ['5/3/2012', '2012-03-05', ['cell/date-era-assumed']],
  // Digits without separators
  ['25550305', '2012-03-05'],
  ['05032555', '2012-03-05'],
  ['050355', '2012-03-05'],
  ['2555-03-05', '2012-03-05'],
  ['2012-03-05', '2012-03-05'],
  ['2012-03-05T00:00:00', '2012-03-05'],
  // Thai month names: full, abbreviated, spoken, misspelt, dotted or not, spaced or not
  ['5 มีนาคม 2555', '2012-03-05'],
  ['5 มีนาคม 55', '2012-03-05'],
  ['5 มี.ค. 2555', '2012-03-05'],
  ['5 มี.ค. 55', '2012-03-05'],
  ['5 มี.ค 55', '2012-03-05'],
  ['5 มีค 55', '2012-03-05'],
  ['5 มีค. 55', '2012-03-05'],
  ['5 มี. ค. 55', '2012-03-05'],
  ['5มี.ค.55', '2012-03-05'],
  ['5 มีนา 55', '2012-03-05'],
  ['5 มีนา 2555', '2012-03-05'],
  ['5-มี.ค.-55', '2012-03-05'],
  ['5/มี.ค./2555', '2012-03-05'],
  ['05-มีนาคม-2555', '2012-03-05'],
  ['5   มีนาคม    2555', '2012-03-05'],
  ['5 มีนาคม พ.ศ. 2555', '2012-03-05'],
  ['5 มี.ค.พ.ศ.2555', '2012-03-05'],
  ['5 มีนาคม พ.ศ.2555', '2012-03-05'],
  ['วันที่ 5 มีนาคม 2555', '2012-03-05'],
  ['วันที่ 5 เดือน มีนาคม ปี 2555', '2012-03-05'],
  ['๕ มีนาคม ๒๕๕๕', '2012-03-05'],
  ['๕ มี.ค. ๕๕', '2012-03-05'],
  ['14 กรกฏาคม 2554', '2011-07-14'],
  ['14 กรกฎาคม 2554', '2011-07-14'],
  ['14 ก.ค. 54', '2011-07-14'],
  ['14 กรกฎา 54', '2011-07-14'],
  ['1 พฤศจิกา 2553', '2010-11-01'],
  ['1 พ.ย. 53', '2010-11-01'],
  ['1 พฤศจิกายน 2553', '2010-11-01'],
  ['20 กุมภา 2556', '2013-02-20'],
  ['20 กุมภาพันธ 2556', '2013-02-20'],
  ['20 กุมพาพันธ์ 2556', '2013-02-20'],
  ['20 ก.พ. 56', '2013-02-20'],
  ['9 พฤษภา 2557', '2014-05-09'],
  ['9 พฤศภาคม 2557', '2014-05-09'],
  ['9 พ.ค. 57', '2014-05-09'],
  ['31 ธันวา 2552', '2009-12-31'],
  ['31 ธ.ค. 52', '2009-12-31'],
  ['1 มกรา 2556', '2013-01-01'],
  ['12 เมษา 2555', '2012-04-12'],
  ['30 มิถุนา 2555', '2012-06-30'],
  ['15 สิงหา 2555', '2012-08-15'],
  ['15 กันยา 2555', '2012-09-15'],
  ['15 ตุลา 2555', '2012-10-15'],
  ['5 Mar 2012', '2012-03-05', ['cell/date-era-assumed']],
  ['5 มีนาคม ค.ศ. 2012', '2012-03-05'],
  // Number and date cells
  [40973, '2012-03-05'],
  [isoToExcelSerial('2555-03-05'), '2012-03-05'],
  [new Date(Date.UTC(2012, 2, 5)), '2012-03-05'],
  [new Date(Date.UTC(2555, 2, 5)), '2012-03-05'],
  [25550305, '2012-03-05'],
  [15032555, '2012-03-15', ['cell/date-number-typed']],
  [5032555, '2012-03-05', ['cell/date-number-typed']],
  [2555, 'cell/date-year-only'],
  [2012, 'cell/date-year-only'],
  [55, 'cell/date-unparseable'],
  [1234, 'cell/date-unparseable'],
  // Errors: days that do not exist, unknown months, incomplete dates
  ['31/04/2555', 'cell/date-unparseable'],
  ['29/02/2564', 'cell/date-unparseable'],
  ['15/13/2555', 'cell/date-unparseable'],
  ['5 มีนาคา 2555', 'cell/date-unparseable'],
  ['มีนาคม 2555', 'cell/date-unparseable'],
  ['12/2555', 'cell/date-unparseable'],
  ['2555', 'cell/date-unparseable'],
  ['ไม่ทราบ', 'cell/date-unparseable'],
  ['-', 'cell/date-unparseable'],
];

describe('a table of real-world date forms', () => {
  test('the table holds at least 60 forms', () => {
    expect(FORMS.length).toBeGreaterThanOrEqual(60);
  });

  const cases = FORMS.map(([cell, expected, warnings]) => ({ cell, expected, warnings: warnings ?? [] }));
  test.each(cases)('when the cell is $cell then it reads $expected', ({ cell, expected, warnings }) => {
    const result = parseThaiDate(cell);
    if (expected.startsWith('cell/')) expect(result).toEqual({ ok: false, code: expected });
    else expect(result).toEqual({ ok: true, value: expected, warnings });
  });
});
