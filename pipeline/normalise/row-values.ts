import type { PersonId } from '../ids/national-id.ts';
import type { FieldValue, RowValues } from '../validate/field-value.ts';

/** A text value of a validated row, or null (blank or absent). */
export function textValue(values: RowValues, key: string): string | null {
  const value = values[key];
  return typeof value === 'string' ? value : null;
}

/** A number value of a validated row, or 0 (counts: blank is 0). */
export function countValue(values: RowValues, key: string): number {
  const value = values[key];
  return typeof value === 'number' ? value : 0;
}

/** The person ID of a validated row (its schema guarantees one when the field is required). */
export function personIdValue(values: RowValues, key: string): PersonId | null {
  const value: FieldValue | undefined = values[key];
  return value !== null && typeof value === 'object' ? value : null;
}
