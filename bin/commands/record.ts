import type { Command } from 'commander';
import { recordMarkPayloadSchema } from '../../workers/processors/record-decisions.ts';
import { loadContext } from '../context.ts';
import { auditCli, defaultActor } from '../loader-job.ts';
import { resolveRound } from '../round-option.ts';
import { parse, runLoaderJob } from './dedup-decisions.ts';

interface MarkFlags {
  round?: string;
  institution: string;
  submission: string;
  row: string;
  outcome: string;
  note: string;
  by: string;
}

/**
 * `sis record mark`: the province (or the institution) marks any counted pupil or child with an
 * outcome code — a child who does not exist, has left or died — whether or not duplicate
 * detection flagged it. The record is named as reports and `sis dedup --json` name it
 * (institution, submission, row).
 */
export function registerRecordCommand(program: Command): void {
  const record = program.command('record').description('outcome codes on counted pupils and children');
  record
    .command('mark')
    .description(
      'mark a counted record: 201 not found (does not exist), 202 graduated, 203 moved out, 204 unreachable, 205 deceased, 206 other; 100 counts it again',
    )
    .requiredOption('--institution <code>', 'institution of the record')
    .requiredOption('--submission <id>', 'submission id of the record')
    .requiredOption('--row <n>', 'sheet row of the record')
    .requiredOption('--outcome <code>', '201–206, or 100')
    .requiredOption('--note <text>', 'why')
    .option('--round <round>', 'round (default: the current one)')
    .option('--by <name>', 'who decides (audit log)', defaultActor())
    .action(async (flags: MarkFlags) => {
      const ctx = await loadContext();
      const payload = parse(recordMarkPayloadSchema, {
        roundId: resolveRound(ctx, flags.round),
        record: {
          institutionCode: flags.institution,
          submissionId: Number(flags.submission),
          row: Number(flags.row),
        },
        outcome: Number(flags.outcome),
        note: flags.note,
        decidedBy: flags.by,
        decidedAt: new Date().toISOString(),
      });
      const result = await runLoaderJob(ctx, 'record-mark', payload);
      await auditCli(ctx, {
        actor: flags.by,
        action: 'record-mark',
        target: `${flags.institution}:${flags.submission}:${flags.row}`,
        detail: `outcome ${flags.outcome}`,
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
