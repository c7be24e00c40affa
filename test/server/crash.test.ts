// kill -9 under load, per store: every report the endpoint acknowledged (201/200 with a receipt) must be there
// after a restart on the same store, with the reference of its receipt; nothing is stored twice.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.ts';
import { receiptSchema, type Receipt } from '../../src/shared/wire.ts';
import { buildLargeReport } from '../support/fixtures.ts';
import { STORE_KINDS, getReportStatus, listStoredReports, postReport, startEndpoint, type RunningEndpoint } from '../support/server.ts';

const CONNECTIONS = 16;
const ROUNDS = 2;

/** Sends reports from CONNECTIONS loops until `stopped()`; records what each got. */
async function load(endpoint: RunningEndpoint, cookie: string, stopped: () => boolean) {
  const sent: Report[] = [];
  const acknowledged = new Map<string, Receipt>();
  const unexpected: string[] = [];
  const loop = async () => {
    while (!stopped()) {
      const report = buildLargeReport(2000);
      sent.push(report);
      try {
        const { status, body } = await postReport(endpoint.url, report, { cookie, signal: AbortSignal.timeout(10_000) });
        if (status === 201 || status === 200) acknowledged.set(report.id, receiptSchema.parse(body));
        else if (status !== 503) unexpected.push(`${status} ${JSON.stringify(body)}`);
      } catch {
        // The connection died with the process: the report was not acknowledged.
      }
    }
  };
  return { sent, acknowledged, unexpected, done: Promise.all(Array.from({ length: CONNECTIONS }, loop)) };
}

describe.each(STORE_KINDS)('kill -9 under load on %s', (kind) => {
  it(`keeps every acknowledged report through ${ROUNDS} crashes`, async () => {
    const endpoint = await startEndpoint({ store: kind });
    try {
      // One reporter sends them all (sessions live in the store: they survive the crashes).
      const cookie = await endpoint.session();
      const allSent: Report[] = [];
      const allAcknowledged = new Map<string, Receipt>();
      for (let round = 0; round < ROUNDS; round++) {
        let stopped = false;
        const run = await load(endpoint, cookie, () => stopped);
        // Let the load run, then kill at an arbitrary moment in the middle of it.
        const started = Date.now();
        while (run.acknowledged.size < 150 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 100)));
        await endpoint.kill();
        stopped = true;
        await run.done;
        expect(run.unexpected).toEqual([]);
        expect(run.acknowledged.size).toBeGreaterThan(50);
        expect(run.sent.length, "requests were in flight at the kill").toBeGreaterThan(run.acknowledged.size);
        allSent.push(...run.sent);
        for (const [id, receipt] of run.acknowledged) allAcknowledged.set(id, receipt);

        await endpoint.restart();
        const stored = new Map((await listStoredReports(endpoint.location)).map((r) => [r.id, r]));
        const lost = [...allAcknowledged.keys()].filter((id) => !stored.has(id));
        expect(lost, `round ${round}: acknowledged but not stored`).toEqual([]);
        for (const [id, receipt] of allAcknowledged) {
          expect(stored.get(id)).toEqual({ id, reference: receipt.reference, receivedAt: receipt.receivedAt });
        }
        // Through the API too, for a sample.
        for (const id of [...allAcknowledged.keys()].slice(-20)) {
          expect((await getReportStatus(endpoint.url, id, { cookie })).status).toBe(200);
        }
      }

      // The devices send again whatever they have no receipt for (and, once, everything): acknowledged reports
      // get their original receipt, the rest are stored now, and still nothing is stored twice.
      const resend = await Promise.all(allSent.map((r) => postReport(endpoint.url, r, { cookie })));
      resend.forEach((answer, i) => {
        const report = allSent[i]!;
        expect([200, 201]).toContain(answer.status);
        const original = allAcknowledged.get(report.id);
        if (original) {
          expect(answer.status).toBe(200);
          expect(answer.body).toEqual(original);
        }
      });
      const rows = await listStoredReports(endpoint.location);
      expect(rows).toHaveLength(allSent.length);
      expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
    } finally {
      await endpoint.close();
    }
  });
});
