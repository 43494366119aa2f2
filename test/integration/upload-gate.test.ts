import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../pipeline/db/database.ts';
import { SIS_STUDENTS } from '../../templates/definitions.ts';
import { writeTemplateFile } from '../helpers/workbook.ts';
import { validId } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

const BOUNDARY = 'gate-test-boundary';

function roster(n: number): Buffer {
  const bytes = writeTemplateFile(SIS_STUDENTS, {
    info: { institution_code: '3042000001', academic_year: 2562, term: 2 },
    rows: [
      {
        national_id: validId(`1103702${String(90000 + n)}`),
        prefix: 'ด.ช.',
        first_name: `เกต${n}`,
        last_name: 'ทดสอบ',
        sex: 'ชาย',
        birth_date: '01/02/2556',
        grade: 'ป.1',
      },
    ],
  });
  return Buffer.from(bytes);
}

function multipart(bytes: Buffer, name: string): { head: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    tail: Buffer.concat([bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
  };
}

/** An upload whose body arrives in two parts: the headers and the first bytes now, the rest on `finish`. */
function slowUpload(server: TestServer, bytes: Buffer): { finish(): Promise<IncomingMessage> } {
  const body = multipart(bytes, 'slow.xlsx');
  const req: ClientRequest = request(`${server.url}/api/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': body.head.byteLength + body.tail.byteLength,
    },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    });
    req.on('error', reject);
  });
  req.write(body.head);
  return {
    finish() {
      req.end(body.tail);
      return answered;
    },
  };
}

async function upload(server: TestServer, bytes: Buffer, name: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
}

describe('uploads received at once are bounded', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SIS_MAX_CONCURRENT_UPLOADS: '1' });
  });
  afterAll(async () => server?.close());

  it('when the slots are full then one more upload is told 429 with Retry-After, and is taken once a slot frees', async () => {
    const slow = slowUpload(server, roster(1));
    // Let the first upload take its slot before the second arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const refused = await upload(server, roster(2), 'second.xlsx');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: string }).error).toContain('ลองใหม่');

    const first = await slow.finish();
    expect(first.statusCode).toBe(202);
    const again = await upload(server, roster(2), 'second.xlsx');
    expect(again.status).toBe(202);
    // The refused upload was never recorded: two files, two submissions.
    const [row] = await queryRows<{ n: bigint }>(
      server.loader.database.db,
      'SELECT count(*) AS n FROM submissions',
    );
    expect(Number(row!.n)).toBe(2);
  });
});
