import type { Kysely } from 'kysely';
import { appendAudit } from '../auth/account-repository.ts';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import type { Reference } from '../reference/reference.ts';
import { compileReports, reportJson } from '../reports/compile-reports.ts';
import { reportSheet } from '../reports/report-sheet.ts';
import { REPORT_FORMS } from '../reports/report-types.ts';
import { writeReportXlsx } from '../reports/write-report-xlsx.ts';
import {
  insertCertifiedVersion,
  readCertifications,
  updateCertification,
  type CertificationRow,
} from './certification-repository.ts';
import { snapshotForm } from './form-snapshot.ts';

type Db = Kysely<Warehouse>;

export interface SignoffAct {
  readonly roundId: string;
  readonly provinceCode: string;
  readonly by: string;
  readonly at: Date;
}

/** What `sis certify` prints: the province's certification once changed. */
export interface CertifyResult {
  readonly round: string;
  readonly province: string;
  readonly status: CertificationRow['status'];
  readonly version: number;
  readonly certifiedAt: string | null;
  readonly certifiedBy: string | null;
  readonly forms: ReadonlyArray<{ form: string; contentHash: string }>;
}

/** The closing instant of a round as the warehouse has it (an admin may have moved it). */
async function closesAt(db: Db, roundId: string): Promise<Date> {
  const row = await db
    .selectFrom('rounds')
    .select('closes_at')
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw new SisError('input/bad-argument', `no round ${roundId}`);
  return row.closes_at;
}

async function current(db: Db, act: SignoffAct): Promise<CertificationRow | undefined> {
  return (await readCertifications(db, act.roundId)).get(act.provinceCode);
}

/**
 * Freezes a province's forms 2–5 and subsidy estimate as a certified version: each output's
 * JSON and .xlsx exactly as `sis report` makes them, with their hashes, who and when. Allowed once
 * the window has closed, from `draft` (never certified, or re-opened) or `stale`; a province
 * already certified with unchanged figures is told so rather than given a second version.
 */
export async function certifyProvince(db: Db, reference: Reference, act: SignoffAct): Promise<CertifyResult> {
  if (!reference.provinces.some((p) => p.code === act.provinceCode))
    throw new SisError('input/bad-argument', `unknown province ${act.provinceCode}`);
  const closes = await closesAt(db, act.roundId);
  if (act.at.getTime() < closes.getTime())
    throw new SisError(
      'input/bad-argument',
      `round ${act.roundId} is still open until ${closes.toISOString()}: certify after the window closes`,
    );
  const before = await current(db, act);
  if (before && (before.status === 'certified' || before.status === 'sent'))
    throw new SisError(
      'input/bad-argument',
      `province ${act.provinceCode} is already ${before.status} for ${act.roundId} (version ${before.version}); an admin re-opens it with a reason`,
    );
  const compiled = await compileReports(db, reference, {
    roundId: act.roundId,
    province: act.provinceCode,
    forms: REPORT_FORMS,
    generatedAt: act.at,
  });
  const forms = await Promise.all(
    compiled.map(async (c) => ({
      ...snapshotForm(c.form, reportJson(c)),
      xlsx: await writeReportXlsx(reportSheet(c)),
    })),
  );
  const version = (before?.version ?? 0) + 1;
  await db.transaction().execute(async (trx) => {
    await insertCertifiedVersion(trx, { ...act, version, forms });
    await appendAudit(trx, [
      {
        at: act.at,
        actor: act.by,
        action: 'certify',
        outcome: 'ok',
        target: `${act.roundId} ${act.provinceCode}`,
        detail: `version ${version}${before ? ` (was ${before.status})` : ''}; ${forms.map((f) => `${f.form}=${f.contentHash.slice(0, 12)}`).join(' ')}`,
      },
    ]);
  });
  return {
    round: act.roundId,
    province: act.provinceCode,
    status: 'certified',
    version,
    certifiedAt: act.at.toISOString(),
    certifiedBy: act.by,
    forms: forms.map((f) => ({ form: f.form, contentHash: f.contentHash })),
  };
}

/** Marks a certified province's forms as sent to the department (not when stale: re-certify first). */
export async function markSent(db: Db, act: SignoffAct): Promise<CertifyResult> {
  const before = await current(db, act);
  if (!before || before.status !== 'certified')
    throw new SisError(
      'input/bad-argument',
      `province ${act.provinceCode} is ${before?.status ?? 'draft'} for ${act.roundId}: only certified forms can be marked sent`,
    );
  await db.transaction().execute(async (trx) => {
    await updateCertification(trx, act.roundId, act.provinceCode, { status: 'sent', at: act.at, by: act.by });
    await appendAudit(trx, [
      {
        at: act.at,
        actor: act.by,
        action: 'certify-sent',
        outcome: 'ok',
        target: `${act.roundId} ${act.provinceCode}`,
        detail: `version ${before.version}`,
      },
    ]);
  });
  return { ...resultOf(before), status: 'sent' };
}

/** An admin re-opens a province's certification with a reason: it is `draft` again until re-certified. */
export async function reopenCertification(
  db: Db,
  act: SignoffAct & { reason: string },
): Promise<CertifyResult> {
  const before = await current(db, act);
  if (!before || before.status === 'draft')
    throw new SisError(
      'input/bad-argument',
      `province ${act.provinceCode} is not certified for ${act.roundId}`,
    );
  await db.transaction().execute(async (trx) => {
    await updateCertification(trx, act.roundId, act.provinceCode, {
      status: 'draft',
      at: act.at,
      by: act.by,
      reason: act.reason,
    });
    await appendAudit(trx, [
      {
        at: act.at,
        actor: act.by,
        action: 'certify-reopen',
        outcome: 'ok',
        target: `${act.roundId} ${act.provinceCode}`,
        detail: `was ${before.status} (version ${before.version}); ${act.reason}`,
      },
    ]);
  });
  return { ...resultOf(before), status: 'draft' };
}

function resultOf(row: CertificationRow): CertifyResult {
  return {
    round: row.roundId,
    province: row.provinceCode,
    status: row.status,
    version: row.version,
    certifiedAt: row.certifiedAt?.toISOString() ?? null,
    certifiedBy: row.certifiedBy,
    forms: [],
  };
}
