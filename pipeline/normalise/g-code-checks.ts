import type { CellValue } from '../cell-value.ts';
import { gCodeProvince } from '../ids/g-code.ts';
import type { PersonId } from '../ids/person-id.ts';
import type { Issue } from '../issues/issue.ts';
import type { Province } from '../reference/reference.ts';
import type { TableContext } from '../validate/table-context.ts';
import { fieldIssue } from '../validate/zod-issues.ts';

/** The BE century a G-code's two-digit year of issue falls in (64 = 2564). */
const G_CODE_CENTURY = 2500;

/**
 * The plausibility of a G-code's parts, as warnings on the ID cell: its year of issue (digits
 * 1–2 after the G) after the round's academic year is `cell/g-code-year`; its province (digits
 * 3–4) that is no province code is `cell/g-code-province-unknown`. A G-code has no check digit,
 * so these are the only checks a typo can meet; the pupil still counts.
 */
export function checkGCode(
  id: PersonId,
  at: { readonly table: TableContext; readonly row: number; readonly raw: CellValue },
  academicYear: number | null,
  provinces: readonly Province[],
): Issue[] {
  if (id.kind !== 'g-code') return [];
  const issues: Issue[] = [];
  const issued = G_CODE_CENTURY + Number(id.id.slice(1, 3));
  if (academicYear !== null && issued > academicYear)
    issues.push(fieldIssue('cell/g-code-year', at.table, at.row, 'national_id', at.raw, `ปี ${issued}`));
  const province = gCodeProvince(id.id);
  if (!provinces.some((p) => p.code === province))
    issues.push(
      fieldIssue('cell/g-code-province-unknown', at.table, at.row, 'national_id', at.raw, `รหัส ${province}`),
    );
  return issues;
}
