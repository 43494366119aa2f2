import { z } from 'zod';
import { isBlank, type CellValue } from '../cell-value.ts';
import type { IssueCode } from '../issues/codes.ts';
import type { Reference } from '../reference/reference.ts';
import type { FieldDef, TableDef } from '../../templates/fields.ts';
import { cellParser, type CellParser } from './cell-parsers.ts';
import { BLANK_CELL, type ParsedCell } from './field-value.ts';

/** The input of a row schema: each field's raw cell (null when blank or its column is absent). */
export type RowInput = Record<string, CellValue>;
/** The output of a row schema: each field's parsed cell. */
export type RowOutput = Readonly<Record<string, ParsedCell>>;

/** A table's row schema, with the fields in column order. */
export interface RowSchema {
  readonly fields: readonly FieldDef[];
  readonly schema: z.ZodType<RowOutput, RowInput>;
}

/** The parameters our cell schemas attach to a zod issue: the catalogue code. */
export interface CellIssueParams {
  readonly code: IssueCode;
}

/**
 * Kinds whose blank cell the normalise stage may fill from another cell, so the schema lets a
 * blank through and normalise decides: a prefix written into the first-name cell.
 */
const FILLED_LATER: ReadonlySet<FieldDef['kind']> = new Set(['prefix']);

const CACHE = new WeakMap<Reference, WeakMap<TableDef, RowSchema>>();

/**
 * The zod schema of a table's rows, derived from its columns and built once per table and
 * reference: one cell schema per field, reading the cell with its kind's parser. A failing cell
 * raises a custom zod issue whose `params.code` is our catalogue code (`cell/required`,
 * `cell/national-id-checksum` …); warnings travel in the parsed cell.
 */
export function rowSchema(table: TableDef, reference: Reference): RowSchema {
  let byTable = CACHE.get(reference);
  if (!byTable) CACHE.set(reference, (byTable = new WeakMap()));
  let built = byTable.get(table);
  if (!built) {
    const shape: Record<string, z.ZodType<ParsedCell, CellValue>> = {};
    for (const field of table.columns)
      shape[field.key] = cellSchema(field, cellParser(field.kind, reference));
    built = { fields: table.columns, schema: z.object(shape) as unknown as z.ZodType<RowOutput, RowInput> };
    byTable.set(table, built);
  }
  return built;
}

/**
 * One cell's schema. Blank counts are 0 (the parser says so); other blank cells are null, or
 * `cell/required` when the field is required and nothing can fill it later.
 */
export function cellSchema(field: FieldDef, parse: CellParser): z.ZodType<ParsedCell, CellValue> {
  const blankIsError = field.required && !FILLED_LATER.has(field.kind);
  const blankIsZero = field.kind === 'count';
  return z.custom<CellValue>().transform((raw, ctx): ParsedCell => {
    if (isBlank(raw) && !blankIsZero) {
      if (!blankIsError) return BLANK_CELL;
      return reject(ctx, raw, 'cell/required');
    }
    const result = parse(isBlank(raw) ? null : raw);
    return result.ok ? result : reject(ctx, raw, result.code);
  });
}

function reject(ctx: z.RefinementCtx, raw: CellValue, code: IssueCode): never {
  const params: CellIssueParams = { code };
  ctx.issues.push({ code: 'custom', message: code, input: raw, params });
  return z.NEVER;
}
