import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { z } from 'zod';
import { SisError } from '../errors.ts';

const provinceSchema = z.object({
  code: z.string().regex(/^\d{2}$/u),
  name_th: z.string(),
  name_en: z.string(),
});
const laoTypeSchema = z.object({
  code: z.string(),
  abbr_th: z.string(),
  name_th: z.string(),
  name_en: z.string(),
});
const gradeSchema = z.object({
  code: z.string(),
  level: z.enum(['kindergarten', 'primary', 'lower-secondary', 'upper-secondary', 'vocational']),
  level_th: z.string(),
  order: z.coerce.number().int(),
  expected_age: z.coerce.number().int(),
  lunch_milk: z.enum(['yes', 'no']).transform((v) => v === 'yes'),
  name_th: z.string(),
  name_en: z.string(),
});
const codeListSchema = z.object({
  code: z.string(),
  name_th: z.string(),
  name_en: z.string(),
  /** Other spellings clerks use for the entry, separated by `|` (`ยากจน|ยากไร้`). */
  spellings: z
    .string()
    .default('')
    .transform((v) => v.split('|').filter((s) => s.trim() !== '')),
});
const roundSchema = z.object({
  round_id: z.string().regex(/^\d{4}-[12]$/u),
  academic_year: z.coerce.number().int(),
  term: z.coerce.number().int().min(1).max(2),
  reference_date: z.iso.date(),
  opens_at: z.iso.datetime(),
  closes_at: z.iso.datetime(),
  reports_due: z.iso.date(),
});
const rateSchema = z.object({
  fiscal_year: z.coerce.number().int(),
  item: z.enum(['lunch', 'milk']),
  institution_kind: z.enum(['school', 'cdc']),
  min_enrolment: z.coerce.number().int(),
  max_enrolment: z.string().transform((v) => (v === '' ? null : Number(v))),
  baht_per_day: z.coerce.number(),
  days: z.coerce.number().int(),
  note: z.string(),
});

export type Province = z.infer<typeof provinceSchema>;
export type LaoType = z.infer<typeof laoTypeSchema>;
export type Grade = z.infer<typeof gradeSchema>;
export type CodeListEntry = z.infer<typeof codeListSchema>;
export type Round = z.infer<typeof roundSchema>;
export type SubsidyRate = z.infer<typeof rateSchema>;

/** The `data/` folder shipped with the code: the reference CSVs live there. */
export const SHIPPED_REFERENCE_DIR = fileURLToPath(new URL('../../data', import.meta.url));

/** The reference tables shipped in `data/`, loaded once at start-up and passed down. */
export interface Reference {
  readonly provinces: readonly Province[];
  readonly laoTypes: readonly LaoType[];
  readonly grades: readonly Grade[];
  readonly disabilities: readonly CodeListEntry[];
  readonly disadvantages: readonly CodeListEntry[];
  readonly rounds: readonly Round[];
  readonly subsidyRates: readonly SubsidyRate[];
}

/** Reads every reference CSV under `dir`; a malformed file is a configuration error naming file and row. */
export async function loadReference(dir: string): Promise<Reference> {
  const read = <T>(file: string, schema: z.ZodType<T>) => readCsvTable(path.join(dir, file), schema);
  const [provinces, laoTypes, grades, disabilities, disadvantages, rounds, subsidyRates] = await Promise.all([
    read('provinces.csv', provinceSchema),
    read('lao-types.csv', laoTypeSchema),
    read('grades.csv', gradeSchema),
    read('disabilities.csv', codeListSchema),
    read('disadvantages.csv', codeListSchema),
    read('rounds.csv', roundSchema),
    read('subsidy-rates.csv', rateSchema),
  ]);
  return { provinces, laoTypes, grades, disabilities, disadvantages, rounds, subsidyRates };
}

async function readCsvTable<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SisError('config/invalid', `reference file ${file} cannot be read`, { cause });
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data.map((row, index) => {
    const result = schema.safeParse(row);
    if (!result.success) {
      const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new SisError('config/invalid', `${file} row ${index + 2}: ${detail}`);
    }
    return result.data;
  });
}

/** The round of an academic year and term, e.g. `2562-2`. */
export function roundId(academicYear: number, term: number): string {
  return `${academicYear}-${term}`;
}

export function findRound(reference: Reference, id: string): Round | undefined {
  return reference.rounds.find((r) => r.round_id === id);
}

/** The round in force at an instant: the latest one whose window has opened (the first one before any). */
export function currentRound(reference: Reference, now: Date): Round | undefined {
  const opened = reference.rounds.filter((r) => Date.parse(r.opens_at) <= now.getTime());
  const pool = opened.length > 0 ? opened : reference.rounds;
  return [...pool].sort((a, b) => a.opens_at.localeCompare(b.opens_at)).at(opened.length > 0 ? -1 : 0);
}
