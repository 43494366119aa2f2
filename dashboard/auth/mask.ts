/**
 * What a viewer sees of a personal value (a national ID, a name, a cell's content): its first
 * character and its length, never the rest.
 */
export function maskValue<T extends string | null | undefined>(value: T): T {
  if (typeof value !== 'string' || value.length === 0) return value;
  const chars = [...value];
  return `${chars[0]}${'•'.repeat(Math.max(chars.length - 1, 1))}` as T;
}
