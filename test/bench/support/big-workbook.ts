import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import { SIS_STUDENTS, STAMP_SHEET } from '../../../templates/definitions.ts';
import type { Reference, Round } from '../../../pipeline/reference/reference.ts';
import { formatDate, formatGrade, formatId, formatPrefix, formatSex } from '../../../synthetic/layouts.ts';
import { IdIssuer } from '../../../synthetic/national-ids.ts';
import { createRng } from '../../../synthetic/prng.ts';
import { birthDateForMayAge, PersonKeys, planPerson, rosterContext } from '../../../synthetic/roster-rows.ts';
import type { PersonRow } from '../../../synthetic/model.ts';
import type { RecordRow } from '../../helpers/workbook.ts';

/** The school code the big workbook is filed under (Loei, a school code as the registry writes them). */
export const BIG_SCHOOL_CODE = '3042999999';

/**
 * Writes one sis-students workbook of `rows` clean pupils as a very large school would send it:
 * info sheet, roster under the Thai headers, hidden stamp, zip-compressed as Excel saves it (the
 * test helper writes stored zips, five times larger). Returns its size in bytes.
 */
export async function writeBigWorkbook(
  file: string,
  rows: number,
  reference: Reference,
  round: Round,
): Promise<number> {
  const info: Record<string, string | number> = {
    institution_code: BIG_SCHOOL_CODE,
    academic_year: round.academic_year,
    term: round.term,
    teachers: Math.ceil(rows / 18),
    classrooms: Math.ceil(rows / 35),
  };
  const columns = SIS_STUDENTS.roster.columns;
  const roster = planPupils(rows, reference, round).map((p) => {
    const record = toRecord(p);
    return columns.map((c) => record[c.key] ?? null);
  });
  const book = XLSX.utils.book_new();
  const sheet = (name: string, aoa: unknown[][]) =>
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aoa, { dense: true }), name);
  sheet(
    SIS_STUDENTS.info.name,
    SIS_STUDENTS.info.fields.map((f) => [f.th, info[f.key] ?? null, f.key]),
  );
  sheet(SIS_STUDENTS.roster.sheet, [columns.map((c) => c.th), ...roster]);
  sheet(STAMP_SHEET, [[SIS_STUDENTS.id, SIS_STUDENTS.version]]);
  book.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };
  const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  await writeFile(file, bytes);
  return bytes.byteLength;
}

function planPupils(rows: number, reference: Reference, round: Round): PersonRow[] {
  const ctx = rosterContext(round, reference);
  const rng = createRng(1, 'bench', 'big-workbook');
  const issuer = new IdIssuer('42', 20);
  const keys = new PersonKeys();
  const grades = reference.grades.map((g) => g.code);
  return Array.from({ length: rows }, (_, i) => {
    const grade = grades[i % grades.length]!;
    const seed = {
      sex: rng.chance(0.51) ? ('M' as const) : ('F' as const),
      birthDate: birthDateForMayAge(ctx.yearCe, ctx.expectedAge.get(grade) ?? 6, rng),
      grade,
      room: String(1 + (i % 12)),
    };
    return planPerson(seed, ctx, issuer, keys, rng);
  });
}

function toRecord(row: PersonRow): RecordRow {
  const rng = createRng(1, 'bench', row.nationalId);
  return {
    national_id: formatId(row.nationalId, 'text') as string,
    prefix: formatPrefix(row.prefix, 'abbr'),
    first_name: row.firstName,
    last_name: row.lastName,
    sex: formatSex(row.sex, 'word'),
    birth_date: formatDate(row.birthDate, 'be-slash', rng) as string,
    grade: formatGrade(row.grade, 'canonical'),
    room: row.room,
    nationality: row.nationality || null,
    disability: row.disability || null,
    disadvantage: row.disadvantage || null,
  };
}
