import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';

/** The rows and views the report queries read beyond the shared `Warehouse` interface. */
export type ReportTables = {
  counted_persons: {
    person_kind: string;
    round_id: string;
    institution_code: string;
    lao_code: string | null;
    province_code: string | null;
    district: string | null;
    national_id: string;
    sex: string;
    grade: string | null;
    age_group: number | null;
    outcome: number | null;
    group_id: string | null;
    unresolved_duplicate: boolean;
    counts_in_totals: boolean;
  };
  other_school_counts: {
    submission_id: bigint | number;
    round_id: string;
    lao_code: string;
    sheet: string;
    row_number: number;
    school_code: string;
    school_name: string;
    affiliation: string;
    grade: string;
    sex: string;
    pupils: number;
  };
};

export type ReportDb = Kysely<Warehouse & ReportTables>;

/** Widens the warehouse handle with the roster view and count table the reports read. */
export function reportDb(db: Kysely<Warehouse>): ReportDb {
  return db.withTables<ReportTables>();
}

/** DuckDB's `count(*)` and `sum()` come back as bigint (or null for an empty sum). */
export function toNumber(value: bigint | number | string | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
