// Requests no device would send: values of the wrong type, bodies made to provoke huge answers, compressed
// bodies. Each gets a 4xx that says what is wrong, never a 5xx (which the device would retry for ever), and
// the answer stays small. Real HTTP on loopback, the embedded store.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS } from '../../src/server/errors.ts';
import { errorBodySchema } from '../../src/shared/wire.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { countStoredReports, postReport, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';

let endpoint: InProcessEndpoint;
let cookie: string;
beforeAll(async () => {
  endpoint = await startInProcessEndpoint();
  cookie = await endpoint.session();
});
afterAll(async () => {
  await endpoint?.close();
});

/** Sets `value` at a dotted path of a copy of `report`. */
function withValue(report: object, path: string, value: unknown): unknown {
  const copy = structuredClone(report) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy;
}

describe('values of the wrong type', () => {
  it.each([
    ['discoveredAt.time', 1],
    ['discoveredAt.day', 3],
    ['happenedAt.time', { hours: 8 }],
    ['happenedAt', '2025-11-03'],
    ['reporter', 'Alex'],
    ['reporter.email', ['a@b.example']],
    ['whatHappened', 42],
    ['breach.dataCategories', 'basic-identifiers'],
    ['breach.dataCategories', [1, null, {}]],
    ['timeZone', 0],
    ['id', 7],
  ])('%s = %j gives 400 naming the field, and stores nothing', async (path, value) => {
    const before = await countStoredReports(endpoint.store.location);
    const { status, body } = await postReport(endpoint.url, withValue(buildBreachReport(), path, value), { cookie });
    expect(status).toBe(400);
    expect(errorBodySchema.parse(body).error).toBe('invalid_report');
    expect(body.fields.map((f: { path: string }) => f.path).some((p: string) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`))).toBe(true);
    expect(await countStoredReports(endpoint.store.location)).toBe(before);
  });
});

describe('error answers stay small', () => {
  it(`lists at most ${MAX_FIELD_ERRORS} field errors, and says how many there were`, async () => {
    const extra = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`unknown${i}`, 'x']));
    const { status, body } = await postReport(endpoint.url, { ...buildReport(), ...extra }, { cookie });
    expect(status).toBe(400);
    expect(body.fields).toHaveLength(MAX_FIELD_ERRORS);
    expect(body.message).toContain('60 problems');
  });

  it('refuses a body with tens of thousands of values before checking them, in a few bytes', async () => {
    const report = buildBreachReport();
    const response = await fetch(`${endpoint.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...report, breach: { ...report.breach, dataCategories: Array(60_000).fill('x') } }),
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: 'body_too_complex', message: 'The request body holds more than 2,000 values' });
    expect(text.length).toBeLessThan(1_000);
  });

  it('refuses a body nested deeper than any report', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const { status, body } = await postReport(endpoint.url, { ...buildReport(), deep }, { cookie });
    expect(status).toBe(400);
    expect(body.error).toBe('body_too_complex');
  });

  it('cuts a long field name quoted in an error', async () => {
    const name = 'n'.repeat(10_000);
    const { status, body } = await postReport(endpoint.url, { ...buildReport(), [name]: 1 }, { cookie });
    expect(status).toBe(400);
    expect(body.fields).toHaveLength(1);
    expect(body.fields[0].path.length).toBeLessThanOrEqual(200);
    expect(body.fields[0].path.startsWith('nnnn')).toBe(true);
  });
});

describe('Content-Encoding', () => {
  it('answers 415 for a compressed body, or any encoding but identity, and closes the connection', async () => {
    const response = await fetch(`${endpoint.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', cookie },
      body: gzipSync(JSON.stringify(buildReport())),
    });
    const gzip = { status: response.status, headers: response.headers, body: await response.json() };
    expect(gzip.status).toBe(415);
    expect(errorBodySchema.parse(gzip.body)).toEqual({
      error: 'unsupported_content_encoding',
      message: 'The request body must not be compressed: send it without Content-Encoding',
    });
    expect(gzip.headers.get('connection')).toBe('close');
    const br = await postReport(endpoint.url, buildReport(), { cookie, headers: { 'content-encoding': 'br' } });
    expect(br.status).toBe(415);
    const identity = await postReport(endpoint.url, buildReport(), { cookie, headers: { 'content-encoding': 'identity' } });
    expect(identity.status).toBe(201);
  });
});
