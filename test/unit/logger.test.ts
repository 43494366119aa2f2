import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SisError } from '../../pipeline/errors.ts';
import { REDACTED, createLogger, redactText } from '../../workers/logger.ts';

const NATIONAL_ID = '1103702512345';
const G_CODE = 'G621000012345';

/** A logger writing into an array of parsed lines. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const log = createLogger('test', sink);
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, parsed };
}

describe('logger redaction', () => {
  it('when a message or field holds a national ID or a G-code then neither appears, and the rest does', () => {
    const { log, lines, parsed } = capture();
    log.warn(`row 14 has ${NATIONAL_ID} twice`, {
      detail: `codes ${G_CODE} and 1-1037-02512-34-5`,
      rows: [{ note: `id ${NATIONAL_ID}` }],
      submissionId: 42,
    });
    const text = lines.join('\n');
    expect(text).not.toContain(NATIONAL_ID);
    expect(text).not.toContain(G_CODE);
    expect(text).not.toContain('1-1037-02512-34-5');
    expect(parsed()).toEqual([
      {
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/u),
        name: 'test',
        message: `row 14 has ${REDACTED} twice`,
        detail: `codes ${REDACTED} and ${REDACTED}`,
        rows: [{ note: `id ${REDACTED}` }],
        submissionId: 42,
      },
    ]);
  });

  it('when fields hold names, IDs or secrets then their values are dropped whatever the nesting', () => {
    const { log, lines, parsed } = capture();
    log.info('record', {
      record: { firstName: 'สมชาย', last_name: 'ใจดี', nationalId: '12345', grade: 'ป.1' },
      password: 'hunter2',
      token: 'abc.def',
    });
    const text = lines.join('\n');
    for (const secret of ['สมชาย', 'ใจดี', '12345', 'hunter2', 'abc.def']) expect(text).not.toContain(secret);
    expect(parsed()[0]).toMatchObject({
      record: { firstName: REDACTED, last_name: REDACTED, nationalId: REDACTED, grade: 'ป.1' },
      password: REDACTED,
      token: REDACTED,
    });
  });

  it('when a text holds a URL with a password then the password is gone and the host stays', () => {
    expect(redactText('no Redis at redis://default:s3cret@redis.lan:6379/0')).toBe(
      `no Redis at redis://default:${REDACTED}@redis.lan:6379/0`,
    );
    expect(redactText('rediss://:s3cret@10.0.0.5:6380')).toBe(`rediss://:${REDACTED}@10.0.0.5:6380`);
    expect(redactText('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('when an error is logged then its message, type and cause are kept, scrubbed', () => {
    const { log, lines, parsed } = capture();
    const cause = new Error(`connect refused at redis://u:pw@host:6379 for ${NATIONAL_ID}`);
    log.error('load failed', { error: new SisError('queue/failed', 'job 7 did not finish', { cause }) });
    const text = lines.join('\n');
    expect(text).not.toContain('pw@');
    expect(text).not.toContain(NATIONAL_ID);
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 'error',
      message: 'load failed',
      error: {
        type: 'SisError',
        message: 'job 7 did not finish',
        cause: {
          type: 'Error',
          message: `connect refused at redis://u:${REDACTED}@host:6379 for ${REDACTED}`,
        },
      },
    });
    expect((line!.error as { stack?: string }).stack).toContain('job 7 did not finish');
  });
});
