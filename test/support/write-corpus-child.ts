/**
 * Writes a share of the bad-input corpus into a folder, so that two processes write it at once.
 * Usage: `node --import tsx test/support/write-corpus-child.ts DIR SHARD SHARDS`.
 */
import { writeBadInputCorpus } from '../helpers/bad-input-corpus.ts';

await writeBadInputCorpus(process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]));
