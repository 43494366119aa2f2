import type { Kysely } from 'kysely';
import type { Reference } from '../reference/reference.ts';
import type { Warehouse } from './schema.ts';

/**
 * Mirrors the shipped reference tables (provinces, rounds) into the warehouse so SQL can join
 * them; run at loader start-up. A round missing from the warehouse is inserted with its window;
 * a known round keeps the window it has there, which `sis window set` may have moved: a restart
 * must not undo an admin's change.
 */
export async function syncReference(db: Kysely<Warehouse>, reference: Reference): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('provinces').execute();
    if (reference.provinces.length > 0) {
      await trx
        .insertInto('provinces')
        .values(
          reference.provinces.map((p) => ({ province_code: p.code, name_th: p.name_th, name_en: p.name_en })),
        )
        .execute();
    }
    for (const r of reference.rounds) {
      const round = {
        academic_year: r.academic_year,
        term: r.term,
        reference_date: r.reference_date,
        reports_due: r.reports_due,
      };
      await trx
        .insertInto('rounds')
        .values({ round_id: r.round_id, ...round, opens_at: r.opens_at, closes_at: r.closes_at })
        .onConflict((oc) => oc.column('round_id').doUpdateSet(round))
        .execute();
    }
  });
}

/** The rounds' windows as the warehouse holds them (an admin's `sis window set` included). */
export async function roundWindows(
  db: Kysely<Warehouse>,
  roundId?: string,
): Promise<Array<{ round_id: string; opens_at: string; closes_at: string }>> {
  let query = db.selectFrom('rounds').select(['round_id', 'opens_at', 'closes_at']);
  if (roundId !== undefined) query = query.where('round_id', '=', roundId);
  const rows = await query.orderBy('round_id').execute();
  return rows.map((r) => ({
    round_id: r.round_id,
    opens_at: r.opens_at.toISOString(),
    closes_at: r.closes_at.toISOString(),
  }));
}
