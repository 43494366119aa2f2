import path from 'node:path';
import type { Command } from 'commander';
import { silentLogger } from '../../workers/logger.ts';
import { submitRegistry } from '../../workers/intake.ts';
import { SisError } from '../../pipeline/errors.ts';
import { REGISTRY_MAX_FILES, type RegistryLoadResult } from '../../workers/processors/registry.ts';
import { readInput } from '../read-input.ts';
import { loadContext } from '../context.ts';
import { auditOn, defaultActor } from '../loader-job.ts';
import { openPipelineSession } from '../pipeline-session.ts';

/** Registers `sis registry load FILE...`: replaces the registry (LAOs, institutions, other schools). */
export function registerRegistryCommand(program: Command): void {
  const registry = program
    .command('registry')
    .description('the registry of LAOs, institutions and other-affiliation schools');
  registry
    .command('load')
    .description('replace the registry from one workbook (three sheets) or one CSV per sheet')
    .argument('<files...>', 'registry .xlsx / .xls, or CSV files')
    .option('--allow-partial', 'load the rows that pass even when some rows have errors')
    .option('--json', 'print the result as JSON')
    .option('--by <name>', 'who loads it (audit log)', defaultActor())
    .action(async (files: string[], flags: { allowPartial?: boolean; json?: boolean; by: string }) => {
      const result = await loadRegistry(files, flags.allowPartial ?? false, flags.by);
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describe(result));
      if (!result.loaded) process.exitCode = 3;
    });
}

/** Sends registry files to the loader and waits for the outcome. */
export async function loadRegistry(
  files: readonly string[],
  allowPartial: boolean,
  by?: string,
): Promise<RegistryLoadResult> {
  if (files.length > REGISTRY_MAX_FILES)
    throw new SisError(
      'input/bad-argument',
      `a registry is one workbook or one CSV per sheet: ${files.length} files given, at most ${REGISTRY_MAX_FILES}`,
    );
  const contents = await Promise.all(files.map(readInput));
  const ctx = await loadContext();
  const session = await openPipelineSession(ctx, silentLogger);
  try {
    const named = contents.map((bytes, i) => ({ fileName: path.basename(files[i]!), bytes }));
    const result = await submitRegistry(
      { queues: session.queues, paths: session.paths },
      named,
      allowPartial,
    );
    if (by)
      await auditOn(session.queues, {
        actor: by,
        action: 'registry-load',
        outcome: result.loaded ? 'ok' : 'failed',
        target: result.loaded ? `load ${result.loadId}` : undefined,
        detail: named
          .map((n) => n.fileName)
          .join(', ')
          .slice(0, 1000),
      });
    return result;
  } finally {
    await session.close();
  }
}

function describe(result: RegistryLoadResult): string {
  const head = result.loaded
    ? `registry loaded (load ${result.loadId}): ${result.counts.laos} LAOs, ${result.counts.institutions} institutions, ${result.counts.otherSchools} other-affiliation schools\n`
    : 'registry NOT loaded: fix the errors below (or pass --allow-partial)\n';
  const lines = result.files.flatMap((f) => [
    `  ${f.file}: ${f.errors} errors, ${f.warnings} warnings\n`,
    ...f.issues
      .slice(0, 20)
      .map((i) => `    ${i.severity} ${i.code} ${i.sheet ?? ''}!${i.cell ?? ''} ${i.message}\n`),
  ]);
  return head + lines.join('');
}
