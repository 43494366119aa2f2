import type { Sex } from '../people/prefix.ts';
import type { ValidRow } from '../validate/validate-rows.ts';
import { OTHER_SCHOOL_GRADES } from '../../templates/definitions.ts';
import { countValue, textValue } from './row-values.ts';
import type { OtherCountRow } from './submission-rows.ts';

const SEX_COLUMNS: ReadonlyArray<readonly [Sex, string]> = [
  ['M', 'male'],
  ['F', 'female'],
];

/**
 * Turns one other-school row (wide: `อ.1 ชาย` … `ป.6 หญิง`) into grade × sex counts, skipping
 * zeros; `schoolCell` is where its school code stands.
 */
export function otherCountRows(row: ValidRow, sheet: string, schoolCell: string | null): OtherCountRow[] {
  const school = {
    sheet,
    row_number: row.row,
    school_cell: schoolCell,
    school_code: textValue(row.values, 'school_code') ?? '',
    school_name: textValue(row.values, 'school_name') ?? '',
    affiliation: textValue(row.values, 'affiliation') ?? '',
  };
  const out: OtherCountRow[] = [];
  for (const [grade, key] of OTHER_SCHOOL_GRADES) {
    for (const [sex, suffix] of SEX_COLUMNS) {
      const pupils = countValue(row.values, `${key}_${suffix}`);
      if (pupils > 0) out.push({ ...school, grade, sex, pupils });
    }
  }
  return out;
}
