import type { DuckDBConnection } from '@duckdb/node-api';
import { refreshCompletenessSummary } from '../../../pipeline/completeness/summary-sql.ts';
import { generateReportRound } from './reports-data.ts';

/**
 * A whole country for the dashboard benchmark, in SQL straight into a migrated warehouse: the
 * report benchmark's round (20,000 institutions, ~1.5 M pupils and children), files received on
 * days spread over the window, the completeness summary as the loader keeps it, and the previous
 * round's counts (each institution's pupils scaled by 0.7–1.3, so some are flagged).
 */
export async function generateDashboardRound(
  c: DuckDBConnection,
  round: { id: string; opensAt: string; closesAt: string },
  previousRound: string,
  rows: number,
): Promise<void> {
  await generateReportRound(c, round.id, rows);
  await c.run(
    `UPDATE submissions SET as_of = $1::TIMESTAMPTZ
       + to_seconds((hash(submission_id) % greatest(1, epoch($2::TIMESTAMPTZ) - epoch($1::TIMESTAMPTZ)))::BIGINT)`,
    [round.opensAt, round.closesAt],
  );
  await refreshCompletenessSummary(c, 'SELECT submission_id FROM submissions');
  await c.run(
    `INSERT INTO completeness_summary
     SELECT '${previousRound}', template_id, institution_code, status, NULL,
       (pupils * (0.7 + (hash(institution_code) % 61) / 100.0))::INTEGER, 1, NULL, NULL
     FROM completeness_summary WHERE round_id = '${round.id}'`,
  );
}
