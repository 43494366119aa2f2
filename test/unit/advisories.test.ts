import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Advisory {
  readonly package: string;
  readonly vulnerable: string;
  readonly severity: 'high' | 'critical';
  readonly id: string;
  readonly source: string;
}

interface Lockfile {
  readonly packages: Record<string, { readonly version?: string }>;
}

const advisories = (
  JSON.parse(readFileSync(path.join(ROOT, 'docs', 'advisories.json'), 'utf8')) as { advisories: Advisory[] }
).advisories;

/** Every installed package and version, from the lockfile's `node_modules/…` entries. */
function installed(lock: Lockfile): Array<{ name: string; version: string; at: string }> {
  return Object.entries(lock.packages)
    .filter(([at, entry]) => at.includes('node_modules/') && entry.version)
    .map(([at, entry]) => ({
      name: at.slice(at.lastIndexOf('node_modules/') + 13),
      version: entry.version!,
      at,
    }));
}

/** The advisories a lockfile's packages fall under, as `name@version (id)`. */
function affected(lock: Lockfile): string[] {
  return installed(lock).flatMap(({ name, version, at }) =>
    advisories
      .filter(
        (a) => a.package === name && semver.satisfies(version, a.vulnerable, { includePrerelease: true }),
      )
      .map((a) => `${name}@${version} at ${at} (${a.id}, ${a.severity})`),
  );
}

describe('dependencies against the advisory list', () => {
  it('when the list is read then every entry names its advisory, its source and a valid range', () => {
    expect(advisories.length).toBeGreaterThan(10);
    for (const a of advisories) {
      expect(a.id, a.package).toMatch(/^(CVE-\d{4}-\d{4,}|GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/u);
      expect(a.source, a.id).toMatch(/^https:\/\/\S+$/u);
      expect(['high', 'critical'], a.id).toContain(a.severity);
      expect(semver.validRange(a.vulnerable), a.id).not.toBeNull();
    }
  });

  it('when package-lock.json is checked then no installed version has a known high or critical advisory', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
    expect(installed(lock).length).toBeGreaterThan(100);
    expect(affected(lock)).toEqual([]);
  });

  it('when a lockfile holds the npm xlsx 0.18.5 or an old multer then the check names them', () => {
    const lock: Lockfile = {
      packages: {
        '': {},
        'node_modules/xlsx': { version: '0.18.5' },
        'node_modules/multer': { version: '1.4.5-lts.1' },
        'node_modules/a/node_modules/minimist': { version: '1.2.8' },
      },
    };
    expect(affected(lock)).toEqual([
      'xlsx@0.18.5 at node_modules/xlsx (CVE-2023-30533, high)',
      'xlsx@0.18.5 at node_modules/xlsx (CVE-2024-22363, high)',
      'multer@1.4.5-lts.1 at node_modules/multer (CVE-2025-47935, high)',
      'multer@1.4.5-lts.1 at node_modules/multer (CVE-2025-47944, high)',
      'multer@1.4.5-lts.1 at node_modules/multer (CVE-2025-7338, high)',
    ]);
  });
});
