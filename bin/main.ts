import { Command, CommanderError } from 'commander';
import { SisError } from '../pipeline/errors.ts';
import type { ParseChild } from '../workers/parse-child.ts';
import { registerCommands } from './commands/index.ts';
import { useParseChild } from './context.ts';

/**
 * Builds the `sis` program for `args` (what follows `sis` on the command line); each command lives
 * in its own file under `commands/` and only the one `args` names is loaded.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('sis')
    .description(
      'sis-pipeline: school and child-centre rosters of Thai local government, from Excel to subsidy reports',
    )
    .showHelpAfterError()
    .exitOverride();
  await registerCommands(program, args);
  return program;
}

/** How the executable was started: from a build, parse children run the built processor too. */
export interface Launch {
  readonly parseChild?: ParseChild;
}

/**
 * Runs the CLI and returns the exit code; bad input ends in one line on stderr, never a stack
 * trace. The caller sets the exit code once the output has drained (`bin/sis.js`).
 */
export async function main(argv: readonly string[], launch: Launch = {}): Promise<number> {
  if (launch.parseChild) useParseChild(launch.parseChild);
  try {
    await (await buildProgram(argv.slice(2))).parseAsync([...argv]);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof SisError) {
    process.stderr.write(`sis: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sis: unexpected failure: ${message}\n`);
  if (process.env.SIS_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return 1;
}
