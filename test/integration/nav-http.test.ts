import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/http-server.ts';

/** The links of a page's top bar. */
function navLinks(html: string): string[] {
  const nav = /<nav>([\s\S]*?)<\/nav>/u.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/href="([^"]+)"/gu)].map((m) => m[1]!);
}

describe('the top bar follows the role', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const home = async (role: string) =>
    (await fetch(`${server.url}/`, { headers: { authorization: `Bearer ${tokens[role]}` } })).text();

  beforeAll(async () => {
    server = await startTestServer();
    tokens.admin = server.adminToken;
    tokens.province = (await server.addAccount('nav-loei', 'province', '42')).token;
    tokens.analyst = (await server.addAccount('nav-analyst', 'analyst')).token;
    tokens.viewer = (await server.addAccount('nav-viewer', 'viewer')).token;
  });
  afterAll(async () => server?.close());

  it('when each role opens a page then its bar offers exactly what the role may open', async () => {
    const common = ['/', '/completeness', '/ingestion', '/dedup', '/reports', '/logout'];
    const admin = ['/provinces', '/admin/windows', '/admin/queues', '/admin/audit'];
    expect((await navLinks(await home('admin'))).sort()).toEqual(
      [...common, '/uploads/new', '/signoff', '/analyst', ...admin].sort(),
    );
    expect((await navLinks(await home('province'))).sort()).toEqual(
      [...common, '/uploads/new', '/signoff'].sort(),
    );
    expect((await navLinks(await home('analyst'))).sort()).toEqual([...common, '/analyst'].sort());
    expect((await navLinks(await home('viewer'))).sort()).toEqual([...common].sort());
    expect(await home('province')).toContain('nav-loei');
  });

  it('when nobody is signed in then the login page has no links to follow', async () => {
    expect(navLinks(await (await fetch(`${server.url}/login`)).text())).toEqual([]);
  });
});
