import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Warehouse } from '../../pipeline/db/schema.ts';

/**
 * Narrows a query on `submissions` to one province (its subject's, through the registry, else
 * the province it was uploaded for); no narrowing when `province` is null.
 */
export function inProvince(
  eb: ExpressionBuilder<Warehouse, 'submissions'>,
  province: string | null,
): Expression<SqlBool> {
  if (province === null) return sql<SqlBool>`true`;
  return sql<SqlBool>`coalesce(
    (SELECT l.province_code FROM institutions i JOIN laos l USING (lao_code) WHERE i.institution_code = ${eb.ref('submissions.subject_code')}),
    (SELECT l.province_code FROM laos l WHERE l.lao_code = ${eb.ref('submissions.subject_code')}),
    ${eb.ref('submissions.uploader_province')}
  ) = ${province}`;
}
