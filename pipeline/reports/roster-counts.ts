import { sql } from 'kysely';
import type { Reference } from '../reference/reference.ts';
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

/** Age groups as the children's table stores them, and the filter each is read with (2 and under, 5 and over). */
const AGE_GROUPS = [
  { group: '2', op: '<=', value: 2 },
  { group: '3', op: '=', value: 3 },
  { group: '4', op: '=', value: 4 },
  { group: '5', op: '>=', value: 5 },
] as const;
const SEXES = ['M', 'F'] as const;

/**
 * Counted records of a round per institution, group and sex, from `counted_persons` (records
 * answered 201–206 are already out). One scan feeds forms 2 and 5 and the subsidy.
 *
 * DuckDB answers in a fraction of the time it takes to turn many small rows into JS objects, so
 * the counts come pivoted, one row per institution (a column per grade or age group and sex),
 * and the few records that do not count in totals come apart, at their own grain.
 */
export async function readRosterCounts(
  db: ReportDb,
  reference: Reference,
  roundId: string,
): Promise<RosterCount[]> {
  const grades = reference.grades.map((g, i) => ({ group: g.code, column: `g${i}` }));
  const [pupils, children, excluded] = await Promise.all([
    db
      .selectFrom('counted_persons')
      .select((eb) => [
        'institution_code',
        ...grades.flatMap((g) =>
          SEXES.map((sex) =>
            eb.fn
              .countAll<bigint>()
              .filterWhere((w) => w.and([w('grade', '=', g.group), w('sex', '=', sex)]))
              .as(`${g.column}_${sex}`),
          ),
        ),
      ])
      .where('round_id', '=', roundId)
      .where('person_kind', '=', 'pupil')
      .groupBy('institution_code')
      .execute(),
    db
      .selectFrom('counted_persons')
      .select((eb) => [
        'institution_code',
        ...AGE_GROUPS.flatMap((a) =>
          SEXES.map((sex) =>
            eb.fn
              .countAll<bigint>()
              .filterWhere((w) => w.and([w('age_group', a.op, a.value), w('sex', '=', sex)]))
              .as(`a${a.group}_${sex}`),
          ),
        ),
      ])
      .where('round_id', '=', roundId)
      .where('person_kind', '=', 'child')
      .groupBy('institution_code')
      .execute(),
    db
      .selectFrom('counted_persons')
      .select((eb) => [
        'institution_code',
        'person_kind',
        sql<string>`coalesce(grade, cast(greatest(2, least(5, age_group)) AS VARCHAR))`.as('grp'),
        'sex',
        eb.fn.countAll<bigint>().as('n'),
      ])
      .where('round_id', '=', roundId)
      .where('counts_in_totals', '=', false)
      .groupBy(['institution_code', 'person_kind', 'grp', 'sex'])
      .execute(),
  ]);
  const counts = new Map<string, { all: number; once: number; row: Omit<RosterCount, 'all' | 'once'> }>();
  const key = (code: string, kind: string, group: string, sex: string) => `${code}|${kind}|${group}|${sex}`;
  const put = (code: string, personKind: 'pupil' | 'child', group: string, sex: string, n: number) => {
    if (n > 0)
      counts.set(key(code, personKind, group, sex), {
        all: n,
        once: n,
        row: { institutionCode: code, personKind, group, sex },
      });
  };
  for (const r of pupils) {
    const values = r as unknown as Record<string, bigint>;
    for (const g of grades)
      for (const sex of SEXES)
        put(r.institution_code, 'pupil', g.group, sex, toNumber(values[`${g.column}_${sex}`]));
  }
  for (const r of children) {
    const values = r as unknown as Record<string, bigint>;
    for (const a of AGE_GROUPS)
      for (const sex of SEXES)
        put(r.institution_code, 'child', a.group, sex, toNumber(values[`a${a.group}_${sex}`]));
  }
  for (const r of excluded) {
    const entry = counts.get(key(r.institution_code, r.person_kind, r.grp, r.sex));
    if (entry) entry.once -= toNumber(r.n);
  }
  return [...counts.values()].map((c) => ({ ...c.row, all: c.all, once: c.once }));
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
