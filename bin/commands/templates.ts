import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SisError } from '../../pipeline/errors.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';
import { CCIS_CHILDREN, OTHER_SCHOOLS, SIS_STUDENTS } from '../../templates/definitions.ts';
import { REGISTRY_VERSION } from '../../templates/registry.ts';
import type { WrittenWorkbook } from '../../templates/workbook-parts.ts';
import { REGISTRY_TEMPLATE_ID, renderRegistryWorkbook } from '../../templates/write-registry.ts';
import { renderTemplateWorkbook } from '../../templates/write-template.ts';
import { loadContext } from '../context.ts';

/** One file the command writes, and how to make it. */
interface PlannedFile {
  readonly name: string;
  readonly template: string;
  readonly version: string;
  readonly render: (reference: Reference) => Promise<WrittenWorkbook>;
}

/** What the command reports for each file written (`--json` prints an array of these). */
export interface WrittenTemplateFile {
  readonly file: string;
  readonly template: string;
  readonly version: string;
  readonly sheets: readonly string[];
}

const PLANNED_FILES: readonly PlannedFile[] = [
  ...[SIS_STUDENTS, CCIS_CHILDREN, OTHER_SCHOOLS].map((def) => ({
    name: `${def.id}.xlsx`,
    template: def.id,
    version: def.version,
    render: (reference: Reference) => renderTemplateWorkbook(def, reference),
  })),
  {
    name: 'registry.xlsx',
    template: REGISTRY_TEMPLATE_ID,
    version: REGISTRY_VERSION,
    render: (reference: Reference) => renderRegistryWorkbook(reference),
  },
];

/** Registers `sis templates --out DIR [--json]`: writes the blank workbooks clerks fill in. */
export function registerTemplatesCommand(program: Command): void {
  program
    .command('templates')
    .description('write the blank template workbooks and the registry workbook into a folder')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--json', 'print one JSON array of { file, template, version, sheets }')
    .action(async (options: { out: string; json?: boolean }) => {
      const { reference } = await loadContext();
      const written = await writeTemplateFiles(options.out, reference);
      process.stdout.write(
        options.json ? `${JSON.stringify(written)}\n` : written.map(describeFile).join(''),
      );
    });
}

/** Writes every blank workbook into `outDir`; a folder that cannot be made or written is a bad argument. */
export async function writeTemplateFiles(
  outDir: string,
  reference: Reference,
): Promise<WrittenTemplateFile[]> {
  const dir = path.resolve(outDir);
  await guardWrite(outDir, () => mkdir(dir, { recursive: true }));
  const written: WrittenTemplateFile[] = [];
  for (const planned of PLANNED_FILES) {
    const { bytes, sheets } = await planned.render(reference);
    const file = path.join(dir, planned.name);
    await guardWrite(outDir, () => writeFile(file, bytes));
    written.push({ file, template: planned.template, version: planned.version, sheets });
  }
  return written;
}

async function guardWrite(outDir: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code ?? (cause instanceof Error ? cause.message : String(cause));
    throw new SisError('input/bad-argument', `--out ${outDir} is not a writable folder (${reason})`, {
      cause,
    });
  }
}

function describeFile(written: WrittenTemplateFile): string {
  return `${written.file}  ${written.template} v${written.version}  sheets: ${written.sheets.join(', ')}\n`;
}
