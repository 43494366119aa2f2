import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { SisError } from '../../pipeline/errors.ts';
import { findRound, type Reference } from '../../pipeline/reference/reference.ts';
import { generateDataset, type GenerateSummary } from '../../synthetic/generate.ts';
import type { GenerateOptions } from '../../synthetic/model.ts';
import { directorySink } from '../../synthetic/write-files.ts';
import { loadContext } from '../context.ts';
import { createProgress } from '../progress.ts';

const rate = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .min(0, `${name} must be 0 or more`)
    .max(0.5, `${name} must be at most 0.5`);

const flagsSchema = z.object({
  out: z.string().min(1),
  provinces: z.string().min(1),
  scale: z.coerce
    .number({ error: '--scale must be a number' })
    .positive('--scale must be above 0')
    .max(20, '--scale must be at most 20')
    .default(1),
  seed: z.coerce
    .number({ error: '--seed must be a number' })
    .int('--seed must be a whole number')
    .min(0)
    .max(4_294_967_295)
    .default(1),
  errorRate: rate('--error-rate').default(0.02),
  duplicateRate: rate('--duplicate-rate').default(0.01),
  round: z.string().default('2569-2'),
  json: z.boolean().default(false),
  force: z.boolean().default(false),
});

/** What `--json` prints. */
export interface GenerateReport extends GenerateSummary {
  readonly out: string;
  readonly seed: number;
  readonly scale: number;
  readonly round: string;
  readonly provinceCodes: readonly string[];
  readonly seconds: number;
}

/**
 * Registers `sis generate`: a deterministic synthetic data set (registry, one workbook per
 * institution and per LAO with other-affiliation schools, and truth.json) for tests and benchmarks.
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic, seeded data set: registry.xlsx, files/<province>/…, truth.json')
    .requiredOption('--out <dir>', 'folder to write into (must be empty or new, unless --force)')
    .requiredOption('--provinces <codes>', 'province codes separated by commas (42,81), or "all"')
    .option('--scale <n>', 'multiplies the number of LAOs, institutions and pupils (default 1)')
    .option('--seed <n>', 'random seed: one seed gives byte-identical output (default 1)')
    .option('--error-rate <r>', 'share of rows with one planted problem (default 0.02)')
    .option('--duplicate-rate <r>', 'planted cross-institution duplicate groups per row (default 0.01)')
    .option('--round <id>', 'collection round, e.g. 2569-2 (default 2569-2)')
    .option('--force', 'replace registry.xlsx, truth.json and files/ in a folder that is not empty')
    .option('--json', 'print a summary object as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const flags = parseFlags(raw);
      const { reference } = await loadContext();
      const options = resolveOptions(flags, reference);
      const started = performance.now();
      const out = path.resolve(flags.out);
      await prepareOutput(out, flags.force);
      const summary = await runWithProgress(options, reference, out);
      const report: GenerateReport = {
        out,
        seed: options.seed,
        scale: options.scale,
        round: options.round.round_id,
        provinceCodes: [...options.provinces].sort(),
        seconds: Math.round((performance.now() - started) / 100) / 10,
        ...summary,
      };
      process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : describe(report));
    });
}

function parseFlags(raw: Record<string, unknown>): z.infer<typeof flagsSchema> {
  const result = flagsSchema.safeParse(raw);
  if (!result.success)
    throw new SisError('input/bad-argument', result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** Checks provinces and round against the reference tables. */
export function resolveOptions(flags: z.infer<typeof flagsSchema>, reference: Reference): GenerateOptions {
  const known = new Set(reference.provinces.map((p) => p.code));
  const requested =
    flags.provinces.trim().toLowerCase() === 'all'
      ? [...known]
      : flags.provinces
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== '');
  const unknown = requested.filter((c) => !known.has(c));
  if (requested.length === 0 || unknown.length > 0) {
    throw new SisError(
      'input/bad-argument',
      `--provinces: unknown province code(s) ${unknown.join(', ') || '(none given)'}; use codes of data/provinces.csv or "all"`,
    );
  }
  const round = findRound(reference, flags.round);
  if (!round) throw new SisError('input/bad-argument', `--round ${flags.round} is not in data/rounds.csv`);
  return {
    seed: flags.seed,
    provinces: [...new Set(requested)],
    scale: flags.scale,
    errorRate: flags.errorRate,
    duplicateRate: flags.duplicateRate,
    round,
  };
}

/** Creates the folder; a folder with content is refused unless --force, which clears only what we write. */
async function prepareOutput(out: string, force: boolean): Promise<void> {
  try {
    await mkdir(out, { recursive: true });
    const entries = await readdir(out);
    if (entries.length === 0) return;
    if (!force)
      throw new SisError(
        'input/bad-argument',
        `--out ${out} is not empty; pass --force to replace a generated data set there`,
      );
    await rm(path.join(out, 'files'), { recursive: true, force: true });
    await rm(path.join(out, 'registry.xlsx'), { force: true });
    await rm(path.join(out, 'truth.json'), { force: true });
  } catch (cause) {
    if (cause instanceof SisError) throw cause;
    throw new SisError(
      'input/bad-argument',
      `--out ${out} is not a writable folder (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause },
    );
  }
}

async function runWithProgress(
  options: GenerateOptions,
  reference: Reference,
  out: string,
): Promise<GenerateSummary> {
  let progress: ReturnType<typeof createProgress> | null = null;
  let last = 0;
  try {
    return await generateDataset(options, reference, directorySink(out), (done, total) => {
      progress ??= createProgress(total, 'files');
      progress.tick(done - last);
      last = done;
    });
  } finally {
    (progress as ReturnType<typeof createProgress> | null)?.stop();
  }
}

function describe(r: GenerateReport): string {
  return [
    `generated ${r.out} (seed ${r.seed}, scale ${r.scale}, round ${r.round}, ${r.provinces} provinces) in ${r.seconds}s`,
    `  registry: ${r.laos} LAOs, ${r.institutions} institutions (${r.closedInstitutions} closed), ${r.otherSchools} other-affiliation schools`,
    `  files: ${r.files} (${r.filesByFormat.xlsx} xlsx, ${r.filesByFormat.xls} xls, ${r.filesByFormat.csv} csv)`,
    `  rows: ${r.rosterRows} pupils and children, ${r.otherSchoolRows} other-school rows`,
    `  truth: ${r.problems} planted problems, ${r.duplicateGroups} duplicate groups`,
    '',
  ].join('\n');
}
