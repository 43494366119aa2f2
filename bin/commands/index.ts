import type { Command } from 'commander';
import { registerTemplatesCommand } from './templates.ts';

/** Adds every command to the program. One file per command; add new ones here. */
export function registerCommands(program: Command): void {
  registerTemplatesCommand(program);
  void program;
}
