import { isBlank, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import { makeIssue, type Issue } from '../issues/issue.ts';
import { findRound, roundId, type Reference, type Round } from '../reference/reference.ts';
import { normaliseText } from '../text/normalise-text.ts';
import { parseCount } from '../validate/parse-count.ts';
import { parseTerm, parseYear } from '../validate/parse-round-parts.ts';
import type { TemplateDef } from '../../templates/definitions.ts';
import type { MetaCell, MetaSource } from './meta-source.ts';

/** Institution facts of the info sheet; null when not given. */
export interface SubmissionFacts {
  readonly teachers: number | null;
  readonly classrooms: number | null;
  readonly caregivers: number | null;
}

/** Who and when a file speaks for; null parts could not be read (the file is then rejected). */
export interface SubmissionMeta {
  /** Institution code (school, CDC) or LAO code (other-schools): digits, as a string. */
  readonly subjectCode: string | null;
  /** BE academic year (`2562`). */
  readonly academicYear: number | null;
  readonly term: number | null;
  /** `2562-2`, when year and term are known. */
  readonly roundId: string | null;
  readonly facts: SubmissionFacts;
}

/** Values the caller supplies for what the file does not say (a CSV without metadata columns). */
export interface MetaOptions {
  /** `2562-2`. */
  readonly roundId?: string;
  readonly subjectCode?: string;
}

/** The metadata read, the round it names (when known), its issues, and what was found nowhere. */
export interface ResolvedMeta {
  readonly meta: SubmissionMeta;
  readonly round: Round | null;
  readonly issues: Issue[];
  /** Required metadata fields found nowhere (the caller decides how to report them). */
  readonly missing: readonly string[];
}

const FACT_KEYS = ['teachers', 'classrooms', 'caregivers'] as const;

/**
 * Reads the subject code, academic year, term and facts from the file's metadata, filling what
 * the file does not say from the options (the file's own values win). Bad values are
 * `file/metadata-invalid` (facts: `cell/number-invalid`); a year and term without a round in the
 * reference data are `file/round-unknown`. Missing required fields are listed, not reported.
 */
export function resolveMeta(
  template: TemplateDef,
  source: MetaSource,
  options: MetaOptions,
  reference: Reference,
): ResolvedMeta {
  const issues: Issue[] = [];
  const missing: string[] = [];
  const subjectKey = template.info.fields.find((f) => f.kind === 'code')?.key ?? 'institution_code';
  const option = parseRoundOption(options.roundId);
  if (options.roundId !== undefined && !option)
    issues.push(makeIssue('file/metadata-invalid', { field: 'round_id', value: options.roundId }));
  const subjectCode = readPart(
    source[subjectKey],
    options.subjectCode,
    parseSubjectCode,
    subjectKey,
    issues,
    missing,
  );
  const academicYear = readPart(
    source.academic_year,
    option?.year,
    parseYear,
    'academic_year',
    issues,
    missing,
  );
  const term = readPart(source.term, option?.term, parseTerm, 'term', issues, missing);
  const id = academicYear !== null && term !== null ? roundId(academicYear, term) : null;
  const round = id ? (findRound(reference, id) ?? null) : null;
  if (id && !round) issues.push(makeIssue('file/round-unknown', { value: id, detail: id }));
  const facts = readFacts(template, source, issues);
  return { meta: { subjectCode, academicYear, term, roundId: id, facts }, round, issues, missing };
}

type PartParser<T> = (raw: CellValue) => { ok: true; value: T } | { ok: false; code: IssueCode };

function readPart<T>(
  at: MetaCell | undefined,
  fallback: string | number | undefined,
  parse: PartParser<T>,
  key: string,
  issues: Issue[],
  missing: string[],
): T | null {
  const fromFile = at && !isBlank(at.value);
  const raw = fromFile ? at.value : (fallback ?? null);
  if (raw === null) {
    missing.push(key);
    return null;
  }
  const parsed = parse(raw);
  if (parsed.ok) return parsed.value;
  issues.push(makeIssue(parsed.code, { ...(fromFile ? at : {}), field: key, value: raw }));
  return null;
}

function parseSubjectCode(raw: CellValue): { ok: true; value: string } | { ok: false; code: IssueCode } {
  const text =
    typeof raw === 'number' && Number.isInteger(raw)
      ? String(raw)
      : normaliseText(String(raw)).replace(/[\s-]/gu, '');
  return /^\d+$/u.test(text) ? { ok: true, value: text } : { ok: false, code: 'file/metadata-invalid' };
}

function parseRoundOption(id: string | undefined): { year: number; term: number } | undefined {
  const match = id === undefined ? null : /^(\d{4})-([12])$/u.exec(id.trim());
  return match ? { year: Number(match[1]), term: Number(match[2]) } : undefined;
}

function readFacts(template: TemplateDef, source: MetaSource, issues: Issue[]): SubmissionFacts {
  const facts: Record<(typeof FACT_KEYS)[number], number | null> = {
    teachers: null,
    classrooms: null,
    caregivers: null,
  };
  for (const key of FACT_KEYS) {
    const at = source[key];
    if (!at || isBlank(at.value) || !template.info.fields.some((f) => f.key === key)) continue;
    const parsed = parseCount(at.value);
    if (parsed.ok) facts[key] = parsed.value;
    else issues.push(makeIssue('cell/number-invalid', { ...at, field: key, value: at.value }));
  }
  return facts;
}
