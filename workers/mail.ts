import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { appendAudit } from '../pipeline/auth/account-repository.ts';
import type { Config } from '../pipeline/config.ts';
import type { Warehouse } from '../pipeline/db/schema.ts';
import { markOutboxSent, readOutboxMessage } from '../pipeline/signoff/outbox-repository.ts';
import { redisOptions } from './connection.ts';
import type { Logger } from './logger.ts';

/** Reminders leave through their own queue: sending mail never holds up the loader's lane. */
export const MAIL_QUEUE = 'mail';

export interface MailLane {
  /** Database work in the loader's lane (the outbox is read and marked there). */
  exclusive<T>(work: (db: Kysely<Warehouse>) => Promise<T>): Promise<T>;
}

export interface Mailer {
  /** Enqueues one job per message (job id = message id: a message is never queued twice) and waits, at most `timeoutMs`. */
  sendAll(messageIds: readonly string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The mail side of reminders, started beside the loader when `SIS_SMTP_URL` is set: a queue, its
 * worker and nodemailer's SMTP transport. The worker sends a message only while the outbox still
 * says `queued`, and marks it `sent` right after; the SMTP Message-ID is the outbox id, so the
 * one window left (a crash between the server's acceptance and the mark) gives a duplicate that
 * mail systems recognise as one message.
 */
export async function startMailer(
  config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'smtpUrl' | 'mailFrom'>,
  lane: MailLane,
  log: Logger,
): Promise<Mailer> {
  const connection = redisOptions(config);
  const prefix = config.queuePrefix;
  const transport = nodemailer.createTransport(config.smtpUrl!);
  const queue = new Queue(MAIL_QUEUE, { connection, prefix });
  const events = new QueueEvents(MAIL_QUEUE, { connection, prefix });
  const worker = new Worker(MAIL_QUEUE, (job: Job<{ messageId: string }>) => sendOne(job.data.messageId), {
    connection,
    prefix,
    concurrency: 4,
  });
  worker.on('error', (error) => log.error('mail worker error', { error }));
  worker.on('failed', (job, error) => log.warn('mail job failed', { job: job?.id, error }));
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);

  async function sendOne(messageId: string): Promise<string> {
    const row = await lane.exclusive((db) => readOutboxMessage(db, messageId));
    if (!row || row.status !== 'queued' || !row.recipient) return 'skipped';
    await transport.sendMail({
      from: config.mailFrom,
      to: row.recipient,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      messageId: `<${messageId}@sis-pipeline>`,
    });
    const at = new Date();
    await lane.exclusive((db) =>
      db.transaction().execute(async (trx) => {
        await markOutboxSent(trx, messageId, at);
        await appendAudit(trx, [
          {
            at,
            actor: 'system',
            action: 'remind-sent',
            outcome: 'ok',
            target: `${row.round_id} ${row.lao_code}`,
            detail: `${messageId} ${row.recipient}`,
          },
        ]);
      }),
    );
    return 'sent';
  }

  return {
    async sendAll(messageIds, timeoutMs) {
      const jobs = await Promise.all(
        messageIds.map((messageId) =>
          queue.add(
            'send',
            { messageId },
            {
              jobId: `mail-${messageId}`,
              attempts: 5,
              backoff: { type: 'exponential', delay: 2000 },
              removeOnComplete: { age: 7 * 24 * 3600 },
            },
          ),
        ),
      );
      await Promise.all(jobs.map((job) => job.waitUntilFinished(events, timeoutMs).catch(() => undefined)));
    },
    async close() {
      await worker.close();
      await Promise.all([queue.close(), events.close()]);
      transport.close();
    },
  };
}
