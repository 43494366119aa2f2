import { stat } from 'node:fs/promises';
import { runtimePaths, type Config } from '../pipeline/config.ts';
import { openDatabase } from '../pipeline/db/database.ts';
import { SisError } from '../pipeline/errors.ts';

/**
 * Opens the warehouse read-only for a command that only reads it (`sis report`, `sis
 * completeness`). While a server or loader holds the file, DuckDB refuses: the error names the
 * HTTP route (`askInstead`) that answers the same question from the running server.
 */
export async function openWarehouseReadOnly(config: Pick<Config, 'dataDir'>, askInstead: string) {
  const file = runtimePaths(config).database;
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists)
    throw new SisError('input/bad-argument', `no warehouse at ${file}: load a registry and files first`);
  return openDatabase(file, { readOnly: true }).catch((cause: unknown) => {
    throw new SisError(
      'db/failed',
      `cannot read the warehouse (is a server or loader running? ask it: GET ${askInstead}): ${(cause as Error).message}`,
      { retryable: false },
    );
  });
}
