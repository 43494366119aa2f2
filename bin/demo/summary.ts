import type { DedupResult } from '../../pipeline/dedup/dedup-types.ts';
import { isRowLevel } from '../../pipeline/issues/issue.ts';
import { countIssuesByCode, type SubmissionReport } from '../../pipeline/load/submission-report.ts';

interface ProvinceLine {
  files: number;
  accepted: number;
  partial: number;
  rejected: number;
  unchanged: number;
  counted: number;
  issues: SubmissionReport['issues'][number][];
}

/** One line per province: files by outcome, rows counted, the most frequent issue codes. */
export function describeIngest(
  reports: ReadonlyArray<{ province: string; report: SubmissionReport }>,
): string {
  const byProvince = new Map<string, ProvinceLine>();
  for (const { province, report } of reports) {
    const line = byProvince.get(province) ?? {
      files: 0,
      accepted: 0,
      partial: 0,
      rejected: 0,
      unchanged: 0,
      counted: 0,
      issues: [],
    };
    line.files += 1;
    if (report.status !== 'queued') line[report.status] += 1;
    if (report.template !== 'other-schools') line.counted += report.rows.accepted;
    line.issues.push(...report.issues);
    byProvince.set(province, line);
  }
  const lines = [...byProvince]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([province, l]) => {
      const top = describeCounts(countIssuesByCode(l.issues).slice(0, 4));
      const notCounted = describeCounts(countIssuesByCode(l.issues.filter(isRowLevel)));
      return (
        `  province ${province}: ${l.files} files — ${l.accepted} accepted, ${l.partial} partial, ${l.rejected} rejected` +
        `${l.unchanged ? `, ${l.unchanged} unchanged` : ''}; ${l.counted.toLocaleString('en')} pupils and children counted\n` +
        `      top issues: ${top}\n` +
        `      rows not counted, by reason: ${notCounted}\n`
      );
    });
  return `ingestion by province:\n${lines.join('')}`;
}

function describeCounts(counts: ReadonlyArray<{ code: string; count: number }>): string {
  return counts.map((c) => `${c.code} ${c.count}`).join(', ') || '-';
}

export function describeDedup(result: DedupResult): string {
  const { sameId, sameNameDob, probable } = result.byRule;
  return (
    `duplicate detection, round ${result.round}: ${result.clusters} clusters over ${result.records} records\n` +
    `  same ID in two institutions ${sameId} · same name and birth date, other ID ${sameNameDob} · probable same person ${probable}\n`
  );
}
