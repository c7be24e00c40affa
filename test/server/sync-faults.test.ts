// Exactly once under faults: 1,000 reports from 10 simulated devices (the real flushOutbox over
// fake-indexeddb) through a proxy that drops requests, drops responses after the endpoint committed,
// answers 500/503/429 with Retry-After in bursts and delays past the timeout, while endpoint processes are
// killed and restarted. Every report must be stored exactly once and shown as sent on its device.
// `npm run faults` runs the same harness and prints the figures.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatFigures, runFaultHarness, type FaultHarnessFigures } from '../support/senders.ts';

const REPORTS = 1000;
const SENDERS = 10;

function expectExactlyOnce(figures: FaultHarnessFigures) {
  // On failure, the printed figures say more than any one assertion.
  const summary = formatFigures(figures);
  expect(figures.queued, summary).toBe(REPORTS);
  expect(figures.senders, summary).toBe(SENDERS);
  expect(figures.flushErrors, summary).toEqual([]);
  expect(figures.unfinishedDevices, summary).toBe(0);
  expect(figures.lost, summary).toBe(0);
  expect(figures.duplicates, summary).toBe(0);
  expect(figures.duplicateReferences, summary).toBe(0);
  expect(figures.unexpected, summary).toBe(0);
  expect(figures.stored, summary).toBe(REPORTS);
  expect(figures.receiptMismatches, summary).toBe(0);
  expect(figures.deviceProblems, summary).toEqual([]);
  expect(figures.notSentOnDevices, summary).toBe(0);

  // The endpoint itself never refused or failed a report (409 would be a replay taken for a conflict). The one
  // answer it may give is 503, to a request that reaches it while it shuts down gracefully (SIGTERM).
  const { 503: _closing, ...otherAnswers } = figures.faults.upstreamOther;
  expect(otherAnswers, summary).toEqual({});

  // The faults really happened, each of them.
  const f = figures.faults;
  expect(f.droppedRequests, summary).toBeGreaterThan(0);
  expect(f.droppedAfterCommit, summary).toBeGreaterThan(0);
  expect(f.delayed, summary).toBeGreaterThan(0);
  expect(f.clientGoneBeforeAnswer, `${summary}\n(no delay outlasted the timeout)`).toBeGreaterThan(0);
  expect(f.bursts, summary).toBeGreaterThan(0);
  expect(f.status500, summary).toBeGreaterThan(0);
  expect(f.status503, summary).toBeGreaterThan(0);
  expect(f.status429, summary).toBeGreaterThan(0);
  expect(figures.restarts.map((r) => r.error ?? 'ok'), summary).toEqual(figures.restarts.map(() => 'ok'));
  expect(figures.restarts.length, summary).toBe(2);
  // Retry-After of up to 30 s and backoff were honoured in virtual time, not slept through.
  expect(figures.virtualMinutesSkipped, summary).toBeGreaterThan(0);
}

describe('sending under faults', () => {
  it(`stores ${REPORTS} reports from ${SENDERS} devices exactly once on SQLite, through a kill -9 and a restart`, async () => {
    const figures = await runFaultHarness({ store: 'sqlite', reports: REPORTS, senders: SENDERS, seed: 42 });
    expectExactlyOnce(figures);
    expect(figures.restarts.map((r) => r.signal)).toEqual(['SIGKILL', 'SIGTERM']);
  }, 180_000);

  it(`stores ${REPORTS} reports exactly once with two endpoint processes on one PostgreSQL, each restarted once`, async () => {
    const figures = await runFaultHarness({ store: 'postgres', endpoints: 2, reports: REPORTS, senders: SENDERS, seed: 43 });
    expectExactlyOnce(figures);
    expect(new Set(figures.restarts.map((r) => r.endpoint))).toEqual(new Set([0, 1]));
  }, 180_000);
});
