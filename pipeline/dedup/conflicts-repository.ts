import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import type { ConflictCluster, ConflictResult, DedupOutcome, DedupRule } from './dedup-types.ts';

/**
 * A round's clusters in conflict (two or more records answered 100), with each member's latest
 * decision, who made it and when: the province's list. `provinceCode` keeps the clusters with a
 * member in that province. Clusters in id order, members in ID then institution order.
 */
export async function readConflicts(
  db: Kysely<Warehouse>,
  roundId: string,
  provinceCode?: string,
): Promise<ConflictResult> {
  const rows = await db
    .selectFrom('dedup_cluster_status as s')
    .innerJoin('dedup_members as m', (join) =>
      join.onRef('m.round_id', '=', 's.round_id').onRef('m.cluster_id', '=', 's.cluster_id'),
    )
    .leftJoin('dedup_current_decisions as d', (join) =>
      join
        .onRef('d.round_id', '=', 'm.round_id')
        .onRef('d.institution_code', '=', 'm.institution_code')
        .onRef('d.national_id', '=', 'm.national_id'),
    )
    .select([
      's.cluster_id',
      's.rule',
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
      'd.outcome',
      'd.decided_by',
      'd.decided_at',
    ])
    .where('s.round_id', '=', roundId)
    .where('s.status', '=', 'conflict')
    .orderBy('s.cluster_id')
    .orderBy('m.national_id')
    .orderBy('m.institution_code')
    .execute();
  const clusters = new Map<string, ConflictCluster>();
  for (const row of rows) {
    let cluster = clusters.get(row.cluster_id);
    if (!cluster) {
      cluster = {
        clusterId: row.cluster_id,
        rule: row.rule as DedupRule,
        status: 'conflict',
        provinceCodes: [],
        members: [],
      };
      clusters.set(row.cluster_id, cluster);
    }
    if (row.province_code !== null && !cluster.provinceCodes.includes(row.province_code)) {
      cluster.provinceCodes.push(row.province_code);
      cluster.provinceCodes.sort();
    }
    cluster.members.push({
      institutionCode: row.institution_code,
      laoCode: row.lao_code,
      provinceCode: row.province_code,
      submissionId: Number(row.submission_id),
      sheet: row.sheet,
      row: row.row_number,
      nationalId: row.national_id,
      firstName: row.first_name,
      lastName: row.last_name,
      birthDate: row.birth_date.toISOString().slice(0, 10),
      outcome: row.outcome === null ? null : (row.outcome as DedupOutcome),
      decidedBy: row.decided_by,
      decidedAt: row.decided_at === null ? null : row.decided_at.toISOString(),
    });
  }
  const clusterList = [...clusters.values()].filter(
    (c) => provinceCode === undefined || c.provinceCodes.includes(provinceCode),
  );
  return { round: roundId, clusters: clusterList.length, clusterList };
}
