// One named function per change to the reporter's drafts; each multi-table change is one transaction.
import { liveQuery } from 'dexie';
import { db, type Draft, type OutboxRecord } from './database.ts';
import { setAnswer } from '../shared/answer-path.ts';
import { generateReference } from '../shared/reference.ts';
import type { DraftAnswers, FieldErrors, ReportKind } from '../shared/report.ts';
import { outboxRecordFor } from './outbox.ts';

export class ReportInvalidError extends Error {
  override readonly name = 'ReportInvalidError';
  constructor(readonly errors: FieldErrors) {
    super(`The report is not complete: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
}

export class DraftNotFoundError extends Error {
  override readonly name = 'DraftNotFoundError';
  constructor(readonly id: string) {
    super('This report is no longer on this device: it may have been sent or discarded.');
  }
}

function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/London';
}

export async function createDraft(kind: ReportKind, now = new Date()): Promise<Draft> {
  const draft: Draft = {
    id: crypto.randomUUID(),
    reference: generateReference(),
    kind,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    timeZone: deviceTimeZone(),
    answers: {},
  };
  await db.drafts.add(draft);
  return draft;
}

export async function saveDraft(id: string, answers: DraftAnswers, now = new Date()): Promise<void> {
  const updated = await db.drafts.update(id, { answers, updatedAt: now.toISOString() });
  if (updated === 0) throw new DraftNotFoundError(id);
}

/** Fills the reporter's name and email (from their sign-in) where the draft has none; resolves to whether it changed. */
export async function fillReporterIfEmpty(id: string, person: { name: string; email: string }): Promise<boolean> {
  return db.transaction('rw', db.drafts, async () => {
    const draft = await db.drafts.get(id);
    if (!draft) return false;
    const reporter = { ...draft.answers.reporter };
    const empty = (value: unknown) => typeof value !== 'string' || value.trim() === '';
    if (empty(reporter.name) && person.name) reporter.name = person.name;
    if (empty(reporter.email) && person.email) reporter.email = person.email;
    if (reporter.name === draft.answers.reporter?.name && reporter.email === draft.answers.reporter?.email) return false;
    await db.drafts.update(id, { answers: { ...draft.answers, reporter } });
    return true;
  });
}

/**
 * Writes these answers (dotted path to value; undefined removes one) over what the draft holds now, in one
 * transaction. Answers to other questions are left as they are, so two windows on one draft each keep the
 * other's answers: the last change of each answer wins.
 */
export async function saveAnswers(id: string, changes: ReadonlyMap<string, unknown>, now = new Date()): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    const draft = await db.drafts.get(id);
    if (!draft) throw new DraftNotFoundError(id);
    let answers = draft.answers;
    for (const [path, value] of changes) answers = setAnswer(answers, path, value);
    await db.drafts.put({ ...draft, answers, updatedAt: now.toISOString() });
  });
}

/** Calls `onDraft` with the draft now and after every change to it, from this window or another (Dexie liveQuery). */
export function watchDraft(id: string, onDraft: (draft: Draft | undefined) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(() => db.drafts.get(id)).subscribe({ next: onDraft, error: onError });
  return () => subscription.unsubscribe();
}

export async function discardDraft(id: string): Promise<void> {
  await db.drafts.delete(id);
}

export function getDraft(id: string): Promise<Draft | undefined> {
  return db.drafts.get(id);
}

export function listDrafts(): Promise<Draft[]> {
  return db.drafts.orderBy('updatedAt').reverse().toArray();
}

/**
 * Validates the draft against the full schema and moves it into the outbox, in one transaction: the report
 * is never in both places, and never in neither.
 */
export async function submitDraft(id: string, now = new Date()): Promise<OutboxRecord> {
  // The schema is loaded here, not up front, to keep it out of the start page's first load; before the
  // transaction, because a Dexie transaction commits as soon as it awaits anything that is not IndexedDB.
  const { reportFromDraft, validateReport } = await import('../shared/report.ts');
  return db.transaction('rw', db.drafts, db.outbox, async () => {
    const draft = await db.drafts.get(id);
    if (!draft) throw new DraftNotFoundError(id);
    const result = validateReport(reportFromDraft(draft));
    if (!result.ok) throw new ReportInvalidError(result.errors);
    const record = outboxRecordFor(result.report, now);
    await db.outbox.add(record);
    await db.drafts.delete(id);
    return record;
  });
}

export function listOutbox(): Promise<OutboxRecord[]> {
  return db.outbox.orderBy('submittedAt').reverse().toArray();
}

export function getOutboxRecord(id: string): Promise<OutboxRecord | undefined> {
  return db.outbox.get(id);
}

/**
 * Asks the browser not to evict this origin's storage under pressure. Returns whether it agreed; browsers
 * grant it to installed apps and engaged sites, so a "no" is normal and only worth a quiet note.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}

/**
 * Takes a report the endpoint refused (needs attention) back into the drafts, so the reporter can correct
 * it and send it again; nothing is deleted on the way. After a 409 (the endpoint already holds a different
 * report with this id) it gets a new id and reference, or it would be refused again.
 */
export async function reopenReport(id: string, now = new Date()): Promise<Draft> {
  return db.transaction('rw', db.drafts, db.outbox, async () => {
    const record = await db.outbox.get(id);
    if (!record?.body || record.status !== 'needs-attention') throw new DraftNotFoundError(id);
    const { schemaVersion: _v, id: _id, reference, kind, createdAt, timeZone, ...answers } = record.body.report;
    const fresh = record.problemStatus === 409;
    const draft: Draft = {
      id: fresh ? crypto.randomUUID() : id,
      reference: fresh ? generateReference() : reference,
      kind,
      createdAt,
      updatedAt: now.toISOString(),
      timeZone,
      answers: answers as DraftAnswers,
    };
    await db.drafts.add(draft);
    await db.outbox.delete(id);
    return draft;
  });
}
