import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';

/** A named LAO's leave to upload after a round's close, until an instant. */
export interface WindowException {
  readonly laoCode: string;
  readonly until: string;
  readonly reason: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
}

/** A round's window and its exceptions as `sis window list --json` prints them (UTC ISO instants). */
export interface WindowListing {
  readonly round: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly exceptions: WindowException[];
}

/** A round's window as the warehouse holds it now, with its exceptions in LAO code order. */
export async function readWindowListing(db: Kysely<Warehouse>, roundId: string): Promise<WindowListing> {
  const round = await db
    .selectFrom('rounds')
    .select(['opens_at', 'closes_at'])
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!round) throw new SisError('input/bad-argument', `no round ${roundId}`);
  const rows = await db
    .selectFrom('window_exceptions')
    .selectAll()
    .where('round_id', '=', roundId)
    .orderBy('lao_code')
    .execute();
  return {
    round: roundId,
    opensAt: round.opens_at.toISOString(),
    closesAt: round.closes_at.toISOString(),
    exceptions: rows.map((r) => ({
      laoCode: r.lao_code,
      until: r.until.toISOString(),
      reason: r.reason,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at.toISOString(),
    })),
  };
}
