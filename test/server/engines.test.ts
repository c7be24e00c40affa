// Every package installed (the endpoint's run-time ones above all) supports every Node the project says it
// runs on: otherwise `npm install` warns EBADENGINE and the endpoint may break on the oldest of them (issue 8:
// content-disposition@3 and cookie@2 wanted Node 22, pinned back with `overrides` in package.json).
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/server.ts';

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));

describe('engines', () => {
  it('every locked package accepts the oldest Node in package.json engines', () => {
    const oldest = semver.minVersion(readJson('package.json').engines.node)!.version;
    const lock = readJson('package-lock.json') as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .map(([name, p]) => [name, !Array.isArray(p.engines) ? p.engines?.node : undefined] as const)
      .filter(([, range]) => range && !semver.satisfies(oldest, range, { includePrerelease: true }))
      .map(([name, range]) => `${name} wants node ${range}`);
    expect(oldest).toBe('20.19.0');
    expect(refusing).toEqual([]);
  });
});
