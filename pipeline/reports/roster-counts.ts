import { sql } from 'kysely';
import { toNumber, type ReportDb } from './report-db.ts';

/** Counted pupils or children of one institution in one group (grade or age group) and sex. */
export interface RosterCount {
  readonly institutionCode: string;
  readonly personKind: 'pupil' | 'child';
  /** A grade code for pupils (`ป.1`), an age group for children (`2`…`5`). */
  readonly group: string;
  readonly sex: string;
  /** Every accepted record: what the institution's own row shows. */
  readonly all: number;
  /**
   * Records that count in LAO, district and province totals and in the subsidy: an unresolved
   * duplicate group counts its child once, at its representative's institution.
   */
  readonly once: number;
}

/**
 * Counted records of a round per institution, group and sex, from `counted_persons` (records
 * answered 201–206 are already out). One scan feeds forms 2 and 5 and the subsidy.
 */
export async function readRosterCounts(db: ReportDb, roundId: string): Promise<RosterCount[]> {
  const rows = await db
    .selectFrom('counted_persons')
    .select((eb) => [
      'institution_code',
      'person_kind',
      sql<string>`coalesce(grade, cast(age_group AS VARCHAR))`.as('grp'),
      'sex',
      eb.fn.countAll<bigint>().as('n_all'),
      eb.fn.sum<bigint>(sql`cast(counts_in_totals AS INTEGER)`).as('n_once'),
    ])
    .where('round_id', '=', roundId)
    .groupBy(['institution_code', 'person_kind', 'grp', 'sex'])
    .execute();
  return rows.map((r) => ({
    institutionCode: r.institution_code,
    personKind: r.person_kind === 'child' ? 'child' : 'pupil',
    group: r.grp,
    sex: r.sex,
    all: toNumber(r.n_all),
    once: toNumber(r.n_once),
  }));
}

/** Unresolved duplicate groups of a round that touch each province (a group may span two). */
export async function readPendingClusters(db: ReportDb, roundId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('counted_persons')
    .select(['province_code', (eb) => eb.fn.count<bigint>('group_id').distinct().as('n')])
    .where('round_id', '=', roundId)
    .where('unresolved_duplicate', '=', true)
    .groupBy('province_code')
    .execute();
  return new Map(rows.map((r) => [r.province_code ?? '', toNumber(r.n)]));
}

/** The info sheet of each institution's current submission: teachers, classrooms, caregivers. */
export interface InstitutionFacts {
  readonly teachers: number | null;
  readonly classrooms: number | null;
  readonly caregivers: number | null;
}

export async function readInstitutionFacts(
  db: ReportDb,
  roundId: string,
): Promise<Map<string, InstitutionFacts>> {
  const rows = await db
    .selectFrom('institution_facts as f')
    .innerJoin('submissions as s', 's.submission_id', 'f.submission_id')
    .select(['f.institution_code', 'f.teachers', 'f.classrooms', 'f.caregivers', 'f.submission_id'])
    .where('f.round_id', '=', roundId)
    .where('s.is_current', '=', true)
    .orderBy('f.submission_id')
    .execute();
  const facts = new Map<string, InstitutionFacts>();
  for (const r of rows)
    facts.set(r.institution_code, {
      teachers: r.teachers === null ? null : Number(r.teachers),
      classrooms: r.classrooms === null ? null : Number(r.classrooms),
      caregivers: r.caregivers === null ? null : Number(r.caregivers),
    });
  return facts;
}
