import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { certifyProvince, markSent, reopenCertification } from '../../pipeline/signoff/certify.ts';
import { readNationalTotals } from '../../pipeline/signoff/national-totals.ts';
import { readProvinceStatuses } from '../../pipeline/signoff/province-status.ts';

const roundId = z.string().regex(/^\d{4}-[12]$/u, 'a round id such as 2562-2');
const provinceCode = z.string().regex(/^\d{2}$/u, 'a 2-digit province code');
const act = { roundId, provinceCode, by: z.string().min(1).max(120), at: z.iso.datetime() };

/** The province's sign-off of a round, as loader jobs (`signoff`): the loader is the sole writer. */
export const signoffPayloadSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('certify'), ...act }),
  z.object({ op: z.literal('sent'), ...act }),
  z.object({ op: z.literal('reopen'), ...act, reason: z.string().trim().min(1).max(500) }),
  /** Every province's status (marking stale certifications on the way) and the national totals. */
  z.object({ op: z.literal('status'), roundId, at: z.iso.datetime() }),
]);

export type SignoffPayload = z.infer<typeof signoffPayloadSchema>;

export interface SignoffDeps {
  readonly db: Kysely<Warehouse>;
  readonly reference: Reference;
}

export async function applySignoff(deps: SignoffDeps, payload: SignoffPayload): Promise<unknown> {
  const { db, reference } = deps;
  const at = new Date(payload.at);
  switch (payload.op) {
    case 'certify':
      return certifyProvince(db, reference, { ...payload, at });
    case 'sent':
      return markSent(db, { ...payload, at });
    case 'reopen':
      return reopenCertification(db, { ...payload, at });
    case 'status': {
      const status = await readProvinceStatuses(db, reference, payload.roundId, at);
      return { status, totals: await readNationalTotals(db, status) };
    }
  }
}
