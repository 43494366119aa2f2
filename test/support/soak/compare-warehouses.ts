import { closeDatabase, openDatabase, queryRows } from '../../../pipeline/db/database.ts';
import { tableChecksums } from '../table-checksums.ts';

/**
 * Tables that record what happened rather than what counts: a night of drafts and re-sent files
 * holds more rows there than one upload per institution (every upload is a submission with its
 * issues, `completeness_summary.files` counts them, every duplicate-detection run is a row), and
 * accounts and their audit exist only where uploads came over HTTP. Their final state is compared
 * apart (`finalStateChecksum`); every other table must be equal as it is.
 */
export const HISTORY_TABLES: ReadonlySet<string> = new Set([
  'submissions',
  'issues',
  'completeness_summary',
  'dedup_runs',
  'audit_log',
  'users',
  'api_tokens',
]);

export interface TableComparison {
  readonly table: string;
  readonly soak: string;
  readonly sequential: string;
  readonly equal: boolean;
  readonly history: boolean;
}

export interface WarehouseComparison {
  readonly tables: readonly TableComparison[];
  /** Tables outside the history that differ: must be empty. */
  readonly different: readonly string[];
  readonly finalState: { readonly soak: string; readonly sequential: string; readonly equal: boolean };
}

/** Compares two warehouse files (neither may be held open by a writer meanwhile). */
export async function compareWarehouses(
  soakFile: string,
  sequentialFile: string,
): Promise<WarehouseComparison> {
  const [soak, sequential] = [await tableChecksums(soakFile), await tableChecksums(sequentialFile)];
  const names = [...new Set([...Object.keys(soak), ...Object.keys(sequential)])].sort();
  const tables = names.map((table) => ({
    table,
    soak: soak[table] ?? '(missing)',
    sequential: sequential[table] ?? '(missing)',
    equal: soak[table] === sequential[table],
    history: HISTORY_TABLES.has(table),
  }));
  const finalSoak = await finalStateChecksum(soakFile);
  const finalSequential = await finalStateChecksum(sequentialFile);
  return {
    tables,
    different: tables.filter((t) => !t.equal && !t.history).map((t) => t.table),
    finalState: { soak: finalSoak, sequential: finalSequential, equal: finalSoak === finalSequential },
  };
}

/**
 * The history tables as they stand at the end, in the form of `tableChecksums`: the current
 * submission of each institution (by its file's bytes, not its id or its uploader), that file's
 * issues, and the completeness summary without its count of files and its clock times.
 */
const FINAL_STATE_PARTS = [
  `SELECT concat_ws('|', sha256, subject_code, upload_options, round_id, template_id, template_version,
                    status, rows_total, rows_accepted, rows_rejected, errors, warnings) AS r
   FROM submissions WHERE is_current`,
  `SELECT concat_ws('|', s.sha256, i.seq, i.severity, i.code, i.sheet, i.cell, i.row_number, i.column_header,
                    i.field, i.value, i.message) AS r
   FROM issues i JOIN submissions s USING (submission_id) WHERE s.is_current`,
  `SELECT concat_ws('|', c.round_id, c.template_id, c.institution_code, c.status, c.pupils, s.sha256) AS r
   FROM completeness_summary c LEFT JOIN submissions s ON s.submission_id = c.current_submission_id`,
];

export async function finalStateChecksum(databaseFile: string): Promise<string> {
  const database = await openDatabase(databaseFile, { readOnly: true });
  try {
    const sums: string[] = [];
    for (const part of FINAL_STATE_PARTS) {
      const [row] = await queryRows<{ n: bigint; total: string | null }>(
        database.connection,
        `SELECT count(*) AS n, sum(hash(r)::HUGEINT)::VARCHAR AS total FROM (${part})`,
      );
      sums.push(`${row!.n}:${row!.total ?? 0}`);
    }
    return sums.join(' ');
  } finally {
    closeDatabase(database);
  }
}
