import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { inProvince } from '../auth/scope.ts';

/** The most rows one page holds: a page is bounded whatever the query asks. */
export const MAX_PAGE_SIZE = 100;

const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** The status page's filters, from the query string (every value bounded). */
export const listFilterSchema = z.object({
  province: optional(z.string().regex(/^\d{2}$/u)),
  lao: optional(z.string().regex(/^[0-9A-Za-z-]{1,20}$/u)),
  template: optional(z.enum(['sis-students', 'ccis-children', 'other-schools'])),
  status: optional(z.enum(['queued', 'accepted', 'partial', 'rejected'])),
  /** Days of upload, inclusive, in Asia/Bangkok. */
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  size: z.preprocess(blank, z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25)),
});

export type ListFilter = z.infer<typeof listFilterSchema>;

export interface ListedSubmission {
  readonly submissionId: number;
  readonly fileName: string;
  readonly subjectCode: string | null;
  readonly laoCode: string | null;
  readonly provinceCode: string | null;
  readonly roundId: string | null;
  readonly templateId: string | null;
  readonly status: string;
  readonly isCurrent: boolean;
  readonly rowsTotal: number;
  readonly rowsAccepted: number;
  readonly errors: number;
  readonly warnings: number;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface SubmissionPage {
  readonly page: number;
  readonly size: number;
  readonly total: number;
  readonly pages: number;
  readonly submissions: readonly ListedSubmission[];
}

/** Midnight of a Bangkok day as an instant (Thailand keeps UTC+7 all year). */
const bangkokMidnight = (day: string, plusDays = 0) =>
  new Date(Date.parse(`${day}T00:00:00+07:00`) + plusDays * 86_400_000);

/**
 * Submissions matching the filters, newest first, one page of them and the total. `province`
 * is the scope the viewer is held to (null: all); a province filter narrows within it.
 */
export async function listSubmissions(
  db: Kysely<Warehouse>,
  filter: ListFilter,
  scope: string | null,
): Promise<SubmissionPage> {
  const laoOf = sql<string | null>`coalesce(
    (SELECT i.lao_code FROM institutions i WHERE i.institution_code = submissions.subject_code),
    (SELECT l.lao_code FROM laos l WHERE l.lao_code = submissions.subject_code))`;
  const provinceOf = sql<string | null>`coalesce(
    (SELECT l.province_code FROM institutions i JOIN laos l USING (lao_code) WHERE i.institution_code = submissions.subject_code),
    (SELECT l.province_code FROM laos l WHERE l.lao_code = submissions.subject_code),
    submissions.uploader_province)`;
  let query = db
    .selectFrom('submissions')
    .where((eb) => inProvince(eb, scope))
    .where((eb) => inProvince(eb, filter.province ?? null));
  if (filter.lao) query = query.where(sql<boolean>`${laoOf} = ${filter.lao}`);
  if (filter.template) query = query.where('template_id', '=', filter.template);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.from) query = query.where('uploaded_at', '>=', bangkokMidnight(filter.from));
  if (filter.to) query = query.where('uploaded_at', '<', bangkokMidnight(filter.to, 1));
  // One after the other: the read path is one DuckDB connection.
  const count = await query.select(sql<number>`count(*)::INTEGER`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'submission_id',
      'file_name',
      'subject_code',
      'round_id',
      'template_id',
      'status',
      'is_current',
      'rows_total',
      'rows_accepted',
      'errors',
      'warnings',
      'uploaded_by',
      'uploaded_at',
      laoOf.as('lao_code'),
      provinceOf.as('province_code'),
    ])
    .orderBy('submission_id', 'desc')
    .limit(filter.size)
    .offset((filter.page - 1) * filter.size)
    .execute();
  return {
    page: filter.page,
    size: filter.size,
    total: count.n,
    pages: Math.max(1, Math.ceil(count.n / filter.size)),
    submissions: rows.map((r) => ({
      submissionId: Number(r.submission_id),
      fileName: r.file_name,
      subjectCode: r.subject_code,
      laoCode: r.lao_code,
      provinceCode: r.province_code,
      roundId: r.round_id,
      templateId: r.template_id,
      status: r.status,
      isCurrent: r.is_current,
      rowsTotal: r.rows_total,
      rowsAccepted: r.rows_accepted,
      errors: r.errors,
      warnings: r.warnings,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at.toISOString(),
    })),
  };
}
