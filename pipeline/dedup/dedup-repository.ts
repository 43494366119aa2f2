import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/database.ts';
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

/** Rules in listing order, as a SQL list for `list_position`. */
const RULE_ORDER = `[${DEDUP_RULES.map((rule) => `'${rule}'`).join(', ')}]`;

const READ_CLUSTERS = `
SELECT c.cluster_id, c.rule, c.score,
       list({
         'institutionCode': m.institution_code, 'laoCode': m.lao_code, 'provinceCode': m.province_code,
         'submissionId': m.submission_id::DOUBLE, 'sheet': m.sheet, 'row': m.row_number,
         'nationalId': m.national_id, 'firstName': m.first_name, 'lastName': m.last_name,
         'birthDate': strftime(m.birth_date, '%Y-%m-%d')
       } ORDER BY m.national_id, m.institution_code) AS members
FROM dedup_clusters c
JOIN dedup_members m ON m.round_id = c.round_id AND m.cluster_id = c.cluster_id
WHERE c.round_id = $1
GROUP BY c.cluster_id, c.rule, c.score
ORDER BY list_position(${RULE_ORDER}, c.rule), c.score DESC, c.cluster_id`;

const READ_RECORD_COUNT = `
SELECT count(*) AS records FROM (SELECT DISTINCT institution_code, national_id FROM dedup_members WHERE round_id = $1)`;

/**
 * A round's current duplicate results as the review screen and the JSON export show them:
 * clusters most certain rule first, then by score; members in ID order.
 */
export async function readDedupResult(connection: DuckDBConnection, roundId: string): Promise<DedupResult> {
  const rows = await queryRows<{
    cluster_id: string;
    rule: DedupRule;
    score: number;
    members: DedupMember[];
  }>(connection, READ_CLUSTERS, [roundId]);
  const [count] = await queryRows<{ records: bigint }>(connection, READ_RECORD_COUNT, [roundId]);
  const clusterList: DedupCluster[] = rows.map((row) => ({
    clusterId: row.cluster_id,
    rule: row.rule,
    score: row.score,
    members: row.members,
  }));
  const countRule = (rule: DedupRule): number => clusterList.filter((c) => c.rule === rule).length;
  return {
    round: roundId,
    clusters: clusterList.length,
    records: Number(count?.records ?? 0),
    byRule: {
      sameId: countRule('same-id'),
      sameNameDob: countRule('same-name-dob'),
      probable: countRule('probable'),
    },
    clusterList,
  };
}

const READ_PAIRS = `
SELECT cluster_id, rule, a_institution_code, a_national_id, b_institution_code, b_national_id, score, reasons
FROM dedup_pairs WHERE round_id = $1
ORDER BY list_position(${RULE_ORDER}, rule), cluster_id, a_national_id, b_national_id`;

/** The pairs behind a round's clusters, with their evidence (`reasons`), for the review screen. */
export async function readDedupPairs(connection: DuckDBConnection, roundId: string): Promise<DedupPair[]> {
  const rows = await queryRows<{
    cluster_id: string;
    rule: DedupRule;
    a_institution_code: string;
    a_national_id: string;
    b_institution_code: string;
    b_national_id: string;
    score: number;
    reasons: string[];
  }>(connection, READ_PAIRS, [roundId]);
  return rows.map((row) => ({
    clusterId: row.cluster_id,
    rule: row.rule,
    a: { institutionCode: row.a_institution_code, nationalId: row.a_national_id },
    b: { institutionCode: row.b_institution_code, nationalId: row.b_national_id },
    score: row.score,
    reasons: row.reasons,
  }));
}

const MEMBER_IN_CLUSTER = `
SELECT 1 AS found FROM dedup_members
WHERE round_id = $1 AND cluster_id = $2 AND institution_code = $3 AND national_id = $4 LIMIT 1`;

const INSERT_DECISION = `
INSERT INTO dedup_decisions (decision_id, round_id, cluster_id, institution_code, national_id, outcome, note, decided_by, decided_at)
VALUES (nextval('dedup_decision_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMPTZ)
RETURNING decision_id`;

/**
 * Records an institution's answer about one flagged record. Decisions are kept, never replaced:
 * the latest per (round, institution, ID) counts. 201–206 remove the record from
 * `counted_persons`; 206 needs a note. Returns the decision id.
 */
export async function recordDecision(
  connection: DuckDBConnection,
  input: DedupDecisionInput,
): Promise<number> {
  if (!(input.outcome in DEDUP_OUTCOMES)) {
    throw new SisError('input/bad-argument', `unknown dedup outcome ${String(input.outcome)}`);
  }
  const note = input.note?.trim() || null;
  if (input.outcome === 206 && note === null) {
    throw new SisError('input/bad-argument', 'outcome 206 (other) needs a note');
  }
  const found = await queryRows(connection, MEMBER_IN_CLUSTER, [
    input.roundId,
    input.clusterId,
    input.institutionCode,
    input.nationalId,
  ]);
  if (found.length === 0) {
    throw new SisError(
      'input/bad-argument',
      // No national ID in the message: it travels to Redis (failed reason) and to logs.
      `the record of ${input.institutionCode} is not in cluster ${input.clusterId} of round ${input.roundId}`,
    );
  }
  const [row] = await queryRows<{ decision_id: bigint }>(connection, INSERT_DECISION, [
    input.roundId,
    input.clusterId,
    input.institutionCode,
    input.nationalId,
    input.outcome,
    note,
    input.decidedBy,
    input.decidedAt.toISOString(),
  ]);
  return Number(row?.decision_id);
}

const INSERT_NOT_SAME = `
INSERT INTO dedup_not_same VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMPTZ)
ON CONFLICT DO NOTHING`;

/**
 * Marks two records as different children. From the next run on, in this and later rounds, the
 * pair is never raised again (they may still meet in a cluster through a third record).
 */
export async function markNotSame(connection: DuckDBConnection, input: NotSameInput): Promise<void> {
  const [first, second] = orderKeys(input.a, input.b);
  if (first.institutionCode === second.institutionCode && first.nationalId === second.nationalId) {
    throw new SisError('input/bad-argument', 'a record cannot be marked as different from itself');
  }
  await connection.run(INSERT_NOT_SAME, [
    first.institutionCode,
    first.nationalId,
    second.institutionCode,
    second.nationalId,
    input.roundId,
    input.note?.trim() || null,
    input.markedBy,
    input.markedAt.toISOString(),
  ]);
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
export const PROVINCE_TOTALS_SQL = `
SELECT province_code,
       count(*) FILTER (counts_in_totals AND person_kind = 'pupil') AS pupils,
       count(*) FILTER (counts_in_totals AND person_kind = 'child') AS children,
       count(*) FILTER (counts_in_totals) AS total,
       count(*) FILTER (NOT counts_in_totals) AS collapsed_duplicates,
       count(DISTINCT institution_code) FILTER (unresolved_duplicate) AS flagged_institutions
FROM counted_persons
WHERE round_id = $1
GROUP BY province_code
ORDER BY province_code NULLS LAST`;

/** See {@link PROVINCE_TOTALS_SQL}. */
export async function readProvinceTotals(
  connection: DuckDBConnection,
  roundId: string,
): Promise<ProvinceTotals[]> {
  const rows = await queryRows<{
    province_code: string | null;
    pupils: bigint;
    children: bigint;
    total: bigint;
    collapsed_duplicates: bigint;
    flagged_institutions: bigint;
  }>(connection, PROVINCE_TOTALS_SQL, [roundId]);
  return rows.map((row) => ({
    provinceCode: row.province_code,
    pupils: Number(row.pupils),
    children: Number(row.children),
    total: Number(row.total),
    collapsedDuplicates: Number(row.collapsed_duplicates),
    flaggedInstitutions: Number(row.flagged_institutions),
  }));
}

const FLAGGED_INSTITUTIONS = `
SELECT institution_code, any_value(lao_code) AS lao_code, any_value(province_code) AS province_code,
       count(*) AS open_records
FROM counted_persons
WHERE round_id = $1 AND unresolved_duplicate
GROUP BY institution_code
ORDER BY province_code, institution_code`;

/** Institutions that still have to answer for records in unresolved duplicate groups. */
export async function readFlaggedInstitutions(
  connection: DuckDBConnection,
  roundId: string,
): Promise<FlaggedInstitution[]> {
  const rows = await queryRows<{
    institution_code: string;
    lao_code: string | null;
    province_code: string | null;
    open_records: bigint;
  }>(connection, FLAGGED_INSTITUTIONS, [roundId]);
  return rows.map((row) => ({
    institutionCode: row.institution_code,
    laoCode: row.lao_code,
    provinceCode: row.province_code,
    openRecords: Number(row.open_records),
  }));
}
