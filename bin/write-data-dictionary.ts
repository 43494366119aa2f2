import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderDataDictionary } from '../pipeline/snapshot/data-dictionary.ts';

/** `npm run docs:dictionary`: regenerates docs/data-dictionary.md. */
const target = path.resolve(import.meta.dirname, '..', 'docs', 'data-dictionary.md');
await writeFile(target, await renderDataDictionary());
process.stdout.write(`wrote ${target}\n`);
