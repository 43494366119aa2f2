import { loadReportRenderer } from '../../dashboard/reports/render-report-html.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { compileReports } from '../../pipeline/reports/compile-reports.ts';
import { REPORT_FORMS } from '../../pipeline/reports/report-types.ts';
import type { Loader } from '../../workers/loader.ts';
import { writeReportFiles } from '../report-output.ts';

/** Writes forms 2–5 and the subsidy estimate of each demo province as .xlsx and HTML into `dir`. */
export async function writeDemoReports(
  loader: Loader,
  reference: Reference,
  roundId: string,
  provinces: readonly string[],
  dir: string,
): Promise<string[]> {
  const connection = await loader.database.instance.connect();
  try {
    const db = createKysely<Warehouse>(connection);
    const renderHtml = await loadReportRenderer();
    const written: string[] = [];
    for (const province of provinces) {
      const reports = await compileReports(db, reference, {
        roundId,
        province,
        forms: REPORT_FORMS,
        generatedAt: new Date(),
      });
      written.push(...(await writeReportFiles(reports, ['xlsx', 'html'], dir, renderHtml)));
    }
    return written;
  } finally {
    connection.closeSync();
  }
}
