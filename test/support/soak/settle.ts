import type { SubmissionReport } from '../../../pipeline/load/submission-report.ts';

const PARALLEL_READS = 8;
const PAUSE_MS = 500;

/** A submission's report once it is no longer queued: its outcome and its rows. */
export type SettledReport = Pick<SubmissionReport, 'submissionId' | 'status' | 'institutionCode' | 'rows'>;

/**
 * Reads `GET /api/submissions/:id` for every id until none is `queued` any more (at most
 * `timeoutMs`), a few requests at a time; each settled id is read once more only if it was not.
 */
export async function waitUntilSettled(
  url: string,
  token: string,
  ids: readonly number[],
  timeoutMs: number,
): Promise<Map<number, SettledReport>> {
  const settled = new Map<number, SettledReport>();
  let open = [...new Set(ids)];
  const end = Date.now() + timeoutMs;
  while (open.length > 0) {
    await forEachLimited(open, PARALLEL_READS, async (id) => {
      const report = await readReport(url, token, id);
      if (report.status !== 'queued') settled.set(id, report);
    });
    open = open.filter((id) => !settled.has(id));
    if (open.length === 0) break;
    if (Date.now() > end) throw new Error(`${open.length} submissions still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return settled;
}

async function readReport(url: string, token: string, id: number): Promise<SettledReport> {
  const res = await fetch(`${url}/api/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /api/submissions/${id} answered ${res.status}`);
  const report = (await res.json()) as SubmissionReport;
  return {
    submissionId: report.submissionId,
    status: report.status,
    institutionCode: report.institutionCode,
    rows: report.rows,
  };
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
