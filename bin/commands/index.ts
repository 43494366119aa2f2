import type { Command } from 'commander';
import { registerCompletenessCommand } from './completeness.ts';
import { registerCertifyCommand } from './certify.ts';
import { registerDedupCommand } from './dedup.ts';
import { registerDemoCommand } from './demo.ts';
import { registerExportCommand } from './export.ts';
import { registerGenerateCommand } from './generate.ts';
import { registerIngestCommand } from './ingest.ts';
import { registerProvincesCommand } from './provinces.ts';
import { registerRecordCommand } from './record.ts';
import { registerQueryCommand } from './query.ts';
import { registerRemindCommand } from './remind.ts';
import { registerRegistryCommand } from './registry.ts';
import { registerReportCommand } from './report.ts';
import { registerServeCommand } from './serve.ts';
import { registerSnapshotCommand } from './snapshot.ts';
import { registerTemplatesCommand } from './templates.ts';
import { registerTokenCommand } from './token.ts';
import { registerUserCommand } from './user.ts';
import { registerWindowCommand } from './window.ts';
import { registerWorkerCommand } from './worker.ts';

/** Adds every command to the program. One file per command; add new ones here. */
export function registerCommands(program: Command): void {
  registerTemplatesCommand(program);
  registerRegistryCommand(program);
  registerIngestCommand(program);
  registerWorkerCommand(program);
  registerServeCommand(program);
  registerDedupCommand(program);
  registerReportCommand(program);
  registerRecordCommand(program);
  registerGenerateCommand(program);
  registerDemoCommand(program);
  registerUserCommand(program);
  registerTokenCommand(program);
  registerWindowCommand(program);
  registerCompletenessCommand(program);
  registerSnapshotCommand(program);
  registerQueryCommand(program);
  registerExportCommand(program);
  registerCertifyCommand(program);
  registerProvincesCommand(program);
  registerRemindCommand(program);
}
