import { signoffPayloadSchema } from '../workers/processors/signoff.ts';
import type { Queues } from '../workers/connection.ts';
import { SisError } from '../pipeline/errors.ts';
import { runJobOn } from './loader-job.ts';

/** One `signoff` job on the loader, checked against its schema first, waited for. */
export async function runSignoffJob(queues: Queues, input: unknown): Promise<unknown> {
  const parsed = signoffPayloadSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
      .join('; ');
    throw new SisError('input/bad-argument', detail);
  }
  return runJobOn(queues, 'signoff', parsed.data);
}
