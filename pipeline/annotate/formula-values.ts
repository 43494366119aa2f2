import ExcelJS from 'exceljs';

/**
 * Replaces every formula of the clerk's workbook with the value it last showed (Excel's cached
 * result; an empty cell when the file kept none, and ExcelJS reads a cached 0 as none). The annotated workbook is opened by other people
 * too (the province, the department): a formula from an uploaded file, such as a `HYPERLINK` or a
 * DDE call, must not run in their Excel, and the pipeline read the values, never the formulas.
 */
export function replaceFormulasWithValues(book: ExcelJS.Workbook): number {
  let replaced = 0;
  book.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        cell.value = cachedResult(cell.value as ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue);
        replaced += 1;
      });
    });
  });
  return replaced;
}

function cachedResult(value: ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue): ExcelJS.CellValue {
  const result = value.result;
  return result === undefined ? null : result;
}
