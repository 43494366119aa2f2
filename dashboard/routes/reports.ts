import { Router, type Request } from 'express';
import { SisError } from '../../pipeline/errors.ts';
import { compileReports, reportJson, type AnyReport } from '../../pipeline/reports/compile-reports.ts';
import { REPORT_FORMS, isReportForm } from '../../pipeline/reports/report-types.ts';
import { reportSheet } from '../../pipeline/reports/report-sheet.ts';
import { writeReportXlsx } from '../../pipeline/reports/write-report-xlsx.ts';
import { currentRound } from '../../pipeline/reference/reference.ts';
import { queryProvinceAccess } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { loadReportRenderer, type ReportLink } from '../reports/render-report-html.ts';

const FORM_TH: Record<string, string> = {
  form2: 'แบบ 2',
  form3: 'แบบ 3',
  form4: 'แบบ 4',
  form5: 'แบบ 5',
  subsidy: 'เงินอุดหนุน',
};

/**
 * The provincial forms: `GET /reports/:form?province=&round=` prints (HTML, or `&format=xlsx`
 * for the workbook) and `GET /api/reports/:form` answers the same numbers as JSON.
 */
export async function reportRoutes(ctx: AppContext): Promise<Router> {
  const renderHtml = await loadReportRenderer();
  const router = Router();
  router.get('/api/reports/:form', queryProvinceAccess(), async (req, res) => {
    res.json(reportJson(await compileFor(ctx, req)));
  });
  router.get('/reports/:form', queryProvinceAccess(), async (req, res) => {
    const compiled = await compileFor(ctx, req);
    const sheet = reportSheet(compiled);
    const { province, round } = compiled.report.header;
    if (req.query.format === 'xlsx') {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment(`${compiled.form}-${province}-${round}.xlsx`)
        .send(await writeReportXlsx(sheet));
      return;
    }
    const query = `province=${encodeURIComponent(province)}&round=${encodeURIComponent(round)}`;
    const links: ReportLink[] = [
      ...REPORT_FORMS.map((f) => ({
        href: `/reports/${f}?${query}`,
        text: FORM_TH[f] ?? f,
        testid: `report-open-${f}`,
      })),
      {
        href: `/reports/${compiled.form}?${query}&format=xlsx`,
        text: 'ดาวน์โหลด .xlsx',
        testid: 'report-xlsx',
      },
      { href: `/api/reports/${compiled.form}?${query}`, text: 'ข้อมูล JSON', testid: 'report-json' },
      { href: `/signoff?${query}`, text: 'รับรองรายงาน (certify)', testid: 'report-signoff' },
    ];
    res.type('html').send(renderHtml(sheet, links));
  });
  return router;
}

async function compileFor(ctx: AppContext, req: Request): Promise<AnyReport> {
  const form = String(req.params.form);
  if (!isReportForm(form)) throw new HttpError(404, `ไม่มีรายงาน ${form}`);
  const province = typeof req.query.province === 'string' ? req.query.province : '';
  if (!/^\d{2}$/u.test(province)) throw new HttpError(400, 'ระบุรหัสจังหวัด 2 หลัก (province=)');
  const round =
    typeof req.query.round === 'string' && req.query.round !== ''
      ? req.query.round
      : currentRound(ctx.reference, ctx.now())?.round_id;
  if (!round) throw new HttpError(404, 'ยังไม่ได้กำหนดรอบการจัดเก็บข้อมูล');
  try {
    const [compiled] = await compileReports(ctx.db, ctx.reference, {
      roundId: round,
      province,
      forms: [form],
      generatedAt: new Date(),
    });
    return compiled!;
  } catch (error) {
    if (error instanceof SisError && (error.code === 'round/unknown' || error.code === 'input/bad-argument'))
      throw new HttpError(404, error.message);
    throw error;
  }
}
