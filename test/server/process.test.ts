// The endpoint as a process: configuration errors at start, graceful shutdown, its logs, `npm start` from a
// production install of the build, and two processes sharing one PostgreSQL.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../support/fixtures.ts';
import {
  REPO_ROOT,
  createTempDir,
  createTestDatabase,
  freePort,
  getReportStatus,
  listStoredReports,
  postReport,
  startEndpoint,
  waitForHealthy,
} from '../support/server.ts';
import { createSession } from '../support/sign-in.ts';

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
      const log = endpoint.stdout();
      expect(log).toContain('"msg":"request completed"');
      // stdout is the log alone; the one line for a person (the address to open) is on stderr.
      for (const line of log.trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
      expect(output).toContain(`open ${endpoint.url}/ in a browser`);
      expect(output).not.toContain('Zebra-Quokka');
      expect(output).not.toContain('Quartermaine');
    } finally {
      await endpoint.close();
    }
  });
});

describe('npm start', () => {
  // What a deployment carries: the package files, the prestart check and the two builds (no sources, no tools).
  const DEPLOYED = ['package.json', 'package-lock.json', 'scripts/ensure-built.mjs', 'dist', 'dist-server'];

  it(
    'after `npm run build`, a production install (`npm ci --omit=dev`) serves the app and the API with plain node, and says where to open it',
    async () => {
      for (const built of ['dist/index.html', 'dist-server/server/main.js']) {
        if (!existsSync(path.join(REPO_ROOT, built))) throw new Error(`No ${built}: run \`npm run build\` first (npm test does).`);
      }
      const app = await createTempDir('rasi-deploy-');
      const data = await createTempDir();
      try {
        for (const entry of DEPLOYED) await fs.cp(path.join(REPO_ROOT, entry), path.join(app.dir, entry), { recursive: true });
        const prebuilds = await localSqlitePrebuild(app.dir);
        const install = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app.dir, {
          // better-sqlite3's installer takes its compiled binary from here instead of GitHub (which this machine
          // cannot reach), as it would from a company mirror: compiling SQLite would take a minute.
          npm_config_better_sqlite3_local_prebuilds: prebuilds,
        });
        expect(install.code, install.output).toBe(0);
        for (const tool of ['tsx', 'vite', 'typescript', 'vitest']) expect(existsSync(path.join(app.dir, 'node_modules', tool)), tool).toBe(false);
        expect(existsSync(path.join(app.dir, 'node_modules', 'fastify'))).toBe(true);

        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        // No identity provider is configured here: in production the endpoint refuses to start rather than run
        // the development sign-in; outside production it runs it, on loopback.
        const refused = await run('npm', ['start'], app.dir, { NODE_ENV: 'production', PORT: String(port), DATA_DIR: data.dir });
        expect(refused.code).toBe(1);
        expect(refused.output).toContain('no identity provider is configured and NODE_ENV is production');
        expect(refused.output).not.toContain('is running');

        const start = launch('npm', ['start'], app.dir, { PORT: String(port), DEV_OIDC_PORT: String(await freePort()), DATA_DIR: data.dir });
        try {
          await waitForHealthy(url, 30_000, start.alive);
          const home = await fetch(`${url}/`);
          expect(home.status).toBe(200);
          const html = await home.text();
          expect(html).toContain('<title>Report a security incident</title>');
          const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
          expect(script).toBeDefined();
          expect((await fetch(`${url}${script}`)).status).toBe(200);

          const cookie = await createSession({ dataDir: data.dir });
          const report = buildReport();
          const saved = await postReport(url, report, { cookie });
          expect(saved.status).toBe(201);
          expect(saved.body).toMatchObject({ id: report.id, reference: report.reference });
          expect((await getReportStatus(url, report.id, { cookie })).body).toMatchObject({ id: report.id, status: 'received' });
          expect(start.output()).toContain(`Report a security incident is running: open ${url}/ in a browser\n`);
        } finally {
          await start.stop();
        }
        expect(start.output()).toContain('"msg":"stopped"');
      } finally {
        await app.remove();
        await data.remove();
      }
    },
    120_000,
  );

  it('without a build, in a production install, says to run `npm run build` and starts nothing', async () => {
    const app = await createTempDir('rasi-unbuilt-');
    try {
      for (const entry of ['package.json', 'scripts/ensure-built.mjs']) await fs.cp(path.join(REPO_ROOT, entry), path.join(app.dir, entry));
      const { code, output } = await run('npm', ['start'], app.dir, { PORT: String(await freePort()) });
      expect(code).toBe(1);
      expect(output).toContain('The app is not built (missing dist-server/server/main.js, dist/index.html). Run "npm install && npm run build" first');
      expect(output).not.toContain('is running');
    } finally {
      await app.remove();
    }
  });

  it('never builds when NODE_ENV=production, even where the build tools are installed', async () => {
    const app = await createTempDir('rasi-unbuilt-');
    try {
      for (const entry of ['package.json', 'scripts/ensure-built.mjs']) await fs.cp(path.join(REPO_ROOT, entry), path.join(app.dir, entry));
      await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(app.dir, 'node_modules'));
      const { code, output } = await run('npm', ['start'], app.dir, { NODE_ENV: 'production' });
      expect(code).toBe(1);
      expect(output).toContain('The app is not built');
      expect(output).not.toContain('running "npm run build"');
      expect(existsSync(path.join(app.dir, 'dist'))).toBe(false);
    } finally {
      await app.remove();
    }
  });
});

/** A child with a clean environment (PATH, HOME and these), in its own process group so that stopping it reaches npm's children. */
function launch(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  // 'close', not 'exit': npm may exit before the server it started has finished, and the server's output ends
  // only when the last process holding the pipes is gone.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      /* already gone */
    }
  };
  return {
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    exited,
    /** SIGTERM to the group (as a terminal's Ctrl-C reaches every process of the command); SIGKILL after 15 s. */
    stop: async () => {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function run(command: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs = 90_000) {
  const child = launch(command, args, cwd, env);
  const timer = setTimeout(() => void child.stop(), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, output: child.output() };
}

/** better-sqlite3's binary as its installer (prebuild-install) names a prebuilt download, in a folder of its own. */
async function localSqlitePrebuild(parent: string): Promise<string> {
  const sqlite = path.join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(await fs.readFile(path.join(sqlite, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(parent, '.prebuilds');
  await fs.mkdir(dir);
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packed = await run('tar', ['-czf', path.join(dir, file), '-C', sqlite, 'build/Release/better_sqlite3.node'], parent, {});
  expect(packed.code, packed.output).toBe(0);
  return dir;
}

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
