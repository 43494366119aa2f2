import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import type { Reference } from '../reference/reference.ts';
import { compileForm2, type Form2 } from './form2.ts';
import { compileForm3, type Form3 } from './form3.ts';
import {
  compileForm4,
  readOtherLaoCounts,
  readOtherSchoolTallies,
  type Form4,
  type OtherLaoCount,
  type OtherSchoolTally,
} from './form4.ts';
import { compileForm5, type Form5 } from './form5.ts';
import { loadReportBase, provinceOf, resolveProvinces, type ReportBase } from './report-base.ts';
import { reportDb } from './report-db.ts';
import type { ReportForm } from './report-types.ts';
import {
  readInstitutionFacts,
  readPendingClusters,
  readRosterCounts,
  type InstitutionFacts,
  type RosterCount,
} from './roster-counts.ts';
import { compileSubsidy, type Subsidy } from './subsidy.ts';

export type AnyReport =
  | { form: 'form2'; report: Form2 }
  | { form: 'form3'; report: Form3 }
  | { form: 'form4'; report: Form4 }
  | { form: 'form5'; report: Form5 }
  | { form: 'subsidy'; report: Subsidy };

export interface ReportRequest {
  readonly roundId: string;
  /** A province code or `all`. */
  readonly province: string;
  readonly forms: readonly ReportForm[];
  readonly generatedAt: Date;
}

/** What the queries return for a round, split by province once; each province's forms are cut from it. */
interface RoundData {
  readonly base: ReportBase;
  readonly roster: ReadonlyMap<string, RosterCount[]>;
  readonly facts: ReadonlyMap<string, InstitutionFacts>;
  readonly otherLaos: ReadonlyMap<string, OtherLaoCount[]>;
  readonly otherSchools: ReadonlyMap<string, OtherSchoolTally[]>;
  readonly pending: ReadonlyMap<string, number>;
}

function byProvince<T>(base: ReportBase, rows: readonly T[], code: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const province = provinceOf(base, code(row)) ?? '';
    const list = out.get(province);
    if (list) list.push(row);
    else out.set(province, [row]);
  }
  return out;
}

/**
 * Compiles the requested forms for one province or all of them. Each query runs once for the
 * round (not once per province) and every output format — JSON, .xlsx, HTML — is drawn from
 * the objects returned here.
 */
export async function compileReports(
  db: Kysely<Warehouse>,
  reference: Reference,
  request: ReportRequest,
): Promise<AnyReport[]> {
  const provinces = resolveProvinces(reference, request.province);
  const rdb = reportDb(db);
  const base = await loadReportBase(rdb, reference, request.roundId, request.generatedAt);
  const wants = (f: ReportForm) => request.forms.includes(f);
  const needsRoster = wants('form2') || wants('form5') || wants('subsidy');
  const needsFacts = wants('form2') || wants('form5');
  const [roster, facts, otherLaos, otherSchools, pending] = await Promise.all([
    needsRoster ? readRosterCounts(rdb, reference, request.roundId) : [],
    needsFacts ? readInstitutionFacts(rdb, request.roundId) : new Map<string, InstitutionFacts>(),
    wants('form4') ? readOtherLaoCounts(rdb, reference, request.roundId) : [],
    wants('subsidy') ? readOtherSchoolTallies(rdb, reference, request.roundId) : [],
    wants('subsidy') ? readPendingClusters(rdb, request.roundId) : new Map<string, number>(),
  ]);
  const data: RoundData = {
    base,
    roster: byProvince(base, roster, (r) => r.institutionCode),
    facts,
    otherLaos: byProvince(base, otherLaos, (r) => r.laoCode),
    otherSchools: byProvince(base, otherSchools, (r) => r.laoCode),
    pending,
  };
  const out: AnyReport[] = [];
  for (const province of provinces)
    for (const form of request.forms) out.push(compileOne(data, form, province));
  return out;
}

function compileOne(data: RoundData, form: ReportForm, province: string): AnyReport {
  const { base, facts, pending } = data;
  const roster = data.roster.get(province) ?? [];
  switch (form) {
    case 'form2':
      return { form, report: compileForm2(base, province, roster, facts) };
    case 'form3':
      return { form, report: compileForm3(base, province) };
    case 'form4':
      return { form, report: compileForm4(base, province, data.otherLaos.get(province) ?? []) };
    case 'form5':
      return { form, report: compileForm5(base, province, roster, facts) };
    case 'subsidy':
      return {
        form,
        report: compileSubsidy(
          base,
          province,
          roster,
          data.otherSchools.get(province) ?? [],
          pending.get(province) ?? 0,
        ),
      };
  }
}

/** The JSON of a compiled form: `{ form, province, round, generatedAt, header, rows, totals, … }`. */
export function reportJson(compiled: AnyReport): Record<string, unknown> {
  const { header, rows, totals, extra } = compiled.report;
  return {
    form: compiled.form,
    province: header.province,
    round: header.round,
    generatedAt: header.generatedAt,
    header,
    rows,
    totals,
    ...extra,
  };
}
