import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { Queues } from '../workers/connection.ts';

/** Where Bull Board is mounted; the dashboard guards it (admins only). */
export const QUEUE_BOARD_PATH = '/admin/queues';

/** Bull Board over the parse and load queues, as an Express router for the dashboard to mount. */
export function queueBoard(queues: Pick<Queues, 'parse' | 'load'>): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.parse), new BullMQAdapter(queues.load)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'sis-pipeline' } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}
