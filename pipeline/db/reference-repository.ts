import type { DuckDBConnection } from '@duckdb/node-api';
import type { Reference } from '../reference/reference.ts';
import { inTransaction } from './database.ts';

/**
 * Mirrors the shipped reference tables (provinces, rounds) into the warehouse so SQL can join
 * them; run at loader start-up. Rounds are upserted: a round's window may be extended.
 */
export async function syncReference(connection: DuckDBConnection, reference: Reference): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run('DELETE FROM provinces');
    for (const p of reference.provinces) {
      await connection.run('INSERT INTO provinces VALUES ($1, $2, $3)', [p.code, p.name_th, p.name_en]);
    }
    for (const r of reference.rounds) {
      await connection.run(
        `INSERT OR REPLACE INTO rounds VALUES ($1, $2, $3, $4::DATE, $5::TIMESTAMPTZ, $6::TIMESTAMPTZ, $7::DATE)`,
        [r.round_id, r.academic_year, r.term, r.reference_date, r.opens_at, r.closes_at, r.reports_due],
      );
    }
  });
}
