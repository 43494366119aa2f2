/** The five outputs of `sis report`: four provincial forms and the subsidy estimate. */
export const REPORT_FORMS = ['form2', 'form3', 'form4', 'form5', 'subsidy'] as const;
export type ReportForm = (typeof REPORT_FORMS)[number];

export function isReportForm(value: string): value is ReportForm {
  return (REPORT_FORMS as readonly string[]).includes(value);
}

/** What every form's header block says. */
export interface ReportHeader {
  readonly form: ReportForm;
  readonly province: string;
  readonly provinceName: string;
  readonly round: string;
  /** ISO date (CE) of the round's reference date. */
  readonly referenceDate: string;
  /** The latest load of a current submission behind the form (UTC ISO), or null when nothing was loaded. */
  readonly cutOff: string | null;
  /** The same instant as clerks read it: `YYYY-MM-DD HH:MM` in Asia/Bangkok. */
  readonly cutOffBangkok: string | null;
  /** Institutions (LAOs for form 4) the form expects a file from that sent none for the round. */
  readonly notSubmitted: number;
  readonly generatedAt: string;
}

/** Counts by sex and their sum. */
export interface SexCount {
  male: number;
  female: number;
  total: number;
}

export function emptySexCount(): SexCount {
  return { male: 0, female: 0, total: 0 };
}

export function addSex(count: SexCount, sex: string, n: number): void {
  if (sex === 'M') count.male += n;
  else count.female += n;
  count.total += n;
}

export function sumSexCounts(into: SexCount, from: SexCount): void {
  into.male += from.male;
  into.female += from.female;
  into.total += from.total;
}

/** A compiled report: the header, its rows and totals, shaped per form. */
export interface CompiledReport<Row, Totals, Extra = object> {
  readonly header: ReportHeader;
  readonly rows: Row[];
  readonly totals: Totals;
  readonly extra: Extra;
}
