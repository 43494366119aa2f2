import type { Kysely } from 'kysely';
import { textList } from '../db/kysely-duckdb.ts';
import type { Warehouse } from '../db/schema.ts';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { isBeforeClosing, windowState, type RoundWindow } from '../reference/round-window.ts';
import type { StagingSummary } from '../staging/summary.ts';

/** A subject (institution or LAO) as the registry knows it. */
export interface SubjectFacts {
  readonly kind: 'school' | 'cdc' | 'lao';
  readonly status: string;
  readonly laoCode: string;
  readonly provinceCode: string;
}

/** What the checks of a batch need from the database, fetched in three queries for all files. */
export interface ContextFacts {
  readonly institutions: ReadonlyMap<string, SubjectFacts>;
  readonly laos: ReadonlyMap<string, SubjectFacts>;
  readonly rounds: ReadonlyMap<string, RoundWindow>;
  /** `round|lao` → the instant an exception lets that LAO upload until. */
  readonly exceptions: ReadonlyMap<string, Date>;
}

export async function fetchContextFacts(
  db: Kysely<Warehouse>,
  summaries: readonly StagingSummary[],
): Promise<ContextFacts> {
  const codes = [...new Set(summaries.flatMap((s) => (s.subjectCode ? [s.subjectCode] : [])))];
  const [institutions, laos, rounds, exceptions] = await Promise.all([
    db
      .selectFrom('institutions as i')
      .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
      .select(['i.institution_code as code', 'i.kind', 'i.status', 'i.lao_code', 'l.province_code'])
      .where('i.institution_code', 'in', textList(codes))
      .execute(),
    db
      .selectFrom('laos')
      .select(['lao_code as code', 'province_code'])
      .where('lao_code', 'in', textList(codes))
      .execute(),
    db.selectFrom('rounds').select(['round_id', 'opens_at', 'closes_at']).execute(),
    db.selectFrom('window_exceptions').select(['round_id', 'lao_code', 'until']).execute(),
  ]);
  return {
    institutions: new Map(
      institutions.map((r) => [
        r.code,
        {
          kind: r.kind as SubjectFacts['kind'],
          status: r.status,
          laoCode: r.lao_code,
          provinceCode: r.province_code,
        },
      ]),
    ),
    laos: new Map(
      laos.map((r) => [
        r.code,
        { kind: 'lao', status: 'open', laoCode: r.code, provinceCode: r.province_code },
      ]),
    ),
    rounds: new Map(rounds.map((r) => [r.round_id, { opensAt: r.opens_at, closesAt: r.closes_at }])),
    exceptions: new Map(exceptions.map((r) => [`${r.round_id}|${r.lao_code}`, r.until])),
  };
}

const EXPECTED_KIND: Record<string, string> = {
  'sis-students': 'school',
  'ccis-children': 'cdc',
  'other-schools': 'lao',
};

/** The registered subject of a parsed file, if any. */
export function subjectOf(summary: StagingSummary, facts: ContextFacts): SubjectFacts | undefined {
  if (!summary.subjectCode) return undefined;
  return summary.templateId === 'other-schools'
    ? facts.laos.get(summary.subjectCode)
    : facts.institutions.get(summary.subjectCode);
}

/**
 * The file-level checks that need the registry: the subject is registered, open and of the
 * template's kind; it lies in the uploading account's province (if the account is a province's); the round exists; the upload's clock (`asOf`) is inside the round's window or
 * the LAO holds an exception. Pure: the facts were fetched for the whole batch.
 */
export function contextIssues(
  summary: StagingSummary,
  facts: ContextFacts,
  asOf: Date,
  uploaderProvince: string | null = null,
): Issue[] {
  if (summary.status === 'rejected' || !summary.templateId || !summary.subjectCode || !summary.roundId)
    return [];
  const subject = subjectOf(summary, facts);
  if (!subject) return [makeIssue('file/institution-unknown', { value: summary.subjectCode })];
  // A provincial office sends for its own province only; nothing of another's is counted.
  if (uploaderProvince !== null && subject.provinceCode !== uploaderProvince)
    return [
      makeIssue('auth/other-province', {
        value: summary.subjectCode,
        detail: `จังหวัด ${subject.provinceCode} (บัญชีนี้: ${uploaderProvince})`,
      }),
    ];
  const issues: Issue[] = [];
  if (subject.status === 'closed')
    issues.push(makeIssue('file/institution-closed', { value: summary.subjectCode }));
  if (subject.kind !== EXPECTED_KIND[summary.templateId]) {
    issues.push(
      makeIssue('file/institution-kind-mismatch', { value: `${summary.subjectCode} (${subject.kind})` }),
    );
  }
  issues.push(...windowIssues(facts, summary.roundId, subject.laoCode, asOf));
  return issues;
}

function windowIssues(facts: ContextFacts, roundId: string, laoCode: string, asOf: Date): Issue[] {
  const round = facts.rounds.get(roundId);
  if (!round) return [makeIssue('file/round-unknown', { value: roundId })];
  const state = windowState(round, asOf);
  if (state === 'not-open') {
    return [
      makeIssue('file/window-not-open', {
        value: asOf.toISOString(),
        detail: `เปิดรับ ${bangkokDay(round.opensAt)}`,
      }),
    ];
  }
  if (state === 'open') return [];
  const until = facts.exceptions.get(`${roundId}|${laoCode}`);
  if (until && isBeforeClosing(until, asOf)) return [];
  const lastDay = bangkokDay(new Date(round.closesAt.getTime() - 1));
  return [
    makeIssue('file/window-closed', { value: asOf.toISOString(), detail: `ปิดรับ ${lastDay} เวลา 24:00 น.` }),
  ];
}

/** A UTC instant as the Bangkok calendar day a clerk reads (UTC+7, no daylight saving), BE year. */
export function bangkokDay(instant: Date): string {
  const local = new Date(instant.getTime() + 7 * 3_600_000);
  const [y, m, d] = local.toISOString().slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d}/${m}/${y + 543}`;
}
