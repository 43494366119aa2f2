import { createRequire } from 'node:module';
import type { DelayedError as BullDelayedError, UnrecoverableError as BullUnrecoverableError } from 'bullmq';

/**
 * BullMQ's two errors a parse child throws, loaded from the module that defines them rather than
 * from bullmq's index: the index loads all of BullMQ (queues, workers, Redis scripts), about a
 * quarter of a second at every parse child's start, for two small classes. A child's error
 * reaches the worker by its `name`, which these keep.
 */
const errors = createRequire(import.meta.url)('bullmq/dist/cjs/classes/errors/index.js') as {
  DelayedError: typeof BullDelayedError;
  UnrecoverableError: typeof BullUnrecoverableError;
};

export const DelayedError = errors.DelayedError;
export const UnrecoverableError = errors.UnrecoverableError;
