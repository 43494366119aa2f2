import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { toDedupMember } from './dedup-repository.ts';
import { DEDUP_RULES, type DedupMember, type DedupRule } from './dedup-types.ts';

/** Which clusters a review page lists: a round, seen from one province (or all), filtered and paged. */
export interface ReviewQuery {
  readonly roundId: string;
  /** A province office sees only clusters with a member in its province; null: every cluster. */
  readonly province: string | null;
  readonly rule?: DedupRule;
  /** `pending`: a member of the viewer's scope still has no decision; `answered`: none has. */
  readonly state?: 'answered' | 'pending';
  readonly offset: number;
  readonly limit: number;
}

/** One decision about a record, a cluster answer or a record mark, as kept. */
export interface ReviewDecision {
  readonly kind: 'cluster' | 'record';
  readonly outcome: number;
  readonly note: string | null;
  readonly decidedBy: string;
  /** ISO instant. */
  readonly decidedAt: string;
}

/** A flagged record with where it came from and what was decided about it, newest decision first. */
export interface ReviewMember extends DedupMember {
  readonly institutionName: string | null;
  readonly fileName: string | null;
  /** The decision that counts now (the latest), null while unanswered. */
  readonly current: ReviewDecision | null;
  readonly history: ReviewDecision[];
}

export interface ReviewCluster {
  readonly clusterId: string;
  readonly rule: DedupRule;
  readonly score: number;
  readonly pending: boolean;
  readonly members: ReviewMember[];
}

/** Figures of the viewer's scope (not narrowed by the rule and state filters). */
export interface ReviewTotals {
  readonly clusters: number;
  /** Distinct records (institution, ID) of the scope: in the province, or all. */
  readonly records: number;
  readonly byRule: Readonly<Record<DedupRule, number>>;
  readonly pending: number;
  readonly answered: number;
}

export interface ReviewPage {
  readonly totals: ReviewTotals;
  /** Clusters passing the filters (all pages). */
  readonly matching: number;
  readonly clusters: ReviewCluster[];
}

interface ClusterRow {
  readonly clusterId: string;
  readonly rule: DedupRule;
  readonly score: number;
  readonly pending: boolean;
}

type Db = Kysely<Warehouse>;

/**
 * A page of a round's clusters of children for review: the clusters of the viewer's scope,
 * most certain rule first then by score, with their members side by side (lineage, current
 * decision, every decision kept) and the scope's totals.
 */
export async function readReviewPage(db: Db, query: ReviewQuery): Promise<ReviewPage> {
  const rows = await scopedClusters(db, query.roundId, query.province);
  const count = (rule: DedupRule) => rows.filter((r) => r.rule === rule).length;
  const pending = rows.filter((r) => r.pending).length;
  const totals: ReviewTotals = {
    clusters: rows.length,
    records: await scopedRecords(db, query.roundId, query.province),
    byRule: {
      'same-id': count('same-id'),
      'same-name-dob': count('same-name-dob'),
      probable: count('probable'),
    },
    pending,
    answered: rows.length - pending,
  };
  const matching = rows.filter(
    (r) =>
      (query.rule === undefined || r.rule === query.rule) &&
      (query.state === undefined || r.pending === (query.state === 'pending')),
  );
  const shown = matching.slice(query.offset, query.offset + query.limit);
  const members = await clusterMembers(
    db,
    query.roundId,
    shown.map((c) => c.clusterId),
  );
  return {
    totals,
    matching: matching.length,
    clusters: shown.map((c) => ({ ...c, members: members.get(c.clusterId) ?? [] })),
  };
}

function inScope(province: string | null) {
  return province === null ? sql<SqlBool>`true` : sql<SqlBool>`m.province_code = ${province}`;
}

/** Every cluster of children touching the scope, with whether a member of the scope is unanswered. */
async function scopedClusters(db: Db, roundId: string, province: string | null): Promise<ClusterRow[]> {
  const scope = inScope(province);
  const rows = await db
    .selectFrom('dedup_members as m')
    .innerJoin('dedup_clusters as c', (j) =>
      j.onRef('c.round_id', '=', 'm.round_id').onRef('c.cluster_id', '=', 'm.cluster_id'),
    )
    .leftJoin('dedup_current_decisions as d', (j) =>
      j
        .onRef('d.round_id', '=', 'm.round_id')
        .onRef('d.institution_code', '=', 'm.institution_code')
        .onRef('d.national_id', '=', 'm.national_id'),
    )
    .select(['m.cluster_id', 'c.rule', 'c.score'])
    .select(sql<boolean>`bool_or(${scope} AND d.outcome IS NULL)`.as('pending'))
    .where('m.round_id', '=', roundId)
    .groupBy(['m.cluster_id', 'c.rule', 'c.score'])
    .having(sql<SqlBool>`bool_or(${scope})`)
    .execute();
  const rank = (rule: string) => DEDUP_RULES.indexOf(rule as DedupRule);
  return rows
    .map((r) => ({ clusterId: r.cluster_id, rule: r.rule as DedupRule, score: r.score, pending: r.pending }))
    .sort(
      (a, b) =>
        rank(a.rule) - rank(b.rule) ||
        b.score - a.score ||
        (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0),
    );
}

async function scopedRecords(db: Db, roundId: string, province: string | null): Promise<number> {
  const row = await db
    .selectFrom('dedup_members as m')
    .select(sql<bigint>`count(DISTINCT (m.institution_code, m.national_id))`.as('records'))
    .where('m.round_id', '=', roundId)
    .where(inScope(province))
    .executeTakeFirstOrThrow();
  return Number(row.records);
}

/** The members of some clusters with their lineage and decisions, in ID then institution order. */
async function clusterMembers(
  db: Db,
  roundId: string,
  clusterIds: readonly string[],
): Promise<Map<string, ReviewMember[]>> {
  const byCluster = new Map<string, ReviewMember[]>();
  if (clusterIds.length === 0) return byCluster;
  const rows = await db
    .selectFrom('dedup_members as m')
    .leftJoin('institutions as i', 'i.institution_code', 'm.institution_code')
    .leftJoin('submissions as s', 's.submission_id', 'm.submission_id')
    .select([
      'm.cluster_id',
      'm.institution_code',
      'm.lao_code',
      'm.province_code',
      'm.submission_id',
      'm.sheet',
      'm.row_number',
      'm.national_id',
      'm.first_name',
      'm.last_name',
      'm.birth_date',
      'i.institution_name',
      's.file_name',
    ])
    .where('m.round_id', '=', roundId)
    .where('m.cluster_id', 'in', clusterIds)
    .orderBy('m.cluster_id')
    .orderBy('m.national_id')
    .orderBy('m.institution_code')
    .execute();
  const history = await decisionHistory(db, roundId, rows);
  for (const m of rows) {
    const kept = history.get(recordKey(m.institution_code, m.national_id)) ?? [];
    const list = byCluster.get(m.cluster_id) ?? [];
    list.push({
      ...toDedupMember(m),
      institutionName: m.institution_name,
      fileName: m.file_name,
      current: kept[0] ?? null,
      history: kept,
    });
    byCluster.set(m.cluster_id, list);
  }
  return byCluster;
}

function recordKey(institutionCode: string, nationalId: string): string {
  return `${institutionCode}\u001f${nationalId}`;
}

/**
 * Every decision kept about the records, cluster answers and record marks alike, newest first
 * (the order `dedup_current_decisions` picks the current one by: time, a mark winning a tie).
 */
async function decisionHistory(
  db: Db,
  roundId: string,
  records: ReadonlyArray<{ institution_code: string; national_id: string }>,
): Promise<Map<string, ReviewDecision[]>> {
  const ids = [...new Set(records.map((r) => r.national_id))];
  const wanted = new Set(records.map((r) => recordKey(r.institution_code, r.national_id)));
  const answers = db
    .selectFrom('dedup_decisions')
    .select([
      'institution_code',
      'national_id',
      'outcome',
      'note',
      'decided_by',
      'decided_at',
      'decision_id',
      sql<'cluster' | 'record'>`'cluster'`.as('kind'),
    ])
    .where('round_id', '=', roundId)
    .where('national_id', 'in', ids);
  const marks = db
    .selectFrom('record_decisions')
    .select([
      'institution_code',
      'national_id',
      'outcome',
      'note',
      'decided_by',
      'decided_at',
      'decision_id',
      sql<'cluster' | 'record'>`'record'`.as('kind'),
    ])
    .where('round_id', '=', roundId)
    .where('national_id', 'in', ids);
  const rows = await answers.unionAll(marks).execute();
  rows.sort(
    (a, b) =>
      b.decided_at.getTime() - a.decided_at.getTime() ||
      (a.kind === b.kind ? Number(b.decision_id) - Number(a.decision_id) : a.kind === 'record' ? -1 : 1),
  );
  const byRecord = new Map<string, ReviewDecision[]>();
  for (const r of rows) {
    const key = recordKey(r.institution_code, r.national_id);
    if (!wanted.has(key)) continue;
    const list = byRecord.get(key) ?? [];
    list.push({
      kind: r.kind,
      outcome: r.outcome,
      note: r.note,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at.toISOString(),
    });
    byRecord.set(key, list);
  }
  return byRecord;
}
