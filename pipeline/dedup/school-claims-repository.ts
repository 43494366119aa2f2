import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import type { SchoolClaimCluster, SchoolClaimResult } from './dedup-types.ts';

/**
 * A round's current `same-school` clusters: each claimed school with every claiming LAO, the
 * headcount it reported, and the registry's owner of the school. Schools in code order.
 */
export async function readSchoolClaims(db: Kysely<Warehouse>, roundId: string): Promise<SchoolClaimResult> {
  const rows = await db
    .selectFrom('dedup_school_claims as c')
    .leftJoin('laos as l', 'l.lao_code', 'c.lao_code')
    .leftJoin('other_schools as o', 'o.school_code', 'c.school_code')
    .leftJoin('laos as owner', 'owner.lao_code', 'c.owner_lao_code')
    .select([
      'c.cluster_id',
      'c.school_code',
      'c.school_name',
      'c.lao_code',
      'c.submission_id',
      'c.sheet',
      'c.row_number',
      'c.pupils',
      'c.owner_lao_code',
      'l.lao_name',
      'l.province_code',
      'o.school_name as registered_name',
      'owner.lao_name as owner_name',
      'owner.province_code as owner_province_code',
    ])
    .where('c.round_id', '=', roundId)
    .orderBy('c.school_code')
    .orderBy('c.lao_code')
    .execute();
  const clusters = new Map<string, SchoolClaimCluster>();
  for (const row of rows) {
    let cluster = clusters.get(row.cluster_id);
    if (!cluster) {
      cluster = {
        clusterId: row.cluster_id,
        rule: 'same-school',
        schoolCode: row.school_code,
        registeredName: row.registered_name,
        owner:
          row.owner_lao_code === null
            ? null
            : {
                laoCode: row.owner_lao_code,
                laoName: row.owner_name,
                provinceCode: row.owner_province_code,
              },
        claims: [],
      };
      clusters.set(row.cluster_id, cluster);
    }
    cluster.claims.push({
      laoCode: row.lao_code,
      laoName: row.lao_name,
      provinceCode: row.province_code,
      submissionId: Number(row.submission_id),
      sheet: row.sheet,
      row: row.row_number,
      schoolName: row.school_name,
      pupils: row.pupils,
    });
  }
  const clusterList = [...clusters.values()];
  return { round: roundId, clusters: clusterList.length, clusterList };
}
