import type { CellValue } from '../cell-value.ts';
import type { Issue } from '../issues/issue.ts';
import type { TableContext } from '../validate/table-context.ts';
import { fieldIssue } from '../validate/zod-issues.ts';

/** Finds repeated IDs in one file, in row order. */
export class DuplicateIdTracker {
  private readonly firstRow = new Map<string, number>();

  constructor(private readonly table: TableContext) {}

  /**
   * Records an ID; for its second and later occurrences returns `row/duplicate-id` on the ID cell,
   * naming the first row. The first occurrence stays accepted.
   */
  check(id: string, row: number, raw: CellValue): Issue | null {
    const first = this.firstRow.get(id);
    if (first === undefined) {
      this.firstRow.set(id, row);
      return null;
    }
    return fieldIssue('row/duplicate-id', this.table, row, 'national_id', raw, `ซ้ำกับแถว ${first}`);
  }
}
