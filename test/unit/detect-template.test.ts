import { describe, expect, test } from 'vitest';
import type { CellValue } from '../../pipeline/cell-value.ts';
import { detectTemplate } from '../../pipeline/ingest/detect-template.ts';
import { makeIssue } from '../../pipeline/issues/issue.ts';
import type { Sheet, Workbook } from '../../pipeline/read/workbook.ts';
import { CCIS_CHILDREN, OTHER_SCHOOLS, SIS_STUDENTS } from '../../templates/definitions.ts';

const sheet = (name: string, rows: CellValue[][], hidden = false): Sheet => ({ name, hidden, rows });
const workbook = (...sheets: Sheet[]): Workbook => ({ format: 'xlsx', sheets });
const headers = (keys: readonly { th: string }[]) => keys.map((c) => c.th);

describe('detecting the template', () => {
  test('when the hidden stamp sheet names a template then that template is used', () => {
    const result = detectTemplate(
      workbook(sheet('Sheet1', [['x']]), sheet('_template', [['ccis-children', '1']], true)),
    );
    expect(result).toEqual({ ok: true, template: CCIS_CHILDREN, via: 'stamp' });
  });

  test('when there is no stamp then the roster headers decide, even on a renamed sheet', () => {
    const pupils = workbook(sheet('Sheet1', [headers(SIS_STUDENTS.roster.columns)]));
    const children = workbook(sheet('Sheet1', [headers(CCIS_CHILDREN.roster.columns)]));
    const others = workbook(sheet('Sheet1', [[], headers(OTHER_SCHOOLS.roster.columns)]));
    expect(detectTemplate(pupils)).toEqual({ ok: true, template: SIS_STUDENTS, via: 'headers' });
    expect(detectTemplate(children)).toEqual({ ok: true, template: CCIS_CHILDREN, via: 'headers' });
    expect(detectTemplate(others)).toEqual({ ok: true, template: OTHER_SCHOOLS, via: 'headers' });
  });

  test('when a children roster has only the required columns then it is not mistaken for pupils', () => {
    const required = CCIS_CHILDREN.roster.columns.filter((c) => c.required);
    expect(detectTemplate(workbook(sheet('เด็ก', [headers(required)])))).toMatchObject({
      ok: true,
      template: CCIS_CHILDREN,
    });
  });

  test('when the stamp names an unknown template then the headers decide', () => {
    const book = workbook(
      sheet('Sheet1', [headers(SIS_STUDENTS.roster.columns)]),
      sheet('_template', [['nope']], true),
    );
    expect(detectTemplate(book)).toMatchObject({ ok: true, template: SIS_STUDENTS, via: 'headers' });
  });

  test('when no sheet carries a roster header then it is file/unknown-template', () => {
    expect(detectTemplate(workbook(sheet('Sheet1', [['ชื่อ', 'ที่อยู่']])))).toEqual({
      ok: false,
      issue: makeIssue('file/unknown-template'),
    });
  });
});
