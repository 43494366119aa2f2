import type { Command } from 'commander';
import { SisError } from '../../pipeline/errors.ts';
import { countIssuesByCode, type SubmissionReport } from '../../pipeline/load/submission-report.ts';
import { silentLogger, createLogger } from '../../workers/logger.ts';
import { ingestOptionsSchema } from '../../workers/contract.ts';
import { checkReadable } from '../read-input.ts';
import { loadContext } from '../context.ts';
import { openPipelineSession } from '../pipeline-session.ts';
import { sendFiles } from '../send-files.ts';

interface IngestFlags {
  round?: string;
  institution?: string;
  asOf?: string;
  json?: boolean;
  annotate?: string;
  uploadedBy: string;
  verbose?: boolean;
}

/** Registers `sis ingest FILE...`: files through the queue into the warehouse, one report per file. */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('send roster files through the pipeline and wait for their reports')
    .argument('<files...>', '.xlsx, .xls or .csv files')
    .option('--round <round>', 'round for files that do not say it, e.g. 2562-2')
    .option('--institution <code>', 'institution or LAO code for CSV files without that column')
    .option('--as-of <iso-time>', 'the clock of the window check (back-filling, tests)')
    .option('--uploaded-by <name>', 'who sends the files', 'cli')
    .option('--annotate <dir>', 'write each file with its problems marked into this folder')
    .option('--json', 'print one JSON array, one object per file')
    .option('--verbose', 'log worker events to stderr')
    .action(async (files: string[], flags: IngestFlags) => {
      const reports = await ingestFiles(files, flags);
      // Loaded only when asked for: the workbook writer is slow to import.
      if (flags.annotate)
        await (await import('../annotate-files.ts')).writeAnnotatedFiles(flags.annotate, files, reports);
      process.stdout.write(
        flags.json ? `${JSON.stringify(reports)}\n` : reports.map(describeReport).join(''),
      );
    });
}

async function ingestFiles(files: string[], flags: IngestFlags): Promise<SubmissionReport[]> {
  const options = parseOptions(flags);
  const asOf = parseAsOf(flags.asOf);
  checkReadable(files);
  const ctx = await loadContext();
  const session = await openPipelineSession(ctx, flags.verbose ? createLogger('ingest') : silentLogger);
  try {
    const intake = { queues: session.queues, paths: session.paths };
    return await sendFiles(intake, files, { uploadedBy: flags.uploadedBy, asOf, options });
  } finally {
    await session.close();
  }
}

function parseOptions(flags: IngestFlags) {
  const parsed = ingestOptionsSchema.safeParse({ roundId: flags.round, subjectCode: flags.institution });
  if (!parsed.success)
    throw new SisError('input/bad-argument', '--round must look like 2562-2 and --institution be a code');
  return parsed.data;
}

function parseAsOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new SisError('input/bad-argument', `--as-of is not a date-time: ${text}`);
  return date;
}

function describeReport(report: SubmissionReport): string {
  const top = countIssuesByCode(report.issues)
    .slice(0, 3)
    .map((c) => `${c.code}×${c.count}`)
    .join(', ');
  const rows = `${report.rows.accepted}/${report.rows.total} rows`;
  return `${report.status.padEnd(9)} ${report.file}  ${report.institutionCode ?? '-'}  ${rows}${top ? `  ${top}` : ''}\n`;
}
