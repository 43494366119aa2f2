import type { Command } from 'commander';
import { silentLogger } from '../../workers/logger.ts';
import { publishSnapshotNow } from '../../workers/processors/snapshot.ts';
import { loadContext } from '../context.ts';
import { openPipelineSession } from '../pipeline-session.ts';

/**
 * Registers `sis snapshot publish [--json]`: the loader (running, or started here) publishes a
 * read-only snapshot of the warehouse now.
 */
export function registerSnapshotCommand(program: Command): void {
  const snapshot = program.command('snapshot').description('the read-only snapshot analysts query');
  snapshot
    .command('publish')
    .description('publishes a snapshot of the warehouse now (Parquet files and a DuckDB catalogue)')
    .option('--json', 'print { id, snapshotAt, dir, tables, ms, removed }')
    .action(async (flags: { json?: boolean }) => {
      const ctx = await loadContext();
      const session = await openPipelineSession(ctx, silentLogger);
      try {
        const result = await publishSnapshotNow(session.queues);
        const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(result)}\n`
            : `snapshot ${result.id} at ${result.snapshotAt}: ${Object.keys(result.tables).length} tables, ${rows} rows, ${result.ms} ms\n${result.dir}/catalogue.duckdb\n`,
        );
      } finally {
        await session.close();
      }
    });
}
