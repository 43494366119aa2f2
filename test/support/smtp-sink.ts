import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it: envelope recipients, raw text and its decoded body parts. */
export interface ReceivedMail {
  readonly to: string[];
  readonly raw: string;
  /** The raw text with every base64 and quoted-printable body part decoded (UTF-8). */
  readonly decoded: string;
}

export interface SmtpSink {
  readonly url: string;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port, keeping what it receives (no TLS, no login). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, decoded: decodeParts(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes MIME body parts by their Content-Transfer-Encoding, written apart from the sender's library. */
function decodeParts(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/u);
  return parts
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/u);
      if (split < 0) return part;
      const head = part.slice(0, split);
      const body = part.slice(split).trim();
      if (/content-transfer-encoding:\s*base64/iu.test(head))
        return `${head}\n\n${Buffer.from(body.replace(/\s+/gu, ''), 'base64').toString('utf8')}`;
      if (/content-transfer-encoding:\s*quoted-printable/iu.test(head)) {
        const bytes = body
          .replace(/=\r?\n/gu, '')
          .replace(/=([0-9A-F]{2})/gu, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        return `${head}\n\n${Buffer.from(bytes, 'latin1').toString('utf8')}`;
      }
      return part;
    })
    .join('\n');
}
