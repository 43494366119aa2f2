import { sqlName } from './snapshot-sql.ts';

/**
 * The masking rules of `sis export --masked`, as the SQL that applies them (raw: it is built per
 * column of a Parquet file). A column is masked by its name and type, so a table added later is
 * masked by the same rules.
 */

/** Columns dropped: a person's names. */
export const DROPPED_COLUMNS: ReadonlySet<string> = new Set(['first_name', 'last_name', 'prefix']);

/**
 * A run of 13 digits (Arabic or Thai), with spaces or dashes between them as clerks type IDs:
 * anything that could be a national ID in free text (an issue's value or message).
 */
const ID_RUN = '([0-9๐-๙])(?:[ -]*[0-9๐-๙]){11}[ -]*([0-9๐-๙])';

/** Free text with every ID-like run masked to its first and last digit. */
function maskText(expression: string): string {
  return `regexp_replace(${expression}, '${ID_RUN}', '\\1***********\\2', 'g')`;
}

/** A column as the masked export writes it, or null when it is dropped. */
export function maskedColumn(table: string, column: string, type: string): string | null {
  const name = sqlName(column);
  if (DROPPED_COLUMNS.has(column)) return null;
  // An issue's value may be a name or a birth date as the clerk typed it.
  if (table === 'issues' && column === 'value')
    return `CASE WHEN field IN ('first_name', 'last_name', 'prefix', 'birth_date') THEN NULL ELSE ${maskText(name)} END AS ${name}`;
  if (column.endsWith('national_id'))
    return `CASE WHEN length(${name}) > 2 THEN left(${name}, 1) || repeat('*', length(${name}) - 2) || right(${name}, 1) ELSE ${name} END AS ${name}`;
  if (column === 'birth_date' || column.endsWith('_birth_date'))
    return `strftime(${name}, '%Y-%m') AS ${name}`;
  if (type === 'VARCHAR') return `${maskText(name)} AS ${name}`;
  if (type === 'VARCHAR[]') return `list_transform(${name}, x -> ${maskText('x')}) AS ${name}`;
  return name;
}

/** The masked SELECT of one table or view of the snapshot. */
export function maskedSelect(table: string, columns: ReadonlyArray<{ name: string; type: string }>): string {
  const kept = columns.map((c) => maskedColumn(table, c.name, c.type)).filter((c): c is string => c !== null);
  return `SELECT ${kept.join(', ')} FROM ${sqlName(table)}`;
}
