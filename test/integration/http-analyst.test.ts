import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSnapshotNow } from '../../workers/processors/snapshot.ts';
import { startTestServer, type TestServer } from '../support/http-server.ts';

describe('the analyst page', { timeout: 120_000 }, () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const get = (query: Record<string, string>, who = 'analyst') =>
    fetch(`${server.url}/analyst?${new URLSearchParams(query).toString()}`, {
      headers: { authorization: `Bearer ${who === 'admin' ? server.adminToken : tokens[who]}` },
    });

  beforeAll(async () => {
    server = await startTestServer();
    for (const [name, role, province] of [
      ['analyst', 'analyst', undefined],
      ['viewer', 'viewer', undefined],
      ['loei', 'province', '42'],
    ] as const)
      tokens[name] = (await server.addAccount(name, role, province)).token;
  });
  afterAll(async () => server?.close());

  it('when no snapshot is published yet then the page says so and runs nothing', async () => {
    const res = await get({ sql: 'SELECT 1' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('ยังไม่มีสแนปช็อต');
    expect(html).not.toContain('<tbody>');
  });

  it('when an analyst or an admin runs a query then the rows and the snapshot time are shown, and viewers and provinces get 403', async () => {
    const published = await publishSnapshotNow(server.loader.queues);
    for (const who of ['analyst', 'admin']) {
      const res = await get(
        { sql: "SELECT institution_code FROM institutions WHERE status = 'closed'" },
        who,
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<td>3042000009</td>');
      expect(html).toContain(published.snapshotAt);
      expect(html).not.toContain('<td>3042000001</td>');
    }
    for (const who of ['viewer', 'loei']) expect((await get({ sql: 'SELECT 1' }, who)).status).toBe(403);
  });

  it('when the CSV download is asked for then the result comes as a CSV attachment', async () => {
    const res = await get({
      sql: "SELECT institution_code, kind FROM institutions WHERE status = 'closed'",
      format: 'csv',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/u);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?query\.csv"?$/u);
    // The bytes start with a BOM so Excel reads Thai as UTF-8.
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(
      '\uFEFFinstitution_code,kind\r\n3042000009,school\r\n',
    );
  });

  it('when a query would write or read outside the snapshot then it is refused with a message and nothing runs', async () => {
    for (const sql of ['CREATE TABLE x (a INTEGER)', "SELECT * FROM read_csv('/etc/passwd')"]) {
      const res = await get({ sql });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('ไม่สามารถรันคำสั่ง');
    }
    const still = await get({
      sql: "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'x'",
      format: 'csv',
    });
    expect(await still.text()).toBe('n\r\n0\r\n');
  });

  it('when a saved example is chosen then its query runs, and a query over the length bound is refused', async () => {
    const example = await get({ example: '0' });
    expect(example.status).toBe(200);
    expect(await example.text()).toContain('pupil_counts');
    const long = await get({ sql: `SELECT 1 ${' '.repeat(4001)}` });
    expect(await long.text()).toContain('เกิน 4,000');
  });
});
