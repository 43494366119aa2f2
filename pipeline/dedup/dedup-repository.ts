import { listValue } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import {
  DEDUP_OUTCOMES,
  DEDUP_RULES,
  type DedupCluster,
  type DedupDecisionInput,
  type DedupMember,
  type DedupPair,
  type DedupResult,
  type DedupRule,
  type FlaggedInstitution,
  type MemberKey,
  type NotSameInput,
  type ProvinceTotals,
} from './dedup-types.ts';

/** Orders rows by rule, most certain first (the order of `DEDUP_RULES`). */
const byRule = sql<number>`list_position(${listValue([...DEDUP_RULES])}::VARCHAR[], rule)`;

/**
 * A round's current duplicate results as the review screen and the JSON export show them:
 * clusters most certain rule first, then by score; members in ID order.
 */
export async function readDedupResult(db: Kysely<Warehouse>, roundId: string): Promise<DedupResult> {
  const clusters = await db
    .selectFrom('dedup_clusters')
    .select(['cluster_id', 'rule', 'score'])
    .where('round_id', '=', roundId)
    .orderBy(byRule)
    .orderBy('score', 'desc')
    .orderBy('cluster_id')
    .execute();
  const members = await db
    .selectFrom('dedup_members')
    .select([
      'cluster_id',
      'institution_code',
      'lao_code',
      'province_code',
      'submission_id',
      'sheet',
      'row_number',
      'national_id',
      'first_name',
      'last_name',
      'birth_date',
    ])
    .where('round_id', '=', roundId)
    .orderBy('cluster_id')
    .orderBy('national_id')
    .orderBy('institution_code')
    .execute();
  const membersOf = new Map<string, DedupMember[]>();
  for (const m of members)
    membersOf.set(m.cluster_id, [...(membersOf.get(m.cluster_id) ?? []), toDedupMember(m)]);
  // A cluster is listed with its members: one without any (never written so) is not shown.
  const clusterList: DedupCluster[] = clusters.flatMap((row) => {
    const list = membersOf.get(row.cluster_id);
    return list
      ? [{ clusterId: row.cluster_id, rule: row.rule as DedupRule, score: row.score, members: list }]
      : [];
  });
  const records = new Set(members.map((m) => `${m.institution_code}\u001f${m.national_id}`)).size;
  const countRule = (rule: DedupRule): number => clusterList.filter((c) => c.rule === rule).length;
  return {
    round: roundId,
    clusters: clusterList.length,
    records,
    byRule: {
      sameId: countRule('same-id'),
      sameNameDob: countRule('same-name-dob'),
      probable: countRule('probable'),
    },
    clusterList,
  };
}

/** The pairs behind a round's clusters, with their evidence (`reasons`), for the review screen. */
export async function readDedupPairs(db: Kysely<Warehouse>, roundId: string): Promise<DedupPair[]> {
  const rows = await db
    .selectFrom('dedup_pairs')
    .select([
      'cluster_id',
      'rule',
      'a_institution_code',
      'a_national_id',
      'b_institution_code',
      'b_national_id',
      'score',
      'reasons',
    ])
    .where('round_id', '=', roundId)
    .orderBy(byRule)
    .orderBy('cluster_id')
    .orderBy('a_national_id')
    .orderBy('b_national_id')
    .execute();
  return rows.map((row) => ({
    clusterId: row.cluster_id,
    rule: row.rule as DedupRule,
    a: { institutionCode: row.a_institution_code, nationalId: row.a_national_id },
    b: { institutionCode: row.b_institution_code, nationalId: row.b_national_id },
    score: row.score,
    reasons: row.reasons,
  }));
}

/**
 * Records an institution's answer about one flagged record. Decisions are kept, never replaced:
 * the latest per (round, institution, ID) counts. 201–206 remove the record from
 * `counted_persons`; 206 needs a note. Returns the decision id.
 */
export async function recordDecision(db: Kysely<Warehouse>, input: DedupDecisionInput): Promise<number> {
  if (!(input.outcome in DEDUP_OUTCOMES)) {
    throw new SisError('input/bad-argument', `unknown dedup outcome ${String(input.outcome)}`);
  }
  const note = input.note?.trim() || null;
  if (input.outcome === 206 && note === null) {
    throw new SisError('input/bad-argument', 'outcome 206 (other) needs a note');
  }
  const found = await db
    .selectFrom('dedup_members')
    .select(sql.lit(1).as('found'))
    .where('round_id', '=', input.roundId)
    .where('cluster_id', '=', input.clusterId)
    .where('institution_code', '=', input.institutionCode)
    .where('national_id', '=', input.nationalId)
    .limit(1)
    .executeTakeFirst();
  if (!found) {
    throw new SisError(
      'input/bad-argument',
      // No national ID in the message: it travels to Redis (failed reason) and to logs.
      `the record of ${input.institutionCode} is not in cluster ${input.clusterId} of round ${input.roundId}`,
    );
  }
  const row = await db
    .insertInto('dedup_decisions')
    .values({
      decision_id: sql<bigint>`nextval('dedup_decision_id_seq')`,
      round_id: input.roundId,
      cluster_id: input.clusterId,
      institution_code: input.institutionCode,
      national_id: input.nationalId,
      outcome: input.outcome,
      note,
      decided_by: input.decidedBy,
      decided_at: input.decidedAt,
    })
    .returning('decision_id')
    .executeTakeFirstOrThrow();
  return Number(row.decision_id);
}

/**
 * Marks two records as different children. From the next run on, in this and later rounds, the
 * pair is never raised again (they may still meet in a cluster through a third record).
 */
export async function markNotSame(db: Kysely<Warehouse>, input: NotSameInput): Promise<void> {
  const [first, second] = orderKeys(input.a, input.b);
  if (first.institutionCode === second.institutionCode && first.nationalId === second.nationalId) {
    throw new SisError('input/bad-argument', 'a record cannot be marked as different from itself');
  }
  await db
    .insertInto('dedup_not_same')
    .values({
      a_institution_code: first.institutionCode,
      a_national_id: first.nationalId,
      b_institution_code: second.institutionCode,
      b_national_id: second.nationalId,
      round_id: input.roundId,
      note: input.note?.trim() || null,
      marked_by: input.markedBy,
      marked_at: input.markedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function orderKeys(a: MemberKey, b: MemberKey): [MemberKey, MemberKey] {
  const key = (k: MemberKey): string => `${k.institutionCode}\u001f${k.nationalId}`;
  return key(a) <= key(b) ? [a, b] : [b, a];
}

/**
 * Heads per province from `counted_persons`: records answered 201–206 are out, and an unresolved
 * duplicate group (two or more records still counting) counts once, in the province of its
 * representative (a record answered 100 if any, else the lowest institution code).
 */
export async function readProvinceTotals(db: Kysely<Warehouse>, roundId: string): Promise<ProvinceTotals[]> {
  const rows = await db
    .selectFrom('counted_persons')
    .select((eb) => [
      'province_code',
      eb.fn
        .countAll<bigint>()
        .filterWhere('counts_in_totals', '=', true)
        .filterWhere('person_kind', '=', 'pupil')
        .as('pupils'),
      eb.fn
        .countAll<bigint>()
        .filterWhere('counts_in_totals', '=', true)
        .filterWhere('person_kind', '=', 'child')
        .as('children'),
      eb.fn.countAll<bigint>().filterWhere('counts_in_totals', '=', true).as('total'),
      eb.fn.countAll<bigint>().filterWhere('counts_in_totals', '=', false).as('collapsed_duplicates'),
      eb.fn
        .count<bigint>('institution_code')
        .distinct()
        .filterWhere('unresolved_duplicate', '=', true)
        .as('flagged_institutions'),
    ])
    .where('round_id', '=', roundId)
    .groupBy('province_code')
    .orderBy('province_code', (ob) => ob.asc().nullsLast())
    .execute();
  return rows.map((row) => ({
    provinceCode: row.province_code,
    pupils: Number(row.pupils),
    children: Number(row.children),
    total: Number(row.total),
    collapsedDuplicates: Number(row.collapsed_duplicates),
    flaggedInstitutions: Number(row.flagged_institutions),
  }));
}

/** Institutions that still have to answer for records in unresolved duplicate groups. */
export async function readFlaggedInstitutions(
  db: Kysely<Warehouse>,
  roundId: string,
): Promise<FlaggedInstitution[]> {
  const rows = await db
    .selectFrom('counted_persons')
    .select((eb) => [
      'institution_code',
      eb.fn<string | null>('any_value', ['lao_code']).as('lao_code'),
      eb.fn<string | null>('any_value', ['province_code']).as('province_code'),
      eb.fn.countAll<bigint>().as('open_records'),
    ])
    .where('round_id', '=', roundId)
    .where('unresolved_duplicate', '=', true)
    .groupBy('institution_code')
    .orderBy('province_code')
    .orderBy('institution_code')
    .execute();
  return rows.map((row) => ({
    institutionCode: row.institution_code,
    laoCode: row.lao_code,
    provinceCode: row.province_code,
    openRecords: Number(row.open_records),
  }));
}

/** A `dedup_members` row as the result's member (the review page adds to it). */
export function toDedupMember(m: {
  institution_code: string;
  lao_code: string | null;
  province_code: string | null;
  submission_id: bigint | number;
  sheet: string;
  row_number: number;
  national_id: string;
  first_name: string;
  last_name: string;
  birth_date: Date;
}): DedupMember {
  return {
    institutionCode: m.institution_code,
    laoCode: m.lao_code,
    provinceCode: m.province_code,
    submissionId: Number(m.submission_id),
    sheet: m.sheet,
    row: m.row_number,
    nationalId: m.national_id,
    firstName: m.first_name,
    lastName: m.last_name,
    birthDate: m.birth_date.toISOString().slice(0, 10),
  };
}
