// Who can read the store: the SQLite files only by the endpoint's own user (folder 0700, files 0600, old
// 0755/0644 ones tightened), and PostgreSQL over TLS with the server's certificate checked whenever the URL
// says sslmode=require or verify-full.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.ts';
import { SQLITE_FILE_NAME, openReportStore } from '../../src/server/storage/report-store.ts';
import { buildReport } from '../support/fixtures.ts';
import { makeCertificate, startPgTlsProxy, type PgTlsProxy, type TestCertificate } from '../support/pg-tls-proxy.ts';
import { createTempDir, createTestDatabase, postReport, startInProcessEndpoint, type TempDir, type TestDatabase } from '../support/server.ts';

/** Why opening the store failed: its error's message and those of its causes. */
async function openingFailure(databaseUrl: string): Promise<string> {
  try {
    const store = await openReportStore({ databaseUrl });
    await store.close();
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(': ');
  }
  return 'opened';
}

const modeOf = async (file: string) => ((await fs.stat(file)).mode & 0o777).toString(8);

describe('SQLite files', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir('rasi-perms-');
  });
  afterAll(async () => {
    await temp?.remove();
  });

  it('are created readable by the endpoint user only: the folder 0700, the database, -wal and -shm 0600', async () => {
    const dataDir = path.join(temp.dir, 'fresh', 'data');
    const endpoint = await startInProcessEndpoint({
      store: { kind: 'sqlite', location: { dataDir }, config: { databaseUrl: undefined, dataDir }, remove: async () => undefined },
    });
    try {
      expect((await postReport(endpoint.url, buildReport(), { cookie: await endpoint.session() })).status).toBe(201);
      const file = path.join(dataDir, SQLITE_FILE_NAME);
      expect(await modeOf(dataDir)).toBe('700');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(await modeOf(f), f).toBe('600');
    } finally {
      await endpoint.close();
    }
  });

  it('left readable by others by an earlier version are tightened when the store opens', async () => {
    const dataDir = path.join(temp.dir, 'old');
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const first = await openReportStore({ dataDir });
    await first.saveReport(buildReport());
    await first.close();
    await fs.chmod(dataDir, 0o755);
    await fs.chmod(file, 0o644);
    const again = await openReportStore({ dataDir });
    try {
      expect(await again.countReports()).toBe(1);
      expect(await modeOf(dataDir)).toBe('700');
      expect(await modeOf(file)).toBe('600');
      for (const f of [`${file}-wal`, `${file}-shm`]) expect(await modeOf(f), f).toBe('600');
    } finally {
      await again.close();
    }
  });
});

describe('PostgreSQL over TLS', () => {
  let database: TestDatabase;
  let certs: TempDir;
  let certificate: TestCertificate;
  let otherName: TestCertificate;
  let proxy: PgTlsProxy;

  beforeAll(async () => {
    database = await createTestDatabase();
    certs = await createTempDir('rasi-certs-');
    certificate = makeCertificate(certs.dir, '127.0.0.1');
    otherName = makeCertificate(certs.dir, '127.0.0.2');
    const real = new URL(database.url);
    proxy = await startPgTlsProxy({ host: real.hostname, port: Number(real.port || 5432) }, certificate);
  });
  afterAll(async () => {
    await proxy?.close();
    await certs?.remove();
    await database?.drop();
  });

  /** The test database's URL, through the TLS front, with these query parameters. */
  const viaTls = (params: Record<string, string>) => {
    const url = new URL(database.url);
    url.port = String(proxy.port);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  };

  it('sslmode=verify-full with the server CA: the store works, and every connection was TLS', async () => {
    const before = { ...proxy.counts };
    const store = await openReportStore({ databaseUrl: viaTls({ sslmode: 'verify-full', sslrootcert: certificate.certFile }) });
    try {
      const report = buildReport();
      expect((await store.saveReport(report)).outcome).toBe('created');
      expect((await store.findReport(report.id))?.reference).toBe(report.reference);
    } finally {
      await store.close();
    }
    expect(proxy.counts.tls).toBeGreaterThan(before.tls);
    expect(proxy.counts.clear).toBe(before.clear);
  });

  it('sslmode=require still checks the certificate: an unknown CA, or a certificate for another address, is refused', async () => {
    expect(await openingFailure(viaTls({ sslmode: 'require' }))).toMatch(/self[- ]signed certificate/i);
    const real = new URL(database.url);
    const impostor = await startPgTlsProxy({ host: real.hostname, port: Number(real.port || 5432) }, otherName);
    try {
      const url = new URL(viaTls({ sslmode: 'verify-full', sslrootcert: otherName.certFile }));
      url.port = String(impostor.port);
      expect(await openingFailure(url.toString())).toMatch(/does not match certificate's altnames/i);
    } finally {
      await impostor.close();
    }
  });

  it('sslmode=require never falls back to a clear connection when the server has no TLS', async () => {
    const url = new URL(database.url);
    url.searchParams.set('sslmode', 'require');
    expect(await openingFailure(url.toString())).toMatch(/does not support SSL/i);
  });

  it('the configuration refuses the modes that may fall back to clear text', () => {
    for (const mode of ['prefer', 'allow', 'no-verify']) {
      const result = parseConfig({ DATABASE_URL: `postgres://u@db.example/reports?sslmode=${mode}` });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors.join()).toContain('sslmode must be one of disable, require, verify-ca, verify-full');
    }
    expect(parseConfig({ DATABASE_URL: 'postgres://u@db.example/reports?sslmode=verify-full' }).ok).toBe(true);
  });
});
