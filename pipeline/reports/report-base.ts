import { SisError } from '../errors.ts';
import { findRound, type Reference, type Round } from '../reference/reference.ts';
import { toNumber, type ReportDb } from './report-db.ts';
import type { ReportForm, ReportHeader } from './report-types.ts';

export interface RegistryLao {
  readonly laoCode: string;
  readonly laoName: string;
  readonly laoType: string;
  readonly provinceCode: string;
  readonly district: string;
}

export interface RegistryInstitution {
  readonly institutionCode: string;
  readonly institutionName: string;
  readonly kind: string;
  readonly laoCode: string;
  readonly open: boolean;
}

/**
 * What every form of one round reads besides its counts: the registry (small: thousands of rows)
 * and the current submissions of the round. Read once, shared by all forms and provinces.
 */
export interface ReportBase {
  readonly round: Round;
  readonly reference: Reference;
  readonly generatedAt: Date;
  readonly laos: ReadonlyMap<string, RegistryLao>;
  readonly institutions: ReadonlyMap<string, RegistryInstitution>;
  /** Other-affiliation schools known in the registry, per LAO. */
  readonly otherSchoolsKnown: ReadonlyMap<string, number>;
  /** Subject (institution or LAO code) of each current submission of the round → its latest load. */
  readonly submitted: ReadonlyMap<string, Date | null>;
}

/** The round named, or a clear error naming it. */
export function requireRound(reference: Reference, roundId: string): Round {
  const round = findRound(reference, roundId);
  if (!round) throw new SisError('round/unknown', `round ${roundId} does not exist (data/rounds.csv)`);
  return round;
}

/** The province codes a `--province` value names: one known code, or `all` for every province. */
export function resolveProvinces(reference: Reference, province: string): string[] {
  if (province === 'all') return reference.provinces.map((p) => p.code);
  if (!reference.provinces.some((p) => p.code === province))
    throw new SisError('input/bad-argument', `unknown province ${province} (data/provinces.csv)`);
  return [province];
}

/** Reads the registry and the round's current submissions. */
export async function loadReportBase(
  db: ReportDb,
  reference: Reference,
  roundId: string,
  generatedAt: Date,
): Promise<ReportBase> {
  const round = requireRound(reference, roundId);
  const [laoRows, institutionRows, otherRows, submissionRows] = await Promise.all([
    db.selectFrom('laos').selectAll().execute(),
    db.selectFrom('institutions').selectAll().execute(),
    db
      .selectFrom('other_schools')
      .select(['lao_code', (eb) => eb.fn.countAll<bigint>().as('n')])
      .groupBy('lao_code')
      .execute(),
    db
      .selectFrom('submissions')
      .select(['subject_code', (eb) => eb.fn.max('finished_at').as('finished_at')])
      .where('round_id', '=', roundId)
      .where('is_current', '=', true)
      .where('subject_code', 'is not', null)
      .groupBy('subject_code')
      .execute(),
  ]);
  const laos = new Map(
    laoRows.map((l) => [
      l.lao_code,
      {
        laoCode: l.lao_code,
        laoName: l.lao_name,
        laoType: l.lao_type,
        provinceCode: l.province_code,
        district: l.district,
      },
    ]),
  );
  const institutions = new Map(
    institutionRows.map((i) => [
      i.institution_code,
      {
        institutionCode: i.institution_code,
        institutionName: i.institution_name,
        kind: i.kind,
        laoCode: i.lao_code,
        open: i.status === 'open',
      },
    ]),
  );
  return {
    round,
    reference,
    generatedAt,
    laos,
    institutions,
    otherSchoolsKnown: new Map(otherRows.map((r) => [r.lao_code, toNumber(r.n)])),
    submitted: new Map(
      submissionRows.map((s) => [s.subject_code ?? '', s.finished_at ? new Date(s.finished_at) : null]),
    ),
  };
}

/** The province an institution or LAO code belongs to, through the registry. */
export function provinceOf(base: ReportBase, code: string): string | undefined {
  const lao = base.laos.get(code) ?? base.laos.get(base.institutions.get(code)?.laoCode ?? '');
  return lao?.provinceCode;
}

/** The header of a form for one province; `subjects` are the codes whose submissions feed it. */
export function buildHeader(
  base: ReportBase,
  form: ReportForm,
  province: string,
  subjects: Iterable<string>,
  notSubmitted: number,
): ReportHeader {
  let latest: Date | null = null;
  for (const code of subjects) {
    const at = base.submitted.get(code);
    if (at && (!latest || at > latest)) latest = at;
  }
  return {
    form,
    province,
    provinceName: base.reference.provinces.find((p) => p.code === province)?.name_th ?? province,
    round: base.round.round_id,
    referenceDate: base.round.reference_date,
    cutOff: latest?.toISOString() ?? null,
    cutOffBangkok: latest ? bangkokTime(latest) : null,
    notSubmitted,
    generatedAt: base.generatedAt.toISOString(),
  };
}

/** `YYYY-MM-DD HH:MM` in Asia/Bangkok (UTC+7 all year, no daylight saving). */
export function bangkokTime(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** One collator for every sort: `localeCompare(x, 'th')` would build one per comparison. */
const THAI = new Intl.Collator('th');

/** Sorts by the given keys, in Thai dictionary order. */
export function byKeys<T>(...keys: Array<(row: T) => string>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const c = THAI.compare(key(a), key(b));
      if (c !== 0) return c;
    }
    return 0;
  };
}
