// The endpoint as a process: configuration errors at start, graceful shutdown, `npm start`'s entry point,
// and two processes sharing one PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../support/fixtures.ts';
import {
  REPO_ROOT,
  createTempDir,
  createTestDatabase,
  freePort,
  listStoredReports,
  postReport,
  startEndpoint,
  waitForHealthy,
} from '../support/server.ts';

/** Runs an entry point with exactly this environment (plus PATH) and returns how it ended. */
function runEntryPoint(entry: string, env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('configuration', () => {
  it.each([
    ['PORT', { PORT: 'eighty' }, 'PORT must be a whole number'],
    ['PORT', { PORT: '70000' }, 'PORT must be at most 65535'],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/db' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['BODY_LIMIT', { BODY_LIMIT: '-5' }, 'BODY_LIMIT must be a whole number'],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    // The development provider signs anyone in: never in production, never off loopback.
    ['OIDC_ISSUER', { NODE_ENV: 'production' }, 'no identity provider is configured and NODE_ENV is production'],
    ['OIDC_ISSUER', { HOST: '0.0.0.0' }, 'no identity provider is configured and HOST (0.0.0.0) is not a loopback address'],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'http://login.example.org', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }, 'OIDC_ISSUER must be an https:// address'],
  ])('a bad %s stops the start with exit code 1 and a message naming it (%o)', async (name, env, message) => {
    const temp = await createTempDir();
    try {
      const { code, output } = await runEntryPoint('src/server/main.ts', { DATA_DIR: temp.dir, ...env });
      expect(code).toBe(1);
      expect(output).toContain('configuration is invalid');
      expect(output).toContain(`${name}: ${message}`);
    } finally {
      await temp.remove();
    }
  });

  it('an unreachable database stops the start with exit code 1 and says why', async () => {
    const port = await freePort();
    const { code, output } = await runEntryPoint('src/server/main.ts', { PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/none` });
    expect(code).toBe(1);
    expect(output).toContain('The endpoint cannot start: could not open the report store');
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight on SIGTERM, stores it, then exits 0', async () => {
    const endpoint = await startEndpoint();
    try {
      const report = buildReport();
      const body = Buffer.from(JSON.stringify(report));
      const request = http.request(`${endpoint.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, cookie: await endpoint.session() },
      });
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on('response', (response) => {
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on('error', reject);
      });
      // Half the body now: the request is in flight when the signal arrives.
      request.write(body.subarray(0, 200));
      await new Promise((r) => setTimeout(r, 300));
      const stopped = endpoint.stop();
      await new Promise((r) => setTimeout(r, 500));
      expect(endpoint.running()).toBe(true);
      request.end(body.subarray(200));

      const response = await answered;
      expect(response.status).toBe(201);
      expect(JSON.parse(response.body).id).toBe(report.id);
      expect(await stopped).toBe(0);
      expect((await listStoredReports(endpoint.location)).map((r) => r.id)).toContain(report.id);
    } finally {
      await endpoint.close();
    }
  });
});

describe('logs', () => {
  it('are JSON lines that never contain report content, even at trace level and on errors', async () => {
    const endpoint = await startEndpoint({ env: { LOG_LEVEL: 'trace' } });
    try {
      const secret = 'Zebra-Quokka-7731 left the laptop';
      const report = buildReport({ whatHappened: secret, reporter: { ...buildReport().reporter, name: 'Ottoline Quartermaine' } });
      const cookie = await endpoint.session();
      expect((await postReport(endpoint.url, report, { cookie })).status).toBe(201);
      expect((await postReport(endpoint.url, { ...report, whatHappened: `${secret} again` }, { cookie })).status).toBe(409);
      expect((await postReport(endpoint.url, `{"whatHappened": "${secret}", `, { cookie })).status).toBe(400);
      expect((await postReport(endpoint.url, { ...report, id: 'nope', reporter: { name: 'Ottoline Quartermaine' } }, { cookie })).status).toBe(400);
      await endpoint.stop();
      const output = endpoint.output();
      expect(output).toContain('"msg":"request completed"');
      for (const line of output.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
      expect(output).not.toContain('Zebra-Quokka');
      expect(output).not.toContain('Quartermaine');
    } finally {
      await endpoint.close();
    }
  });
});

describe('npm start', () => {
  it('serves an existing build without rebuilding it', async () => {
    const dist = await createTempDir('rasi-dist-');
    const data = await createTempDir();
    await fs.writeFile(path.join(dist.dir, 'index.html'), '<!doctype html><title>built</title>');
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/start.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DEV_OIDC_PORT: String(await freePort()), STATIC_DIR: dist.dir, DATA_DIR: data.dir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`, 30_000, () => child.exitCode === null);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(await home.text()).toContain('built');
      expect(output).not.toContain('building the app');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await dist.remove();
      await data.remove();
    }
  });
});

describe('two endpoint processes on one PostgreSQL', () => {
  it('store each report once when both receive it at the same moment, and answer both with its receipt', async () => {
    const database = await createTestDatabase();
    const [a, b] = await Promise.all([startEndpoint({ databaseUrl: database.url }), startEndpoint({ databaseUrl: database.url })]);
    try {
      const cookie = await a.session();
      const reports = Array.from({ length: 40 }, () => buildReport());
      const answers = await Promise.all(reports.map((r) => Promise.all([postReport(a.url, r, { cookie }), postReport(b.url, r, { cookie })])));
      for (const [x, y] of answers) {
        expect([x.status, y.status].sort()).toEqual([200, 201]);
        expect(x.body).toEqual(y.body);
      }
      const rows = await listStoredReports({ databaseUrl: database.url });
      expect(rows.map((r) => r.id).sort()).toEqual(reports.map((r) => r.id).sort());
    } finally {
      await Promise.all([a.close(), b.close()]);
      await database.drop();
    }
  });
});
