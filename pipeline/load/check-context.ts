import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { makeIssue, type Issue } from '../issues/issue.ts';
import type { StagingSummary } from '../staging/summary.ts';

/** Where a file's subject sits in the registry; null fields when it is not registered. */
export interface SubjectPlace {
  readonly laoCode: string | null;
  readonly provinceCode: string | null;
}

interface ContextResult {
  readonly issues: Issue[];
  readonly place: SubjectPlace;
}

const EXPECTED_KIND: Record<string, string> = { 'sis-students': 'school', 'ccis-children': 'cdc' };

/**
 * The file-level checks that need the database: the subject is registered, open and of the
 * template's kind; the round exists; the upload's clock (`asOf`) is inside the round's window or
 * the LAO holds an exception.
 */
export async function checkContext(db: Kysely<Warehouse>, summary: StagingSummary, asOf: Date): Promise<ContextResult> {
  const none: SubjectPlace = { laoCode: null, provinceCode: null };
  if (summary.status === 'rejected' || !summary.templateId || !summary.subjectCode || !summary.roundId) {
    return { issues: [], place: none };
  }
  const subject = await findSubject(db, summary.templateId, summary.subjectCode);
  if (!subject) return { issues: [makeIssue('file/institution-unknown', { value: summary.subjectCode })], place: none };
  const place = { laoCode: subject.lao_code, provinceCode: subject.province_code };
  const issues: Issue[] = [];
  if (subject.status === 'closed') issues.push(makeIssue('file/institution-closed', { value: summary.subjectCode }));
  const expected = EXPECTED_KIND[summary.templateId];
  if (expected && subject.kind !== expected) {
    issues.push(makeIssue('file/institution-kind-mismatch', { value: `${summary.subjectCode} (${subject.kind})` }));
  }
  issues.push(...(await checkWindow(db, summary.roundId, subject.lao_code, asOf)));
  return { issues, place };
}

interface SubjectRow {
  lao_code: string;
  province_code: string;
  kind: string;
  status: string;
}

async function findSubject(db: Kysely<Warehouse>, templateId: string, code: string): Promise<SubjectRow | undefined> {
  if (templateId === 'other-schools') {
    return db
      .selectFrom('laos')
      .select(['lao_code', 'province_code', sql<string>`'lao'`.as('kind'), sql<string>`'open'`.as('status')])
      .where('lao_code', '=', code)
      .executeTakeFirst();
  }
  return db
    .selectFrom('institutions as i')
    .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
    .select(['i.lao_code', 'l.province_code', 'i.kind', 'i.status'])
    .where('i.institution_code', '=', code)
    .executeTakeFirst();
}

async function checkWindow(db: Kysely<Warehouse>, roundId: string, laoCode: string, asOf: Date): Promise<Issue[]> {
  const round = await db.selectFrom('rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
  if (!round) return [makeIssue('file/round-unknown', { value: roundId })];
  if (asOf < round.opens_at) return [makeIssue('file/window-not-open', { value: asOf.toISOString(), detail: bangkokDay(round.opens_at) })];
  if (asOf <= round.closes_at) return [];
  const exception = await db
    .selectFrom('window_exceptions')
    .select('until')
    .where('round_id', '=', roundId)
    .where('lao_code', '=', laoCode)
    .executeTakeFirst();
  if (exception && asOf <= exception.until) return [];
  return [makeIssue('file/window-closed', { value: asOf.toISOString(), detail: `ปิดรับ ${bangkokDay(new Date(round.closes_at.getTime() - 1))} 24:00 น.` })];
}

/** A UTC instant as the Bangkok calendar day a clerk reads (UTC+7, no daylight saving). */
export function bangkokDay(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const day = local.toISOString().slice(0, 10);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d}/${m}/${y + 543}`;
}
