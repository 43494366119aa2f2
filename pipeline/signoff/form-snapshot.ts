import { createHash } from 'node:crypto';
import type { ReportForm } from '../reports/report-types.ts';

/** One output as certified: its JSON (what `sis report --format json` prints) and its hashes. */
export interface FormSnapshot {
  readonly form: ReportForm;
  readonly json: string;
  readonly contentHash: string;
  /** Hash of the figures only: what a later change must alter to make a certification stale. */
  readonly figuresHash: string;
}

/** One certified number that is no longer what the warehouse says. */
export interface FigureChange {
  readonly form: string;
  readonly field: string;
  readonly certified: number;
  readonly current: number;
}

/** Header fields that change with every compile or load but are no figures of the form. */
const NOT_FIGURES = new Set(['generatedAt', 'cutOff', 'cutOffBangkok']);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the same figures always hash alike. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** The form's JSON without the instants that say when, not what. */
export function figuresOf(reportJson: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(reportJson), (key, v: unknown) => (NOT_FIGURES.has(key) ? undefined : v));
}

export function figuresHash(reportJson: Record<string, unknown>): string {
  return sha256(canonical(figuresOf(reportJson)));
}

/** The stored copy of one form: its JSON text, the hash of those bytes and of its figures. */
export function snapshotForm(form: ReportForm, reportJson: Record<string, unknown>): FormSnapshot {
  const json = JSON.stringify(reportJson);
  return { form, json, contentHash: sha256(json), figuresHash: figuresHash(reportJson) };
}

/**
 * The totals that differ between a certified form and the current one (every number under
 * `totals` and the header's `notSubmitted`, by dotted path). Rows are compared through the
 * figures hash; the difference shown to people is the totals, which is what the department sums.
 */
export function diffTotals(
  form: string,
  certified: Record<string, unknown>,
  current: Record<string, unknown>,
): FigureChange[] {
  const a = numbersOf({ totals: certified.totals, notSubmitted: header(certified).notSubmitted });
  const b = numbersOf({ totals: current.totals, notSubmitted: header(current).notSubmitted });
  const out: FigureChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(field) ?? 0;
    const y = b.get(field) ?? 0;
    if (x !== y) out.push({ form, field, certified: x, current: y });
  }
  return out;
}

function header(json: Record<string, unknown>): Record<string, unknown> {
  return (json.header ?? {}) as Record<string, unknown>;
}

/** Every number in a JSON value by its dotted path. */
export function numbersOf(
  value: unknown,
  prefix = '',
  into = new Map<string, number>(),
): Map<string, number> {
  if (typeof value === 'number') into.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      numbersOf(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}
