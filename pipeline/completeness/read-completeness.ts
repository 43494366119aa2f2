import { sql, type Kysely } from 'kysely';
import type { Warehouse } from '../db/schema.ts';
import { SisError } from '../errors.ts';
import { findRound, type Reference } from '../reference/reference.ts';
import {
  tallyCompleteness,
  type AcceptedDay,
  type Completeness,
  type CompletenessRow,
  type CompletenessStatus,
} from './completeness-types.ts';

const BANGKOK_OFFSET_S = 7 * 3600;
const DAY_S = 86_400;
/** The roster template an institution kind's pupils or children come in. */
const TEMPLATE_OF_KIND = sql<string>`CASE kind WHEN 'school' THEN 'sis-students' ELSE 'ccis-children' END`;

export interface CompletenessQuery {
  readonly roundId: string;
  /** A province code, or null for the whole country. */
  readonly province: string | null;
}

/**
 * Completeness of a round against the registry: every open school and CDC (of the province),
 * where it stands and its pupils against the previous round, from `completeness_summary` (kept
 * by the loader), never by scanning rosters. An unknown round is a `round/unknown` error.
 */
export async function readCompleteness(
  db: Kysely<Warehouse>,
  reference: Reference,
  query: CompletenessQuery,
): Promise<Completeness> {
  const window = await roundWindow(db, reference, query.roundId);
  const previousRound = await previousRoundOf(db, query.roundId);
  const [institutions, acceptedByDay] = await Promise.all([
    institutionRows(db, query, previousRound),
    acceptedDays(db, query),
  ]);
  return {
    round: query.roundId,
    province: query.province,
    opensAt: window.opensAt,
    closesAt: window.closesAt,
    previousRound,
    totals: tallyCompleteness(institutions),
    institutions,
    acceptedByDay,
  };
}

/** The round's window as the warehouse holds it (moved windows included), else as shipped. */
async function roundWindow(
  db: Kysely<Warehouse>,
  reference: Reference,
  roundId: string,
): Promise<{ opensAt: Date; closesAt: Date }> {
  const row = await db
    .selectFrom('rounds')
    .select(['opens_at', 'closes_at'])
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (row) return { opensAt: row.opens_at, closesAt: row.closes_at };
  const shipped = findRound(reference, roundId);
  if (!shipped) throw new SisError('round/unknown', `unknown round ${roundId} (data/rounds.csv)`);
  return { opensAt: new Date(shipped.opens_at), closesAt: new Date(shipped.closes_at) };
}

/** The round whose reference date comes last before this one's; null for the first. */
async function previousRoundOf(db: Kysely<Warehouse>, roundId: string): Promise<string | null> {
  const row = await db
    .selectFrom('rounds as r')
    .select('r.round_id')
    .where('r.reference_date', '<', (eb) =>
      eb.selectFrom('rounds').select('reference_date').where('round_id', '=', roundId),
    )
    .orderBy('r.reference_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.round_id ?? null;
}

async function institutionRows(
  db: Kysely<Warehouse>,
  query: CompletenessQuery,
  previousRound: string | null,
): Promise<CompletenessRow[]> {
  // Equalities of plain columns only, so that DuckDB hash-joins 20,000 rows to 20,000.
  const rows = await db
    .selectFrom(db.selectFrom('institutions').selectAll().select(TEMPLATE_OF_KIND.as('template_id')).as('i'))
    .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
    .leftJoin(summaryOf(db, query.roundId).as('s'), (join) =>
      join
        .onRef('s.institution_code', '=', 'i.institution_code')
        .onRef('s.template_id', '=', 'i.template_id'),
    )
    .leftJoin(summaryOf(db, previousRound ?? '').as('p'), (join) =>
      join
        .onRef('p.institution_code', '=', 'i.institution_code')
        .onRef('p.template_id', '=', 'i.template_id'),
    )
    .where('i.status', '=', 'open')
    .where('i.kind', 'in', ['school', 'cdc'])
    .$if(query.province !== null, (qb) => qb.where('l.province_code', '=', query.province!))
    .select([
      'i.institution_code',
      'i.institution_name',
      'i.kind',
      'l.lao_code',
      'l.lao_name',
      'l.district',
      'l.province_code',
      's.status',
      's.pupils',
      'p.pupils as previous_pupils',
    ])
    .orderBy('l.province_code')
    .orderBy('l.district')
    .orderBy('l.lao_code')
    .orderBy('i.institution_code')
    .execute();
  return rows.map((r) => ({
    institutionCode: r.institution_code,
    institutionName: r.institution_name,
    laoCode: r.lao_code,
    kind: r.kind,
    status: (r.status ?? 'not-submitted') as CompletenessStatus,
    pupils: r.pupils ?? null,
    previousPupils: r.previous_pupils ?? null,
    laoName: r.lao_name,
    district: r.district,
    provinceCode: r.province_code,
  }));
}

/** One round's rows of the summary. */
function summaryOf(db: Kysely<Warehouse>, roundId: string) {
  return db
    .selectFrom('completeness_summary')
    .select(['institution_code', 'template_id', 'status', 'pupils'])
    .where('round_id', '=', roundId);
}

/**
 * Roster files of the round that were counted when loaded (accepted or partial, replaced since or
 * not), by the Bangkok day they were received (the clock of the window check).
 */
async function acceptedDays(db: Kysely<Warehouse>, query: CompletenessQuery): Promise<AcceptedDay[]> {
  const day = sql<number>`floor((epoch(s.as_of) + ${sql.lit(BANGKOK_OFFSET_S)}) / ${sql.lit(DAY_S)})::INTEGER`;
  const rows = await db
    .selectFrom('submissions as s')
    .innerJoin('institutions as i', 'i.institution_code', 's.subject_code')
    .innerJoin('laos as l', 'l.lao_code', 'i.lao_code')
    .where('s.round_id', '=', query.roundId)
    .where('s.template_id', 'in', ['sis-students', 'ccis-children'])
    .where('s.status', 'in', ['accepted', 'partial'])
    .$if(query.province !== null, (qb) => qb.where('l.province_code', '=', query.province!))
    .select([day.as('day'), sql<number>`count(*)::INTEGER`.as('files')])
    .groupBy(day)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({
    day: new Date(Number(r.day) * DAY_S * 1000).toISOString().slice(0, 10),
    files: r.files,
  }));
}
