import type { Kysely, Transaction } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import type { FormSnapshot } from './form-snapshot.ts';

type Db = Kysely<Warehouse> | Transaction<Warehouse>;

/** A province's sign-off of a round as stored; no row means `draft` (never certified). */
export interface CertificationRow {
  readonly roundId: string;
  readonly provinceCode: string;
  readonly status: 'draft' | 'certified' | 'stale' | 'sent';
  readonly version: number;
  readonly certifiedAt: Date | null;
  readonly certifiedBy: string | null;
  readonly sentAt: Date | null;
  readonly staleAt: Date | null;
  readonly staleDetail: string | null;
}

/** One stored form of a certified version. */
export interface CertifiedForm {
  readonly provinceCode: string;
  readonly version: number;
  readonly form: string;
  readonly reportJson: string;
  readonly xlsxBase64: string;
  readonly figuresHash: string;
}

export async function readCertifications(db: Db, roundId: string): Promise<Map<string, CertificationRow>> {
  const rows = await db
    .selectFrom('province_certifications')
    .selectAll()
    .where('round_id', '=', roundId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.province_code,
      {
        roundId: r.round_id,
        provinceCode: r.province_code,
        status: r.status as CertificationRow['status'],
        version: r.version,
        certifiedAt: r.certified_at,
        certifiedBy: r.certified_by,
        sentAt: r.sent_at,
        staleAt: r.stale_at,
        staleDetail: r.stale_detail,
      },
    ]),
  );
}

/** The forms of the latest certified version of each province of a round (or of one province). */
export async function readCertifiedForms(
  db: Db,
  roundId: string,
  provinceCode?: string,
): Promise<CertifiedForm[]> {
  let query = db
    .selectFrom('certified_forms as f')
    .innerJoin('province_certifications as c', (join) =>
      join
        .onRef('c.round_id', '=', 'f.round_id')
        .onRef('c.province_code', '=', 'f.province_code')
        .onRef('c.version', '=', 'f.version'),
    )
    .select(['f.province_code', 'f.version', 'f.form', 'f.report_json', 'f.xlsx_base64', 'f.figures_hash'])
    .where('f.round_id', '=', roundId);
  if (provinceCode !== undefined) query = query.where('f.province_code', '=', provinceCode);
  const rows = await query.orderBy('f.province_code').orderBy('f.form').execute();
  return rows.map((r) => ({
    provinceCode: r.province_code,
    version: r.version,
    form: r.form,
    reportJson: r.report_json,
    xlsxBase64: r.xlsx_base64,
    figuresHash: r.figures_hash,
  }));
}

export interface NewVersion {
  readonly roundId: string;
  readonly provinceCode: string;
  readonly version: number;
  readonly at: Date;
  readonly by: string;
  readonly forms: ReadonlyArray<FormSnapshot & { readonly xlsx: Uint8Array }>;
}

/** Stores a certified version's forms and points the province's certification at it. */
export async function insertCertifiedVersion(db: Db, v: NewVersion): Promise<void> {
  await db
    .insertInto('certified_forms')
    .values(
      v.forms.map((f) => ({
        round_id: v.roundId,
        province_code: v.provinceCode,
        version: v.version,
        form: f.form,
        report_json: f.json,
        xlsx_base64: Buffer.from(f.xlsx).toString('base64'),
        content_hash: f.contentHash,
        figures_hash: f.figuresHash,
        certified_at: v.at,
        certified_by: v.by,
      })),
    )
    .execute();
  const row = {
    status: 'certified',
    version: v.version,
    certified_at: v.at,
    certified_by: v.by,
    sent_at: null,
    sent_by: null,
    stale_at: null,
    stale_detail: null,
  };
  await db
    .insertInto('province_certifications')
    .values({ round_id: v.roundId, province_code: v.provinceCode, ...row })
    .onConflict((oc) => oc.columns(['round_id', 'province_code']).doUpdateSet(row))
    .execute();
}

export type CertificationChange =
  | { readonly status: 'sent'; readonly at: Date; readonly by: string }
  | { readonly status: 'stale'; readonly at: Date; readonly detail: string }
  | { readonly status: 'draft'; readonly at: Date; readonly by: string; readonly reason: string };

/** Moves a province's certification to another status (its certified version stays on record). */
export async function updateCertification(
  db: Db,
  roundId: string,
  provinceCode: string,
  change: CertificationChange,
): Promise<void> {
  const set =
    change.status === 'sent'
      ? { status: 'sent', sent_at: change.at, sent_by: change.by }
      : change.status === 'stale'
        ? { status: 'stale', stale_at: change.at, stale_detail: change.detail }
        : { status: 'draft', reopened_at: change.at, reopened_by: change.by, reopen_reason: change.reason };
  await db
    .updateTable('province_certifications')
    .set(set)
    .where('round_id', '=', roundId)
    .where('province_code', '=', provinceCode)
    .execute();
}
