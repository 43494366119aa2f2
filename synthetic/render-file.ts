import type { FieldDef } from '../templates/fields.ts';
import type { TemplateDef, TemplateId } from '../templates/definitions.ts';
import { STAMP_SHEET } from '../templates/definitions.ts';
import {
  columnLetter,
  formatDate,
  formatGrade,
  formatId,
  formatPrefix,
  formatSex,
  otherDateStyle,
  withThaiDigits,
  type FileLayout,
  type OutCell,
} from './layouts.ts';
import { GLUED_PREFIX_SPELLINGS } from '../pipeline/people/prefix.ts';
import type { OtherSchoolRow, PersonRow, RowLocation } from './model.ts';
import type { Rng } from './prng.ts';
import { MALE_FIRST_NAMES } from './thai-names.ts';
import type { TruthProblem } from './truth.ts';

export interface RenderedSheet {
  readonly name: string;
  readonly rows: OutCell[][];
  readonly hidden: boolean;
}

/** One file, laid out cell by cell but not yet encoded: pure data, written by write-files.ts. */
export interface RenderedFile {
  /** Relative to the output directory, with forward slashes. */
  readonly file: string;
  readonly template: TemplateId;
  readonly subjectCode: string;
  readonly layout: FileLayout;
  /** Workbook sheets in order (xlsx/xls); for CSV the single table. */
  readonly sheets: readonly RenderedSheet[];
  readonly dataRows: number;
  readonly problems: readonly TruthProblem[];
}

/** The file's identity and the info-sheet values (label → value) for its header. */
export interface FileMeta {
  readonly file: string;
  readonly template: TemplateDef;
  readonly subjectCode: string;
  readonly titleLines: readonly string[];
  /** Info-sheet values keyed by field key (institution_code, academic_year, term, teachers…). */
  readonly info: Readonly<Record<string, string | number | null>>;
}

/** Lays out a school or CDC roster; returns the file and where each person row landed. */
export function renderPersonFile(
  meta: FileMeta,
  rows: readonly PersonRow[],
  layout: FileLayout,
  rng: Rng,
): { rendered: RenderedFile; locations: Map<PersonRow, RowLocation> } {
  const locations = new Map<PersonRow, RowLocation>();
  const body = layoutBody(meta, layout, rows.length, rng);
  const problems: TruthProblem[] = [];
  const sheetName = sheetNameOf(meta, layout);
  rows.forEach((row, index) => {
    const cells = new Map<string, OutCell>(Object.entries(personCells(row, layout, rng)));
    const excelRow = body.place(index, (key) =>
      key === null ? extraCell(layout.extraColumn, index, row, rng) : (cells.get(key) ?? null),
    );
    locations.set(row, { file: meta.file, sheet: sheetName, row: excelRow });
    if (row.problem) {
      const column = layout.columns.indexOf(row.problem.field);
      problems.push({
        code: row.problem.code,
        file: meta.file,
        sheet: sheetName,
        cell: `${columnLetter(column)}${excelRow}`,
        row: excelRow,
        field: row.problem.field,
        value: cellValue(cells.get(row.problem.field) ?? null),
      });
    }
  });
  return { rendered: finish(meta, layout, body.rows, rows.length, problems), locations };
}

/** Lays out an other-schools file: one row per school with counts by grade and sex. */
export function renderOtherSchoolsFile(
  meta: FileMeta,
  rows: readonly OtherSchoolRow[],
  layout: FileLayout,
  rng: Rng,
): RenderedFile {
  const body = layoutBody(meta, layout, rows.length, rng);
  const problems: TruthProblem[] = [];
  const sheetName = sheetNameOf(meta, layout);
  rows.forEach((row, index) => {
    const cells = new Map<string, OutCell>([
      ['school_code', row.school.code],
      ['school_name', row.school.name],
      ['affiliation', row.school.affiliation],
    ]);
    for (const [key, count] of Object.entries(row.counts)) {
      let cell: OutCell = count === 0 && layout.zeroAsDash ? '-' : count;
      if (layout.thaiDigits && count > 0 && rng.chance(0.3)) cell = withThaiDigits(String(count));
      if (row.problem?.field === key && row.problem.raw !== undefined) cell = row.problem.raw;
      cells.set(key, cell);
    }
    const excelRow = body.place(index, (key) =>
      key === null ? extraCell(layout.extraColumn, index, null, rng) : (cells.get(key) ?? null),
    );
    if (row.problem) {
      problems.push({
        code: row.problem.code,
        file: meta.file,
        sheet: sheetName,
        cell: `${columnLetter(layout.columns.indexOf(row.problem.field))}${excelRow}`,
        row: excelRow,
        field: row.problem.field,
        value: cellValue(cells.get(row.problem.field) ?? null),
      });
    }
  });
  return finish(meta, layout, body.rows, rows.length, problems);
}

function personCells(row: PersonRow, layout: FileLayout, rng: Rng): Record<string, OutCell> {
  const planted = row.problem?.raw;
  const field = row.problem?.field;
  const digits = (cell: OutCell) => (layout.thaiDigits && rng.chance(0.4) ? withThaiDigits(cell) : cell);
  const style =
    layout.mixedDates && rng.chance(0.15) ? otherDateStyle(layout.dateStyle, rng) : layout.dateStyle;
  const prefixInName = layout.prefixInName && row.problem === null && rng.chance(0.3);
  const prefix = formatPrefix(row.prefix, layout.prefixStyle);
  return {
    national_id:
      field === 'national_id' && planted !== undefined
        ? planted
        : digits(formatId(row.nationalId, layout.idStyle)),
    prefix: prefixInName ? null : prefix,
    // A bare word (นาย) glued to a name is a name (นายิกา), so clerks' glued forms are abbreviations.
    first_name: prefixInName
      ? `${prefix}${rng.chance(0.5) && GLUED_PREFIX_SPELLINGS.includes(prefix) ? '' : ' '}${row.firstName}`
      : row.firstName,
    last_name: row.lastName,
    sex: formatSex(row.sex, layout.sexStyle),
    birth_date:
      field === 'birth_date' && planted !== undefined
        ? planted
        : digits(formatDate(row.birthDate, style, rng)),
    grade: field === 'grade' && planted !== undefined ? planted : formatGrade(row.grade, layout.gradeStyle),
    room: row.room === '' ? null : row.room,
    nationality: row.nationality === '' ? null : row.nationality,
    disability: row.disability === '' ? null : row.disability,
    disadvantage: row.disadvantage === '' ? null : row.disadvantage,
  };
}

function extraCell(header: string | null, index: number, row: PersonRow | null, rng: Rng): OutCell {
  if (header === 'ลำดับ' || header === 'เลขที่') return index + 1;
  if (header === 'ชื่อผู้ปกครอง' && row) return `นาย${rng.pick(MALE_FIRST_NAMES)} ${row.lastName}`;
  if (header === 'หมายเหตุ' && rng.chance(0.05))
    return rng.pick(['ย้ายเข้า', 'เด็กพิเศษ', 'ตรวจสอบแล้ว', 'ไม่มีเลขบัตร']);
  return null;
}

/**
 * The roster table being built: title rows, the header, then data rows with the odd blank row in
 * between. `place` appends one data row and returns its 1-based Excel row.
 */
function layoutBody(meta: FileMeta, layout: FileLayout, dataRows: number, rng: Rng) {
  const rows: OutCell[][] = [];
  for (let r = 1; r < layout.headerRow; r++) {
    const line = meta.titleLines[r - 1] ?? '';
    rows.push(line === '' ? [] : [line]);
  }
  rows.push([...layout.headers]);
  const blanksAfter = new Set(
    layout.blankRows > 0 ? rng.sampleIndexes(Math.max(1, dataRows - 1), layout.blankRows) : [],
  );
  const metaCells =
    layout.format === 'csv' ? layout.columns.filter((key) => key !== null && key in meta.info) : [];
  return {
    rows,
    place(index: number, cellFor: (key: string | null) => OutCell): number {
      rows.push(
        layout.columns.map((key) =>
          key !== null && metaCells.includes(key) ? (meta.info[key] ?? null) : cellFor(key),
        ),
      );
      const excelRow = rows.length;
      if (blanksAfter.has(index) && index < dataRows - 1) rows.push([]);
      return excelRow;
    },
  };
}

function finish(
  meta: FileMeta,
  layout: FileLayout,
  rosterRows: OutCell[][],
  dataRows: number,
  problems: TruthProblem[],
): RenderedFile {
  const roster: RenderedSheet = { name: sheetNameOf(meta, layout), rows: rosterRows, hidden: false };
  const sheets: RenderedSheet[] = [];
  if (layout.format === 'csv') sheets.push(roster);
  else {
    const info: RenderedSheet = {
      name: meta.template.info.name,
      rows: infoRows(meta, layout),
      hidden: false,
    };
    sheets.push(...(layout.rosterFirst ? [roster, info] : [info, roster]));
    if (layout.stamp)
      sheets.push({ name: STAMP_SHEET, rows: [[meta.template.id, meta.template.version]], hidden: true });
  }
  return {
    file: meta.file,
    template: meta.template.id,
    subjectCode: meta.subjectCode,
    layout,
    sheets,
    dataRows,
    problems,
  };
}

/** Label/value rows (label in A, value in B), labels as the template prints them or by alias or key. */
function infoRows(meta: FileMeta, layout: FileLayout): OutCell[][] {
  const rows: OutCell[][] = layout.headerRow > 1 ? [[meta.template.titleTh], []] : [];
  for (const field of meta.template.info.fields) {
    const value = meta.info[field.key];
    if (value === undefined) continue;
    rows.push([infoLabel(field, layout), value]);
  }
  return rows;
}

function infoLabel(field: FieldDef, layout: FileLayout): string {
  if (layout.headerStyle === 'english') return field.key;
  if (layout.headerStyle === 'alias' && field.aliases && field.aliases.length > 0) return field.aliases[0]!;
  return field.th;
}

function sheetNameOf(meta: FileMeta, layout: FileLayout): string {
  if (layout.format !== 'csv') return layout.rosterSheet;
  const base = meta.file.slice(meta.file.lastIndexOf('/') + 1);
  return base.slice(0, base.lastIndexOf('.'));
}

/** The plain value of a written cell, as truth.json records it. */
function cellValue(cell: OutCell): string | number | null {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') return cell;
  return cell.v;
}
