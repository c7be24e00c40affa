// One named function per change to the outbox, each in one transaction. They take the database as a
// parameter (the singleton by default) because the fault harness runs many simulated devices in one process.
import { db as defaultDb, type OutboxRecord, type ReportingDatabase } from './database.ts';
import type { Receipt } from '../shared/wire.ts';
import type { Report } from '../shared/report.ts';
import { regulatorDeadlineOf } from '../shared/dates.ts';

/** The outbox record of a validated report, waiting to be sent: all that leaves a draft on submit. */
export function outboxRecordFor(report: Report, now = new Date()): OutboxRecord {
  const deadline = regulatorDeadlineOf(report);
  return {
    id: report.id,
    reference: report.reference,
    kind: report.kind,
    createdAt: report.createdAt,
    submittedAt: now.toISOString(),
    status: 'waiting',
    body: { format: 'plain', report },
    timeZone: report.timeZone,
    attempts: 0,
    ...(deadline ? { regulatorDeadline: deadline.toISOString() } : {}),
  };
}

/** Reports the sender should try now: waiting (or left "sending" by a flush that died), with a body, due. */
export async function dueReports(now: number, database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  const records = await database.outbox.where('status').anyOf('waiting', 'sending').toArray();
  return records
    .filter((r) => r.body && (r.notBefore ?? 0) <= now)
    // Least recently tried first, so one report the endpoint keeps failing cannot hold up the others.
    .sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0) || a.submittedAt.localeCompare(b.submittedAt));
}

/** The earliest time a waiting report becomes due again (for the page's retry timer). */
export async function nextDueTime(database: ReportingDatabase = defaultDb): Promise<number | null> {
  const waiting = await database.outbox.where('status').anyOf('waiting', 'sending').toArray();
  const times = waiting.filter((r) => r.body).map((r) => r.notBefore ?? 0);
  return times.length ? Math.min(...times) : null;
}

export async function markSending(id: string, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.outbox.update(id, { status: 'sending' });
}

/** The endpoint has it: keep the receipt, delete the report itself (a lost device must not leak it). */
export async function markSent(id: string, receipt: Receipt, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.transaction('rw', database.outbox, async () => {
    const record = await database.outbox.get(id);
    if (!record) return;
    const { body: _dropped, notBefore: _n, problem: _p, ...kept } = record;
    await database.outbox.put({ ...kept, status: 'sent', receipt, attempts: record.attempts + 1 });
  });
}

/** Try again later: not before `notBefore` (epoch ms). */
export async function markRetry(id: string, notBefore: number, problem: string, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.transaction('rw', database.outbox, async () => {
    const record = await database.outbox.get(id);
    if (!record || record.status === 'sent') return;
    await database.outbox.update(id, { status: 'waiting', notBefore, problem, attempts: record.attempts + 1 });
  });
}

/** Not tried this time, because the endpoint or the network just failed for another report: wait as long. */
export async function deferReports(ids: string[], notBefore: number, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.transaction('rw', database.outbox, async () => {
    for (const id of ids) {
      const record = await database.outbox.get(id);
      if (record && (record.status === 'waiting' || record.status === 'sending')) {
        await database.outbox.update(id, { status: 'waiting', notBefore: Math.max(notBefore, record.notBefore ?? 0) });
      }
    }
  });
}

/** The endpoint refused the report itself: it stays on the device until someone acts. */
export async function markNeedsAttention(id: string, problem: string, status: number, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.transaction('rw', database.outbox, async () => {
    const record = await database.outbox.get(id);
    if (!record || record.status === 'sent') return;
    await database.outbox.update(id, { status: 'needs-attention', problem, problemStatus: status, attempts: record.attempts + 1 });
  });
}

export async function markNeedsSignIn(id: string, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.outbox.update(id, { status: 'needs-sign-in', problem: 'Sign in to send it' });
}

/** After signing in, or when the reporter asks to try again: back in the queue, due now. */
export async function retryNow(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  await database.transaction('rw', database.outbox, async () => {
    for (const id of ids) {
      const record = await database.outbox.get(id);
      if (record?.body && record.status !== 'sent') await database.outbox.update(id, { status: 'waiting', notBefore: 0 });
    }
  });
}
