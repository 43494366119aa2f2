import type { TemplateDef } from '../../templates/definitions.ts';
import type { TableDef } from '../../templates/fields.ts';

const CACHE = new WeakMap<TemplateDef, TableDef>();

/**
 * The roster as the reader looks for it: the template's columns plus its info fields as optional
 * columns, so a CSV (which has no info sheet) may carry `institution_code`, `academic_year` and
 * `term` as columns without them being reported as extra. Built once per template.
 */
export function rosterWithInfoColumns(template: TemplateDef): TableDef {
  let table = CACHE.get(template);
  if (!table) {
    const own = new Set(template.roster.columns.map((c) => c.key));
    const info = template.info.fields.filter((f) => !own.has(f.key)).map((f) => ({ ...f, required: false }));
    table = { sheet: template.roster.sheet, columns: [...template.roster.columns, ...info] };
    CACHE.set(template, table);
  }
  return table;
}
