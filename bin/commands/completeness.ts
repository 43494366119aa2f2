import type { Command } from 'commander';
import { STATUS_TH } from '../../pipeline/completeness/chase-list.ts';
import { completenessJson, type Completeness } from '../../pipeline/completeness/completeness-types.ts';
import { readCompleteness } from '../../pipeline/completeness/read-completeness.ts';
import { closeDatabase } from '../../pipeline/db/database.ts';
import { createKysely } from '../../pipeline/db/kysely-duckdb.ts';
import type { Warehouse } from '../../pipeline/db/schema.ts';
import { SisError } from '../../pipeline/errors.ts';
import { loadContext } from '../context.ts';
import { openWarehouseReadOnly } from '../read-warehouse.ts';
import { resolveRound } from '../round-option.ts';

interface CompletenessFlags {
  round?: string;
  province?: string;
  json?: boolean;
}

/** Registers `sis completeness [--round ROUND] [--province CODE] [--json]`. */
export function registerCompletenessCommand(program: Command): void {
  program
    .command('completeness')
    .description('which registry institutions sent a counted roster for a round, from the warehouse')
    .option('--round <round>', 'round, e.g. 2562-2 (default: the current round)')
    .option('--province <code>', 'province code (default: the whole country)')
    .option('--json', 'print the JSON object of GET /api/completeness')
    .action(async (flags: CompletenessFlags) => runCompleteness(flags));
}

async function runCompleteness(flags: CompletenessFlags): Promise<void> {
  if (flags.province !== undefined && !/^\d{2}$/u.test(flags.province))
    throw new SisError(
      'input/bad-argument',
      `--province takes a 2-digit province code, not ${flags.province}`,
    );
  const ctx = await loadContext();
  const roundId = resolveRound(ctx, flags.round);
  const db = await openWarehouseReadOnly(ctx.config, '/api/completeness');
  try {
    const completeness = await readCompleteness(createKysely<Warehouse>(db.connection), ctx.reference, {
      roundId,
      province: flags.province ?? null,
    });
    process.stdout.write(
      flags.json ? `${JSON.stringify(completenessJson(completeness))}\n` : completenessText(completeness),
    );
  } finally {
    closeDatabase(db);
  }
}

/** A few lines for a terminal: the totals, then every institution still to chase. */
function completenessText(c: Completeness): string {
  const t = c.totals;
  const lines = [
    `round ${c.round}, ${c.province ? `province ${c.province}` : 'whole country'}, closes ${c.closesAt.toISOString()}`,
    `expected ${t.expected}, submitted ${t.submitted}: accepted ${t.accepted}, partial ${t.partial}, rejected ${t.rejected}; not submitted ${t.notSubmitted}`,
    ...c.institutions
      .filter((i) => i.status === 'not-submitted' || i.status === 'rejected')
      .map(
        (i) =>
          `${i.institutionCode}\t${i.laoCode}\t${i.status}\t${STATUS_TH[i.status]}\t${i.institutionName}`,
      ),
  ];
  return `${lines.join('\n')}\n`;
}
