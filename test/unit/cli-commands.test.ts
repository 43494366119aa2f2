import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bin/commands/index.ts';
import { buildProgram } from '../../bin/main.ts';

/** The top-level help as commander prints it, without wrapping. */
function helpOf(program: Command): string {
  program.configureOutput({ getOutHelpWidth: () => 1000 });
  return program.helpInformation();
}

describe('the command table of sis', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    'when %s is loaded then it declares the help line the table shows without loading it',
    async (_name, entry) => {
      const program = new Command('sis');
      (await entry.load())(program);
      expect(program.commands).toHaveLength(1);
      const [command] = program.commands;
      expect(command?.name()).toBe(entry.name);
      expect(new Help().subcommandTerm(command!)).toBe(entry.term);
      expect(command?.description()).toBe(entry.summary);
    },
  );

  it('when no command is named then the help lists every command as loading each would', async () => {
    const lazy = await buildProgram(['--help']);
    const full = new Command('sis').description(lazy.description());
    for (const entry of COMMANDS) (await entry.load())(full);
    expect(helpOf(lazy)).toBe(helpOf(full));
    expect(lazy.commands.every((c) => c.commands.length === 0 && c.options.length === 0)).toBe(true);
  });

  it('when a command is named then only it is loaded, whole, also through help', async () => {
    const ingest = await buildProgram(['ingest', 'a.xlsx']);
    expect(ingest.commands.map((c) => c.name())).toEqual(['ingest']);
    expect(ingest.commands[0]?.options.length).toBeGreaterThan(0);
    const help = await buildProgram(['help', 'user']);
    expect(help.commands.map((c) => c.name())).toEqual(['user']);
    expect(help.commands[0]?.commands.map((c) => c.name())).toEqual(['add', 'list', 'disable']);
  });

  it('when an unknown command is named then every command is listed and none is loaded whole', async () => {
    const program = await buildProgram(['ingst']);
    expect(program.commands).toHaveLength(COMMANDS.length);
    expect(program.commands.some((c) => c.options.length > 0)).toBe(false);
  });
});
