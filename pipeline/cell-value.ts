/** A cell as the readers hand it over: SheetJS and papaparse values reduced to these. */
export type CellValue = string | number | boolean | Date | null;

/** A parse of one cell: the normalised value and the warnings it raised, or the error code. */
export type CellResult<T, C extends string = string> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly C[] }
  | { readonly ok: false; readonly code: C };

export function ok<T, C extends string>(value: T, warnings: readonly C[] = []): CellResult<T, C> {
  return { ok: true, value, warnings };
}

export function fail<C extends string>(code: C): CellResult<never, C> {
  return { ok: false, code };
}

/** True for null, undefined and text that is only spaces. */
export function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
