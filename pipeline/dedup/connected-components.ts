import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../db/database.ts';
import { SisError } from '../errors.ts';
import {
  ADVANCE_LABELS,
  BUILD_EDGES,
  COUNT_CHANGED_LABELS,
  INIT_LABELS,
  PROPAGATE_LABELS,
} from './dedup-sql.ts';

/**
 * Min-label propagation with pointer jumping converges in a few rounds on duplicate graphs
 * (mostly pairs and small stars); hitting this bound means the SQL is wrong, not the data.
 */
const MAX_ITERATIONS = 200;

/**
 * Labels the connected components of `dedup_tmp_pairs` into `dedup_tmp_labels` (part, node,
 * label), per rule and for all rules together. Each iteration is one SQL statement over the
 * pairs, never over the round's rows. Returns the iterations used.
 */
export async function labelComponents(connection: DuckDBConnection): Promise<number> {
  await connection.run(BUILD_EDGES);
  await connection.run(INIT_LABELS);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    await connection.run(PROPAGATE_LABELS);
    const [row] = await queryRows<{ changed: bigint }>(connection, COUNT_CHANGED_LABELS);
    await connection.run(ADVANCE_LABELS);
    if (Number(row?.changed ?? 0) === 0) return iteration;
  }
  throw new SisError('internal/bug', `connected components did not converge in ${MAX_ITERATIONS} iterations`);
}
