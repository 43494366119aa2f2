import type { Kysely } from 'kysely';
import { appendAudit } from '../auth/account-repository.ts';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import type { Reference } from '../reference/reference.ts';
import { compileReports, reportJson } from '../reports/compile-reports.ts';
import { REPORT_FORMS } from '../reports/report-types.ts';
import { readInstitutionStatuses } from './chase-list.ts';
import {
  readCertifications,
  readCertifiedForms,
  updateCertification,
  type CertificationRow,
} from './certification-repository.ts';
import { diffTotals, figuresHash, type FigureChange } from './form-snapshot.ts';

type Db = Kysely<Warehouse>;
const DAY_MS = 24 * 3600 * 1000;

export type SignoffStatus = CertificationRow['status'];

/** One province as `sis provinces status --json` prints it (the first eight keys are the contract). */
export interface ProvinceStatus {
  readonly province: string;
  readonly status: SignoffStatus;
  readonly certifiedAt: string | null;
  readonly certifiedBy: string | null;
  readonly expected: number;
  readonly accepted: number;
  readonly notSubmitted: number;
  readonly provinceName: string;
  readonly version: number | null;
  readonly sentAt: string | null;
  /** Past the due date and not sent. */
  readonly late: boolean;
  /** What changed under a stale certification (certified → current totals). */
  readonly changes: FigureChange[];
}

export interface ProvincesStatus {
  readonly round: string;
  /** The end of the due date in Bangkok (its midnight), as a UTC instant. */
  readonly formsDueAt: string;
  /** Whole days from now to the due instant, rounded up; negative once past. */
  readonly daysLeft: number;
  readonly provinces: ProvinceStatus[];
}

/** The round's due date (`reports_due`) as the instant it ends in Asia/Bangkok (UTC+7). */
async function formsDueAt(db: Db, roundId: string): Promise<Date> {
  const row = await db
    .selectFrom('rounds')
    .select('reports_due')
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw new SisError('input/bad-argument', `no round ${roundId}`);
  return new Date(row.reports_due.getTime() + DAY_MS - 7 * 3600 * 1000);
}

/**
 * Every province's sign-off of a round, with its completeness now, and stale detection: the
 * certified figures of each certified or sent province are compared with the forms compiled now
 * (on read, not after each load: a load wave during the window would pay for compiling forms
 * nobody certified yet, while this read compiles the round's forms once, for all provinces at a
 * time). A certification found changed is marked stale, with the difference, and audited, once.
 */
export async function readProvinceStatuses(
  db: Db,
  reference: Reference,
  roundId: string,
  now: Date,
): Promise<ProvincesStatus> {
  const due = await formsDueAt(db, roundId);
  const changes = await detectStale(db, reference, roundId, now);
  const certifications = await readCertifications(db, roundId);
  const counts = await countByProvince(db, roundId);
  const provinces = reference.provinces.map((p): ProvinceStatus => {
    const c = certifications.get(p.code);
    const n = counts.get(p.code) ?? { expected: 0, accepted: 0, notSubmitted: 0 };
    const status = c?.status ?? 'draft';
    return {
      province: p.code,
      status,
      certifiedAt: status === 'draft' ? null : (c?.certifiedAt?.toISOString() ?? null),
      certifiedBy: status === 'draft' ? null : (c?.certifiedBy ?? null),
      ...n,
      provinceName: p.name_th,
      version: c?.version ?? null,
      sentAt: c?.sentAt?.toISOString() ?? null,
      late: now.getTime() >= due.getTime() && status !== 'sent',
      changes: changes.get(p.code) ?? (c?.staleDetail ? (JSON.parse(c.staleDetail) as FigureChange[]) : []),
    };
  });
  return {
    round: roundId,
    formsDueAt: due.toISOString(),
    daysLeft: Math.ceil((due.getTime() - now.getTime()) / DAY_MS),
    provinces,
  };
}

async function countByProvince(db: Db, roundId: string) {
  const out = new Map<string, { expected: number; accepted: number; notSubmitted: number }>();
  for (const row of await readInstitutionStatuses(db, roundId)) {
    const n = out.get(row.provinceCode) ?? { expected: 0, accepted: 0, notSubmitted: 0 };
    n.expected += 1;
    if (row.status === 'accepted') n.accepted += 1;
    if (row.status === 'not-submitted') n.notSubmitted += 1;
    out.set(row.provinceCode, n);
  }
  return out;
}

/** Compares each certified (or sent) province's stored figures with today's; marks changed ones stale. */
async function detectStale(
  db: Db,
  reference: Reference,
  roundId: string,
  now: Date,
): Promise<Map<string, FigureChange[]>> {
  const certifications = await readCertifications(db, roundId);
  const live = [...certifications.values()].filter((c) => c.status === 'certified' || c.status === 'sent');
  const found = new Map<string, FigureChange[]>();
  if (live.length === 0) return found;
  const stored = await readCertifiedForms(db, roundId);
  const compiled = await compileReports(db, reference, {
    roundId,
    province: live.length === 1 ? live[0]!.provinceCode : 'all',
    forms: REPORT_FORMS,
    generatedAt: now,
  });
  const currentOf = new Map(compiled.map((c) => [`${c.report.header.province} ${c.form}`, reportJson(c)]));
  for (const c of live) {
    const diff: FigureChange[] = [];
    let changed = false;
    for (const form of stored.filter((f) => f.provinceCode === c.provinceCode)) {
      const currentJson = currentOf.get(`${c.provinceCode} ${form.form}`);
      if (!currentJson || figuresHash(currentJson) === form.figuresHash) continue;
      changed = true;
      diff.push(
        ...diffTotals(form.form, JSON.parse(form.reportJson) as Record<string, unknown>, currentJson),
      );
    }
    if (!changed) continue;
    found.set(c.provinceCode, diff);
    await markStale(db, c, diff, now);
  }
  return found;
}

async function markStale(db: Db, c: CertificationRow, diff: FigureChange[], now: Date): Promise<void> {
  const detail = JSON.stringify(diff);
  await db.transaction().execute(async (trx) => {
    await updateCertification(trx, c.roundId, c.provinceCode, { status: 'stale', at: now, detail });
    await appendAudit(trx, [
      {
        at: now,
        actor: 'system',
        action: 'certify-stale',
        outcome: 'ok',
        target: `${c.roundId} ${c.provinceCode}`,
        detail:
          `version ${c.version}: ${diff.map((d) => `${d.form}.${d.field} ${d.certified}→${d.current}`).join('; ') || 'rows changed'}`.slice(
            0,
            2000,
          ),
      },
    ]);
  });
}
