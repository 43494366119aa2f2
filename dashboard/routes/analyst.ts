import { Router, type Request } from 'express';
import { z } from 'zod';
import { can } from '../../pipeline/auth/roles.ts';
import { SisError } from '../../pipeline/errors.ts';
import { EXAMPLES } from '../../pipeline/snapshot/data-dictionary.ts';
import { cellText, toCsv } from '../../pipeline/snapshot/format-result.ts';
import {
  openSnapshotReader,
  querySnapshot,
  type QueryResult,
} from '../../pipeline/snapshot/query-snapshot.ts';
import { locateSnapshot } from '../../pipeline/snapshot/snapshot-store.ts';
import { allow } from '../auth/guards.ts';
import { maskValue } from '../auth/mask.ts';
import { principalOf } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';

/** The page's bounds: a web request must stay short, whoever asks. */
const PAGE_LIMITS = { maxRows: 1000, timeoutMs: 10_000 } as const;

const querySchema = z.object({
  sql: z.string().max(4000).optional(),
  example: z.coerce.number().int().min(0).max(50).optional(),
  format: z.enum(['html', 'csv']).default('html'),
});

/** Result columns that hold personal data, by name: masked for roles without `personal-data`. */
const PERSONAL = /(national_id|first_name|last_name|prefix|birth_date)$/u;

/**
 * The analyst page (roles with `query`: analyst and admin): one SELECT on the latest published
 * snapshot, at most 1,000 rows and 10 s, shown as a table or downloaded as CSV, with the saved
 * example queries and the snapshot's age. It runs on the snapshot, never on the warehouse, so no
 * query here can hold up a load. Both roles may see personal data (pipeline/auth/roles.ts); a
 * role without that permission would see personal columns masked.
 */
export function analystRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/analyst', allow('query'), async (req, res) => {
    const input = querySchema.safeParse(req.query);
    const params = input.success ? input.data : { format: 'html' as const };
    const example = params.example === undefined ? undefined : EXAMPLES[params.example];
    const sql = (params.sql ?? example?.sql ?? '').trim();
    const outcome = sql === '' ? undefined : await runQuery(ctx, sql, req);
    if (params.format === 'csv' && outcome && 'result' in outcome) {
      res.type('text/csv; charset=utf-8');
      res.attachment('query.csv');
      res.send(`\uFEFF${toCsv(outcome.result)}`);
      return;
    }
    res.status(outcome && 'error' in outcome ? 400 : 200).send(
      ctx.views.render('analyst', {
        title: 'วิเคราะห์ข้อมูล (Analyst)',
        sql,
        freshness: await freshness(ctx),
        examples: EXAMPLES.map((e, i) => ({ index: i, th: e.title.th, en: e.title.en })),
        badInput: input.success ? undefined : 'คำค้นยาวเกิน 4,000 ตัวอักษรหรือรูปแบบไม่ถูกต้อง',
        error: outcome && 'error' in outcome ? outcome.error : undefined,
        result: outcome && 'result' in outcome ? tableModel(outcome.result) : undefined,
        csvHref:
          sql === '' ? undefined : `/analyst?${new URLSearchParams({ sql, format: 'csv' }).toString()}`,
      }),
    );
  });
  return router;
}

async function runQuery(
  ctx: AppContext,
  sql: string,
  req: Request,
): Promise<{ result: QueryResult } | { error: string }> {
  if (!ctx.snapshots) return { error: 'ยังไม่มีสแนปช็อต (no snapshot is published)' };
  try {
    const reader = await openSnapshotReader(ctx.snapshots);
    try {
      const result = await querySnapshot(reader, sql, PAGE_LIMITS);
      return { result: can(principalOf(req), 'personal-data') ? result : masked(result) };
    } finally {
      reader.close();
    }
  } catch (error) {
    if (error instanceof SisError) return { error: error.message };
    throw error;
  }
}

function masked(result: QueryResult): QueryResult {
  const personal = result.columns.filter((c) => PERSONAL.test(c));
  return {
    ...result,
    rows: result.rows.map((row) => {
      const out = { ...row };
      for (const c of personal) out[c] = maskValue(cellText(row[c]));
      return out;
    }),
  };
}

function tableModel(result: QueryResult) {
  return {
    columns: result.columns,
    rows: result.rows.map((row) => result.columns.map((c) => cellText(row[c]))),
    count: result.rows.length,
    truncated: result.truncated,
    limit: PAGE_LIMITS.maxRows,
  };
}

async function freshness(ctx: AppContext) {
  if (!ctx.snapshots) return undefined;
  try {
    const snapshot = await locateSnapshot(ctx.snapshots);
    const at = new Date(snapshot.snapshotAt);
    const minutes = Math.max(0, Math.round((ctx.now().getTime() - at.getTime()) / 60_000));
    return {
      at: at.toLocaleString('th-TH', { timeZone: 'Asia/Bangkok' }),
      iso: snapshot.snapshotAt,
      minutes,
    };
  } catch {
    return undefined;
  }
}
