import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../pipeline/config.ts';
import { ANNOTATE_QUEUE, QUEUE_NAMES } from './contract.ts';

/**
 * Connection options from `REDIS_URL`. BullMQ is given options, not a client, so each queue,
 * worker and event stream owns (and on close, ends) its connections.
 */
export function redisOptions(config: Pick<Config, 'redisUrl'>): ConnectionOptions {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

/** The client side of the queues: what intake (CLI, HTTP) and the loader use to add and watch jobs. */
export interface Queues {
  readonly parse: Queue;
  readonly load: Queue;
  /** Annotated workbooks to build (the loader adds a job per loaded group). */
  readonly annotate: Queue;
  readonly flows: FlowProducer;
  readonly loadEvents: QueueEvents;
  readonly prefix: string;
  close(): Promise<void>;
}

export async function openQueues(config: Pick<Config, 'redisUrl' | 'queuePrefix'>): Promise<Queues> {
  const connection = redisOptions(config);
  const prefix = config.queuePrefix;
  const parse = new Queue(QUEUE_NAMES.parse, { connection, prefix });
  const load = new Queue(QUEUE_NAMES.load, { connection, prefix });
  const annotate = new Queue(ANNOTATE_QUEUE, { connection, prefix });
  const flows = new FlowProducer({ connection, prefix });
  const loadEvents = new QueueEvents(QUEUE_NAMES.load, { connection, prefix });
  // Every waiting caller (one per file in flight) listens on these: no leak, just many listeners.
  loadEvents.setMaxListeners(0);
  load.setMaxListeners(0);
  await Promise.all([
    parse.waitUntilReady(),
    load.waitUntilReady(),
    annotate.waitUntilReady(),
    flows.waitUntilReady(),
    loadEvents.waitUntilReady(),
  ]);
  return {
    parse,
    load,
    annotate,
    flows,
    loadEvents,
    prefix,
    async close() {
      await Promise.all([parse.close(), load.close(), annotate.close(), flows.close(), loadEvents.close()]);
    },
  };
}
