import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../pipeline/issues/codes.ts';
import { ageOn, excelSerial } from '../../synthetic/calendar.ts';
import type { PlantedCode } from '../../synthetic/model.ts';
import { checkDigit, withCheckDigit } from '../../synthetic/national-ids.ts';
import { rejectsRow } from '../../synthetic/problems.ts';

/**
 * The generator computes truth.json with its own small implementations. These tests pin them to
 * facts from outside the code (published IDs, Excel's calendar) and show where they meet the
 * pipeline's catalogue, so the counts test compares two computations that could disagree.
 */
describe("the generator's own arithmetic", () => {
  it('when the check digit is computed then the published known-good IDs come out', () => {
    expect(withCheckDigit('110370248899')).toBe('1103702488992');
    expect(withCheckDigit('324980000834')).toBe('3249800008341');
    expect(checkDigit('000000000000')).toBe(1);
  });

  it('when an age is taken on a day then the birthday itself counts and a day before does not', () => {
    expect(ageOn('2013-03-05', '2019-03-05')).toBe(6);
    expect(ageOn('2013-03-05', '2019-03-04')).toBe(5);
    expect(ageOn('2016-02-29', '2019-02-28')).toBe(2);
    expect(ageOn('2016-02-29', '2019-03-01')).toBe(3);
    expect(ageOn('2016-12-31', '2019-11-10')).toBe(2);
  });

  it('when a day becomes an Excel serial then it is the number Excel shows for it', () => {
    expect(excelSerial('1900-03-01')).toBe(61);
    expect(excelSerial('2019-11-10')).toBe(43779);
    expect(excelSerial('2013-03-05')).toBe(41338);
  });
});

describe('which planted problems leave a row out of the counts', () => {
  const planted: Record<PlantedCode, boolean> = {
    'cell/national-id-checksum': true,
    'cell/national-id-format': true,
    'cell/date-unparseable': true,
    'cell/date-future': true,
    'row/age-grade-impossible': true,
    'row/age-grade-mismatch': false,
    'row/prefix-sex-conflict': false,
    'cell/grade-unknown': true,
    'row/duplicate-id': true,
    'cell/count-invalid': true,
  };

  it("when the generator's table is asked then warnings keep the row and every other problem drops it", () => {
    for (const [code, rejects] of Object.entries(planted))
      expect([code, rejectsRow(code as PlantedCode)]).toEqual([code, rejects]);
  });

  it("when the pipeline's catalogue is compared then it agrees with the generator's table", () => {
    expect(
      Object.keys(planted).map((code) => [code, ISSUE_CODES[code as PlantedCode].level !== 'warning']),
    ).toEqual(Object.entries(planted));
  });
});
