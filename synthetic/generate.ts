import type { Reference } from '../pipeline/reference/reference.ts';
import {
  CCIS_CHILDREN,
  OTHER_SCHOOLS,
  OTHER_SCHOOL_GRADES,
  SIS_STUDENTS,
  type TemplateDef,
} from '../templates/definitions.ts';
import type { FieldDef } from '../templates/fields.ts';
import { ageOn } from './calendar.ts';
import { plantDuplicates, type PlannedDuplicate, type PlannedRoster } from './duplicates.ts';
import { chooseLayout, THAI_MONTHS_FULL } from './layouts.ts';
import type {
  GenerateOptions,
  OtherSchoolRow,
  PersonRow,
  ProvinceRegistry,
  RowLocation,
  SyntheticLao,
} from './model.ts';
import { IdIssuer } from './national-ids.ts';
import { plantCountProblems, plantRosterProblems, rejectsRow } from './problems.ts';
import { createRng, type Rng } from './prng.ts';
import { planProvinceRegistry } from './registry-plan.ts';
import { renderOtherSchoolsFile, renderPersonFile, type FileMeta, type RenderedFile } from './render-file.ts';
import {
  orderRoster,
  PersonKeys,
  planCdcRoster,
  planOtherSchoolRow,
  planSchoolRoster,
  rosterContext,
  type RosterContext,
} from './roster-rows.ts';
import {
  addCount,
  serialiseTruth,
  sortCounts,
  type GroupCounts,
  type Truth,
  type TruthDuplicate,
  type TruthFile,
  type TruthProblem,
} from './truth.ts';
import { encodeRegistry, encodeRenderedFile, type FileSink } from './write-files.ts';

const CSV_META_KEYS = new Set(['institution_code', 'lao_code', 'academic_year', 'term']);

export interface GenerateSummary {
  readonly provinces: number;
  readonly laos: number;
  readonly institutions: number;
  readonly closedInstitutions: number;
  readonly otherSchools: number;
  readonly files: number;
  readonly filesByFormat: Readonly<Record<'xlsx' | 'xls' | 'csv', number>>;
  readonly rosterRows: number;
  readonly otherSchoolRows: number;
  readonly problems: number;
  readonly duplicateGroups: number;
}

/** Reports progress in files written out of the total planned. */
export type ProgressListener = (done: number, total: number) => void;

/**
 * Generates a synthetic data set: `registry.xlsx`, one workbook per submitting institution and per
 * LAO with other-affiliation schools under `files/<province>/`, and `truth.json`. Provinces are
 * planned one at a time (in code order) from their own random streams, so memory stays bounded
 * and a province's registry does not depend on the others generated with it; its names do, since
 * no name and birth date may repeat by chance anywhere in the run.
 */
export async function generateDataset(
  options: GenerateOptions,
  reference: Reference,
  sink: FileSink,
  onProgress?: ProgressListener,
): Promise<GenerateSummary> {
  const ctx = rosterContext(options.round, reference);
  const provinces = [...new Set(options.provinces)].sort();
  const registries = provinces.map((code) => {
    const province = reference.provinces.find((p) => p.code === code)!;
    return planProvinceRegistry(
      province,
      reference.laoTypes,
      options.scale,
      createRng(options.seed, 'registry', code),
    );
  });
  const documentDate = new Date(options.round.opens_at);
  await sink.writeFile('registry.xlsx', encodeRegistry(registries, documentDate));

  const total = registries.reduce(
    (sum, r) => sum + r.institutions.filter((i) => i.submits).length + lausWithOthers(r).length,
    0,
  );
  const acc = new TruthAccumulator();
  const keys = new PersonKeys();
  let done = 0;
  onProgress?.(0, total);
  for (const registry of registries) {
    for (const rendered of provinceFiles(registry, options, ctx, keys, acc)) {
      await sink.writeFile(rendered.file, encodeRenderedFile(rendered, documentDate));
      acc.addFile(rendered);
      onProgress?.(++done, total);
    }
  }
  const truth = acc.finish(options, provinces, ctx);
  await sink.writeFile('truth.json', new TextEncoder().encode(serialiseTruth(truth)));
  return {
    provinces: registries.length,
    laos: registries.reduce((n, r) => n + r.laos.length, 0),
    institutions: registries.reduce((n, r) => n + r.institutions.length, 0),
    closedInstitutions: registries.reduce(
      (n, r) => n + r.institutions.filter((i) => i.status === 'closed').length,
      0,
    ),
    otherSchools: registries.reduce((n, r) => n + r.otherSchools.length, 0),
    files: truth.files.length,
    filesByFormat: acc.formats,
    rosterRows: acc.rosterRows,
    otherSchoolRows: acc.otherSchoolRows,
    problems: truth.problems.length,
    duplicateGroups: truth.duplicates.length,
  };
}

function lausWithOthers(registry: ProvinceRegistry): SyntheticLao[] {
  const withOthers = new Set(registry.otherSchools.map((s) => s.laoCode));
  return registry.laos.filter((l) => withOthers.has(l.code));
}

/**
 * The files of one province, laid out one at a time: rosters are planned for every submitting
 * institution, duplicates planted across them, then each roster is ordered, spoiled and rendered.
 */
function* provinceFiles(
  registry: ProvinceRegistry,
  options: GenerateOptions,
  ctx: RosterContext,
  keys: PersonKeys,
  acc: TruthAccumulator,
): Generator<RenderedFile> {
  const { seed } = options;
  const districts = new Set(registry.laos.map((l) => l.district)).size;
  const issuer = new IdIssuer(registry.provinceCode, Math.min(20, Math.max(3, districts)));
  const laoByCode = new Map(registry.laos.map((l) => [l.code, l]));
  const rosters: PlannedRoster[] = registry.institutions
    .filter((inst) => inst.submits)
    .map((institution) => {
      const rng = createRng(seed, 'roster', institution.code);
      const rows =
        institution.kind === 'school'
          ? planSchoolRoster(institution, ctx, issuer, keys, rng)
          : planCdcRoster(institution, ctx, issuer, keys, rng);
      return { institution, rows };
    });
  for (const inst of registry.institutions)
    if (inst.status === 'open' && !inst.submits) acc.notSubmitted.push(inst.code);
  const rowCount = rosters.reduce((n, r) => n + r.rows.length, 0);
  const groups = plantDuplicates(rosters, Math.round(rowCount * options.duplicateRate), {
    ctx,
    issuer,
    keys,
    rng: createRng(seed, 'duplicates', registry.provinceCode),
  });

  const locations = new Map<PersonRow, RowLocation>();
  for (const roster of rosters) {
    const { institution } = roster;
    const rng = createRng(seed, 'problems', institution.code);
    const rows = orderRoster(roster.rows, institution.kind, ctx, rng);
    plantRosterProblems(rows, institution.kind, ctx, options.errorRate, rng);
    acc.countRoster(institution.code, institution.kind, rows, ctx);
    const template = institution.kind === 'school' ? SIS_STUDENTS : CCIS_CHILDREN;
    const layoutRng = createRng(seed, 'layout', institution.code);
    const layout = chooseLayout(template, csvMetaOf(template), rows.length, layoutRng);
    const lao = laoByCode.get(institution.laoCode);
    const meta: FileMeta = {
      file: `files/${registry.provinceCode}/${institution.code}.${layout.format}`,
      template,
      subjectCode: institution.code,
      titleLines: titleLines(template, `${institution.name} ${lao?.name ?? ''}`, ctx),
      info: institutionInfo(institution.kind, institution.code, rows, ctx, layoutRng),
    };
    const { rendered, locations: placed } = renderPersonFile(meta, rows, layout, layoutRng);
    for (const [row, location] of placed) locations.set(row, location);
    yield rendered;
  }
  acc.addDuplicates(groups, locations);

  for (const lao of lausWithOthers(registry)) {
    const rng = createRng(seed, 'other-schools', lao.code);
    const rows: OtherSchoolRow[] = registry.otherSchools
      .filter((s) => s.laoCode === lao.code)
      .map((s) => planOtherSchoolRow(s, rng));
    plantCountProblems(rows, options.errorRate, rng);
    acc.countOtherSchools(lao.code, rows);
    const layout = chooseLayout(OTHER_SCHOOLS, csvMetaOf(OTHER_SCHOOLS), rows.length, rng);
    const meta: FileMeta = {
      file: `files/${registry.provinceCode}/${lao.code}.${layout.format}`,
      template: OTHER_SCHOOLS,
      subjectCode: lao.code,
      titleLines: titleLines(OTHER_SCHOOLS, lao.name, ctx),
      info: { lao_code: lao.code, academic_year: academicYearCell(ctx, rng), term: ctx.round.term },
    };
    yield renderOtherSchoolsFile(meta, rows, layout, rng);
  }
}

function csvMetaOf(template: TemplateDef): FieldDef[] {
  return template.info.fields.filter((f) => CSV_META_KEYS.has(f.key));
}

function titleLines(template: TemplateDef, subject: string, ctx: RosterContext): string[] {
  const [y, m, d] = ctx.referenceDate.split('-').map(Number) as [number, number, number];
  return [
    template.titleTh,
    `${subject} ปีการศึกษา ${ctx.round.academic_year} ภาคเรียนที่ ${ctx.round.term}`,
    '',
    `ข้อมูล ณ วันที่ ${d} ${THAI_MONTHS_FULL[m - 1]} ${y + 543}`,
  ];
}

function academicYearCell(ctx: RosterContext, rng: Rng): string | number {
  return rng.chance(0.7) ? ctx.round.academic_year : String(ctx.round.academic_year);
}

function institutionInfo(
  kind: 'school' | 'cdc',
  code: string,
  rows: readonly PersonRow[],
  ctx: RosterContext,
  rng: Rng,
): Record<string, string | number | null> {
  const base = { institution_code: code, academic_year: academicYearCell(ctx, rng), term: ctx.round.term };
  if (kind === 'cdc') {
    return {
      ...base,
      caregivers: Math.max(1, Math.ceil(rows.length / 15)),
      teachers: rng.chance(0.3) ? null : rng.int(0, 2),
    };
  }
  const grades = new Set(rows.map((r) => r.grade)).size;
  return {
    ...base,
    teachers: Math.max(2, Math.ceil(rows.length / 18)),
    classrooms: rng.chance(0.2) ? null : Math.max(grades, Math.ceil(rows.length / 35)),
  };
}

/** Collects truth.json while provinces stream past. */
class TruthAccumulator {
  readonly files: TruthFile[] = [];
  readonly problems: TruthProblem[] = [];
  readonly duplicates: TruthDuplicate[] = [];
  readonly institutions: Record<string, GroupCounts> = {};
  readonly otherSchools: Record<string, GroupCounts> = {};
  readonly notSubmitted: string[] = [];
  readonly formats = { xlsx: 0, xls: 0, csv: 0 };
  rosterRows = 0;
  otherSchoolRows = 0;

  addFile(rendered: RenderedFile): void {
    const { format, ...layout } = rendered.layout;
    this.files.push({
      file: rendered.file,
      template: rendered.template,
      subjectCode: rendered.subjectCode,
      format,
      rows: rendered.dataRows,
      layout,
    });
    this.problems.push(...rendered.problems);
    this.formats[format]++;
  }

  /** Counts what a correct pipeline keeps: rows without a row-rejecting problem, by grade or age group. */
  countRoster(code: string, kind: 'school' | 'cdc', rows: readonly PersonRow[], ctx: RosterContext): void {
    this.rosterRows += rows.length;
    for (const row of rows) {
      if (row.problem && rejectsRow(row.problem.code)) continue;
      const group = kind === 'school' ? row.grade : String(ageOn(row.birthDate, ctx.referenceDate));
      addCount(this.institutions, code, group, row.sex);
    }
  }

  countOtherSchools(laoCode: string, rows: readonly OtherSchoolRow[]): void {
    this.otherSchoolRows += rows.length;
    for (const row of rows) {
      if (row.problem) continue;
      for (const [grade, key] of OTHER_SCHOOL_GRADES) {
        addCount(this.otherSchools, laoCode, grade, 'M', row.counts[`${key}_male`] ?? 0);
        addCount(this.otherSchools, laoCode, grade, 'F', row.counts[`${key}_female`] ?? 0);
      }
    }
  }

  addDuplicates(groups: readonly PlannedDuplicate[], locations: ReadonlyMap<PersonRow, RowLocation>): void {
    for (const group of groups) {
      this.duplicates.push({
        rule: group.rule,
        variant: group.variant,
        ...(group.positions ? { positions: group.positions } : {}),
        members: group.members.map(({ institution, row }) => {
          const at = locations.get(row)!;
          return {
            file: at.file,
            sheet: at.sheet,
            row: at.row,
            institutionCode: institution.code,
            nationalId: row.nationalId,
            firstName: row.firstName,
            lastName: row.lastName,
            birthDate: row.birthDate,
          };
        }),
      });
    }
  }

  finish(options: GenerateOptions, provinces: readonly string[], ctx: RosterContext): Truth {
    const gradeOrder = (g: string) => ctx.gradeOrder.get(g) ?? Number(g);
    return {
      version: 1,
      seed: options.seed,
      provinces,
      scale: options.scale,
      round: options.round.round_id,
      files: this.files,
      problems: this.problems,
      duplicates: this.duplicates,
      expected: {
        institutions: sortCounts(this.institutions, gradeOrder),
        otherSchools: sortCounts(this.otherSchools, gradeOrder),
      },
      notSubmitted: [...this.notSubmitted].sort(),
    };
  }
}
