import type { Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { REPORT_FORMS } from '../reports/report-types.ts';
import { readCertifiedForms } from './certification-repository.ts';
import { numbersOf } from './form-snapshot.ts';
import type { ProvincesStatus } from './province-status.ts';

export interface NationalTotals {
  readonly round: string;
  /** Per output, every number under its `totals` (by dotted path) summed over the certified provinces. */
  readonly forms: ReadonlyArray<{ readonly form: string; readonly totals: Record<string, number> }>;
  /** Provinces whose certified version is summed (certified or sent). */
  readonly certified: string[];
  /** Provinces with a registry or a certification that are not (or no longer) certified: not summed. */
  readonly uncertified: ReadonlyArray<{
    readonly province: string;
    readonly provinceName: string;
    readonly status: string;
  }>;
}

/**
 * The department's national totals of forms 2–5 and the subsidy estimate, from the stored
 * certified versions only (never from the live warehouse): a stale or re-opened province's old
 * figures are not summed, and it is named among the uncertified.
 */
export async function readNationalTotals(
  db: Kysely<Warehouse>,
  statuses: ProvincesStatus,
): Promise<NationalTotals> {
  const summed = statuses.provinces.filter((p) => p.status === 'certified' || p.status === 'sent');
  const wanted = new Set(summed.map((p) => p.province));
  const stored = (await readCertifiedForms(db, statuses.round)).filter((f) => wanted.has(f.provinceCode));
  const forms = REPORT_FORMS.map((form) => {
    const totals: Record<string, number> = {};
    for (const f of stored.filter((s) => s.form === form)) {
      const json = JSON.parse(f.reportJson) as { totals?: unknown };
      for (const [path, n] of numbersOf(json.totals)) totals[path] = round2((totals[path] ?? 0) + n);
    }
    return { form, totals };
  });
  return {
    round: statuses.round,
    forms,
    certified: summed.map((p) => p.province),
    uncertified: statuses.provinces
      .filter((p) => !wanted.has(p.province) && (p.expected > 0 || p.version !== null))
      .map((p) => ({ province: p.province, provinceName: p.provinceName, status: p.status })),
  };
}

/** Money sums keep two decimals; counts are whole and unchanged by this. */
function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
