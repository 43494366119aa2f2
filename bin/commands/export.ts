import path from 'node:path';
import type { Command } from 'commander';
import { runtimePaths } from '../../pipeline/config.ts';
import { SisError } from '../../pipeline/errors.ts';
import { exportMasked } from '../../pipeline/snapshot/masked-export.ts';
import { loadContext } from '../context.ts';

/**
 * Registers `sis export --masked --out DIR [--json]`: the latest snapshot as Parquet for wider
 * sharing, national IDs masked, names dropped, birth dates as year and month.
 */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('writes the latest snapshot as Parquet with personal data masked')
    .requiredOption('--out <dir>', 'the folder to write one Parquet file per table and view into')
    .option('--masked', 'mask national IDs, drop names, reduce birth dates to year and month (required)')
    .option('--json', 'print { snapshotAt, files }')
    .action(async (flags: { out: string; masked?: boolean; json?: boolean }) => {
      if (!flags.masked)
        throw new SisError(
          'input/bad-argument',
          'only masked exports exist: add --masked (analysts query unmasked data with sis query)',
        );
      const ctx = await loadContext();
      const result = await exportMasked(runtimePaths(ctx.config).snapshots, path.resolve(flags.out));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(result)}\n`
          : `masked snapshot of ${result.snapshotAt}: ${result.files.length} files in ${path.resolve(flags.out)}\n`,
      );
    });
}
