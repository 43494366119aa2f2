import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';

/** Where an expected institution stands in a round (the rule the completeness page uses too). */
export type InstitutionRoundStatus = 'accepted' | 'partial' | 'rejected' | 'not-submitted';

export interface InstitutionToChase {
  readonly institutionCode: string;
  readonly institutionName: string;
  readonly laoCode: string;
  readonly provinceCode: string;
  readonly status: InstitutionRoundStatus;
}

/**
 * The status of every expected institution (registry status `open`) of a round, optionally of
 * one province: its current submission's status (`accepted` or `partial`); else `rejected` when any
 * submission for it in the round ended rejected or failed processing; else `not-submitted`.
 *
 * This is the one place this module asks "which institutions still need chasing". The
 * completeness summary of issue 12 (kept by the loader) applies the same rule; once it is on the
 * main line, this query should read that summary instead, and nothing else here needs to change.
 */
export async function readInstitutionStatuses(
  db: Kysely<Warehouse>,
  roundId: string,
  provinceCode?: string,
): Promise<InstitutionToChase[]> {
  let query = db
    .selectFrom('institutions as i')
    .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('submissions')
          .select((s) => [
            'subject_code',
            s.fn.max(s.case().when('is_current', '=', true).then(s.ref('status')).end()).as('current_status'),
            s.fn
              .count<bigint>(s.case().when('status', 'in', ['rejected', 'processing-failed']).then(1).end())
              .as('rejected'),
          ])
          .where('round_id', '=', roundId)
          .where('subject_code', 'is not', null)
          .groupBy('subject_code')
          .as('s'),
      (join) => join.onRef('s.subject_code', '=', 'i.institution_code'),
    )
    .select([
      'i.institution_code',
      'i.institution_name',
      'i.lao_code',
      'l.province_code',
      's.current_status',
      's.rejected',
    ])
    .where('i.status', '=', 'open');
  if (provinceCode !== undefined) query = query.where('l.province_code', '=', provinceCode);
  const rows = await query.orderBy('i.lao_code').orderBy('i.institution_code').execute();
  return rows.map((r) => ({
    institutionCode: r.institution_code,
    institutionName: r.institution_name,
    laoCode: r.lao_code,
    provinceCode: r.province_code,
    status: statusOf(r.current_status, Number(r.rejected ?? 0)),
  }));
}

function statusOf(current: string | null, rejected: number): InstitutionRoundStatus {
  if (current === 'accepted' || current === 'partial') return current;
  return rejected > 0 ? 'rejected' : 'not-submitted';
}

/** Institutions an office should still chase: not submitted, or only rejected or partial files. */
export function needsChasing(row: InstitutionToChase): boolean {
  return row.status !== 'accepted';
}
