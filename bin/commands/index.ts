import type { Command } from 'commander';

/** Adds every command to the program. One file per command; add new ones here. */
export function registerCommands(program: Command): void {
  void program;
}
