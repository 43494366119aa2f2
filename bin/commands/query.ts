import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { runtimePaths } from '../../pipeline/config.ts';
import { SisError } from '../../pipeline/errors.ts';
import { formatResult } from '../../pipeline/snapshot/format-result.ts';
import { DEFAULT_LIMITS, openSnapshotReader, querySnapshot } from '../../pipeline/snapshot/query-snapshot.ts';
import { loadContext } from '../context.ts';
import { resolveRound } from '../round-option.ts';

const flagsSchema = z.object({
  format: z.enum(['table', 'csv', 'json']).default('table'),
  out: z.string().min(1).max(4096).optional(),
  round: z.string().max(16).optional(),
  envelope: z.boolean().optional(),
  maxRows: z.coerce
    .number()
    .int()
    .positive()
    .max(100_000_000)
    .default(DEFAULT_LIMITS.maxRows ?? 10_000),
  rowLimit: z.boolean().default(true),
  timeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .max(86_400_000)
    .default(DEFAULT_LIMITS.timeoutMs ?? 30_000),
  timeLimit: z.boolean().default(true),
});

/**
 * Registers `sis query "SQL"`: one reading statement against the latest published snapshot in
 * a read-only connection. The snapshot's time goes to stderr (or inside the JSON with --envelope).
 */
export function registerQueryCommand(program: Command): void {
  program
    .command('query')
    .description('runs one SELECT against the latest published snapshot (read-only)')
    .argument('<sql>', "one SELECT (or EXPLAIN); the round is getvariable('round')")
    .option('--format <format>', 'table | csv | json (an array of row objects)', 'table')
    .option('--out <file>', 'write the result to FILE instead of stdout')
    .option('--round <round>', "the round queries read as getvariable('round') (default: the current round)")
    .option('--envelope', 'with --format json: print { snapshotAt, rows }')
    .option('--max-rows <n>', `at most this many rows (default ${DEFAULT_LIMITS.maxRows})`)
    .option('--no-row-limit', 'return every row')
    .option('--timeout-ms <ms>', `stop the query after this long (default ${DEFAULT_LIMITS.timeoutMs})`)
    .option('--no-time-limit', 'let the query run as long as it takes')
    .action(async (sql: string, raw: Record<string, unknown>) => {
      const parsed = flagsSchema.safeParse(raw);
      if (!parsed.success)
        throw new SisError('input/bad-argument', `bad option: ${parsed.error.issues[0]?.path.join('.')}`);
      const flags = parsed.data;
      if (sql.length > 100_000)
        throw new SisError('input/bad-argument', 'the query is longer than 100,000 characters');
      const ctx = await loadContext();
      const roundId = resolveRound(ctx, flags.round);
      const reader = await openSnapshotReader(runtimePaths(ctx.config).snapshots, roundId);
      try {
        const result = await querySnapshot(reader, sql, {
          maxRows: flags.rowLimit ? flags.maxRows : null,
          timeoutMs: flags.timeLimit ? flags.timeoutMs : null,
        });
        if (!flags.envelope || flags.format !== 'json')
          process.stderr.write(`snapshotAt ${result.snapshotAt}\n`);
        if (result.truncated)
          process.stderr.write(`sis: only the first ${result.rows.length} rows (lift with --no-row-limit)\n`);
        const text = formatResult(result, flags.format, flags.envelope === true);
        if (flags.out) await writeFile(flags.out, text);
        else process.stdout.write(text);
      } finally {
        reader.close();
      }
    });
}
