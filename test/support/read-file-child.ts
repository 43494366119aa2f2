/**
 * Reads one file as a parse child does (`readWorkbook` with the configured limits) and prints
 * what came of it and the process's peak resident memory, as one JSON line. Usage:
 * `node --import tsx test/support/read-file-child.ts FILE`.
 */
import { readFile } from 'node:fs/promises';
import { parseConfig, readLimits } from '../../pipeline/config.ts';
import { readWorkbook } from '../../pipeline/read/read-workbook.ts';
import { SHIPPED_REFERENCE_DIR } from '../../pipeline/reference/reference.ts';

const file = process.argv[2]!;
const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
const result = readWorkbook(await readFile(file), file, readLimits(config));
process.stdout.write(
  `${JSON.stringify({
    ok: result.ok,
    issue: result.ok ? null : result.issue,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
