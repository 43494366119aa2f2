/**
 * Parses corpus files as a parse child does (parseWithinTime with the configured limits and time)
 * and prints one JSON line per file: `{"start": name}` before it, then what came of it, then the
 * process's peak memory. Usage: `node --import tsx test/support/parse-corpus-child.ts DIR SHARD SHARDS`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig, readLimits } from '../../pipeline/config.ts';
import { parseWithinTime } from '../../pipeline/ingest/parse-within-time.ts';
import { SHIPPED_REFERENCE_DIR, loadReference } from '../../pipeline/reference/reference.ts';
import { MANIFEST, safeFileName, type CorpusEntry } from '../helpers/bad-input-corpus.ts';

const [dir, shard, shards] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const config = parseConfig(process.env, SHIPPED_REFERENCE_DIR);
const ctx = { reference: await loadReference(config.referenceDir), limits: readLimits(config) };
const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as CorpusEntry[];
const print = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

for (const [index, entry] of manifest.entries()) {
  if (index % shards !== shard) continue;
  print({ start: entry.name });
  const bytes = await readFile(path.join(dir, safeFileName(entry.name)));
  const parsed = parseWithinTime(bytes, entry.name, ctx, config.parseTimeoutMs);
  const first = parsed.rows.pupils[0];
  print({
    file: entry.name,
    status: parsed.status,
    rowsAccepted: parsed.rowsAccepted,
    issues: parsed.issues.map((i) => ({ code: i.code, message: i.message, sheet: i.sheet, cell: i.cell })),
    first: first
      ? { national_id: first.national_id, first_name: first.first_name, last_name: first.last_name }
      : null,
  });
}
print({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
