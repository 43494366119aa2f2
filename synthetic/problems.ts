import { BE_OFFSET } from './calendar.ts';
import type { InstitutionKind, OtherSchoolRow, PersonRow, PlantedCode, PlantedProblem } from './model.ts';
import { breakChecksum, malformId } from './national-ids.ts';
import type { Rng } from './prng.ts';
import { addDays, birthDateJanToApr, prefixFor, type RosterContext } from './roster-rows.ts';

type RosterProblem = Exclude<PlantedCode, 'cell/count-invalid'>;

const SCHOOL_MIX: ReadonlyArray<readonly [RosterProblem, number]> = [
  ['cell/national-id-checksum', 18],
  ['cell/national-id-format', 10],
  ['cell/date-unparseable', 12],
  ['cell/date-future', 8],
  ['row/age-grade-impossible', 10],
  ['row/age-grade-mismatch', 10],
  ['row/prefix-sex-conflict', 12],
  ['cell/grade-unknown', 10],
  ['row/duplicate-id', 10],
];
const CDC_MIX = SCHOOL_MIX.filter(
  ([code]) =>
    code !== 'row/age-grade-impossible' && code !== 'row/age-grade-mismatch' && code !== 'cell/grade-unknown',
);

/** Grades no template knows, as clerks mistype them. */
const UNKNOWN_GRADES = ['ป.7', 'ม.7', 'อ.4', 'ปวช.4', 'ป.0', 'ประถม', 'เตรียมอนุบาล'];

/**
 * What each planted problem does to its row under the rules in the domain reference, written out
 * here rather than read from the pipeline's issue catalogue, so the counts in truth.json are an
 * account of their own: a row with a wrong, malformed or repeated ID, a date that cannot be read
 * or lies in the future, an unknown grade, an age impossible for the grade (over 4 years off) or
 * a negative count is left out; an age merely unusual for the grade (over 2 years off) and a
 * prefix that disagrees with the sex column are warnings, and the row counts.
 */
const PLANTED_EFFECT: Readonly<Record<PlantedCode, 'rejects-row' | 'warning'>> = {
  'cell/national-id-checksum': 'rejects-row',
  'cell/national-id-format': 'rejects-row',
  'cell/date-unparseable': 'rejects-row',
  'cell/date-future': 'rejects-row',
  'row/age-grade-impossible': 'rejects-row',
  'row/age-grade-mismatch': 'warning',
  'row/prefix-sex-conflict': 'warning',
  'cell/grade-unknown': 'rejects-row',
  'row/duplicate-id': 'rejects-row',
  'cell/count-invalid': 'rejects-row',
};

/** True when the problem rejects the row (a correct pipeline leaves it out of the counts). */
export function rejectsRow(code: PlantedCode): boolean {
  return PLANTED_EFFECT[code] === 'rejects-row';
}

/**
 * A future birth date is planted in CDC rosters only: in a school roster it also makes the age
 * impossible for the grade, a second error on the same row that truth.json would not list.
 */
const CDC_ONLY: ReadonlySet<RosterProblem> = new Set(['cell/date-future']);

/**
 * Spoils about `errorRate` of the rows of one ordered roster with one problem each. Reserved rows
 * (duplicate-group members) stay clean. A duplicate ID is planted on the later of two rows.
 */
export function plantRosterProblems(
  rows: PersonRow[],
  kind: InstitutionKind,
  ctx: RosterContext,
  errorRate: number,
  rng: Rng,
): void {
  const mix = kind === 'school' ? SCHOOL_MIX.filter(([code]) => !CDC_ONLY.has(code)) : CDC_MIX;
  let rejected = 0;
  rows.forEach((row, index) => {
    if (row.reserved || row.problem !== null || !rng.chance(errorRate)) return;
    // Keep at least two rows accepted: a file whose every row fails raises file/all-rows-rejected too.
    if (rejected + 2 >= rows.length) return;
    let planted: PlantedProblem | null = null;
    for (let attempt = 0; attempt < 4 && planted === null; attempt++)
      planted = applyProblem(rng.weighted(mix), rows, index, ctx, rng);
    if (planted && rejectsRow(planted.code)) rejected++;
  });
}

/** Plants one problem on `rows[index]` and returns it, or null when it does not apply to the row. */
function applyProblem(
  code: RosterProblem,
  rows: PersonRow[],
  index: number,
  ctx: RosterContext,
  rng: Rng,
): PlantedProblem | null {
  const row = rows[index]!;
  row.problem = plantOn(code, rows, index, ctx, rng);
  return row.problem;
}

function plantOn(
  code: RosterProblem,
  rows: PersonRow[],
  index: number,
  ctx: RosterContext,
  rng: Rng,
): PlantedProblem | null {
  const row = rows[index]!;
  switch (code) {
    case 'cell/national-id-checksum':
      if (row.idKind !== 'national-id') return null;
      return { code, field: 'national_id', raw: breakChecksum(row.nationalId, rng) };
    case 'cell/national-id-format':
      if (row.idKind !== 'national-id') return null;
      return { code, field: 'national_id', raw: malformId(row.nationalId, rng) };
    case 'cell/date-unparseable':
      return { code, field: 'birth_date', raw: impossibleDate(row.birthDate, rng) };
    case 'cell/date-future':
      row.birthDate = addDays(ctx.referenceDate, rng.int(15, 400));
      return { code, field: 'birth_date' };
    case 'row/age-grade-impossible':
    case 'row/age-grade-mismatch': {
      const expected = ctx.expectedAge.get(row.grade);
      if (expected === undefined) return null;
      const gap = code === 'row/age-grade-mismatch' ? 3 : rng.int(6, 7);
      const age =
        expected - gap >= 3 && rng.chance(expected > 9 ? 0.8 : 0.3) ? expected - gap : expected + gap;
      row.birthDate = birthDateJanToApr(ctx.yearCe, age, rng);
      row.prefix = prefixFor(row.sex, row.birthDate, ctx.referenceDate);
      return { code, field: 'birth_date' };
    }
    case 'row/prefix-sex-conflict':
      row.sex = row.sex === 'M' ? 'F' : 'M';
      return { code, field: 'sex' };
    case 'cell/grade-unknown':
      return { code, field: 'grade', raw: rng.pick(UNKNOWN_GRADES) };
    case 'row/duplicate-id': {
      const sources = rows
        .slice(0, index)
        .filter((r) => !r.reserved && r.problem === null && r.idKind === 'national-id');
      if (sources.length === 0) return null;
      const source = rng.pick(sources);
      source.reserved = true;
      if (rng.chance(0.5)) Object.assign(row, { ...source, reserved: false });
      row.nationalId = source.nationalId;
      row.idKind = 'national-id';
      return { code, field: 'national_id' };
    }
  }
}

/** A day that does not exist, in the birth year (BE): 31/02, 30/02, 29/02 of a common year, 31/04, 31/06, 31/09, 31/11. */
function impossibleDate(birthIso: string, rng: Rng): string {
  let beYear = Number(birthIso.slice(0, 4)) + BE_OFFSET;
  const [day, month] = rng.pick([
    [31, 2],
    [30, 2],
    [29, 2],
    [31, 4],
    [31, 6],
    [31, 9],
    [31, 11],
  ] as const);
  if (day === 29) while ((beYear - BE_OFFSET) % 4 === 0) beYear++;
  return rng.chance(0.5) ? `${day}/${String(month).padStart(2, '0')}/${beYear}` : `${day}/${month}/${beYear}`;
}

/** Plants a negative count on about `errorRate` of other-schools rows, leaving at least one row clean. */
export function plantCountProblems(rows: OtherSchoolRow[], errorRate: number, rng: Rng): void {
  let rejected = 0;
  for (const row of rows) {
    if (!rng.chance(errorRate) || rejected + 2 > rows.length) continue;
    rejected++;
    const keys = Object.keys(row.counts);
    row.problem = { code: 'cell/count-invalid', field: rng.pick(keys), raw: -rng.int(1, 25) };
  }
}
