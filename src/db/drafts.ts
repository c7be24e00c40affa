// One named function per change to the reporter's drafts; each multi-table change is one transaction.
import { liveQuery } from 'dexie';
import { db, type Draft, type EncryptedAnswers, type OutboxRecord, type StoredDraft } from './database.ts';
import { decryptDraft, encryptAnswers, encryptDraft, forgetDraftKey } from './draft-crypto.ts';
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
  // The stored key, not one held in memory from before a "Delete everything" in another window.
  forgetDraftKey();
  await db.drafts.add(await encryptDraft(draft));
  return draft;
}

/** A draft the reporter can still change: not one kept only until its receipt. */
const editable = <T extends StoredDraft | Draft>(draft: T | undefined): draft is T => !!draft && !draft.submittedAt;

export async function saveDraft(id: string, answers: DraftAnswers, now = new Date()): Promise<void> {
  // Encrypted first, outside the write (which is one short IndexedDB request).
  const sealedAnswers = await encryptAnswers(answers);
  const updated = await db.drafts
    .where('id')
    .equals(id)
    .filter((d) => !d.submittedAt)
    .modify((row) => {
      delete row.answers;
      delete row.staleNoticeShownAt; // changed: in use again
      Object.assign(row, { sealedAnswers, updatedAt: now.toISOString() });
    });
  if (updated === 0) throw new DraftNotFoundError(id);
}

/** Whether a row is still the one read before (its time and its ciphertext): nothing wrote it meanwhile. */
function unchanged(current: StoredDraft, read: StoredDraft): boolean {
  const iv = (row: StoredDraft) => (row.sealedAnswers ? Array.from(row.sealedAnswers.iv).join(',') : JSON.stringify(row.answers));
  return current.updatedAt === read.updatedAt && iv(current) === iv(read);
}

const CHANGE_ATTEMPTS = 5;

/**
 * Changes a draft's answers: decrypted and encrypted again outside any transaction (WebCrypto cannot be
 * awaited inside one), then written in a short transaction only if the row did not change meanwhile (another
 * window); otherwise it starts again from the newer answers. `change` returns undefined for "nothing to do".
 */
async function rewriteAnswers(id: string, change: (answers: DraftAnswers) => DraftAnswers | undefined, updatedAt?: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const read = await db.drafts.get(id);
    if (!editable(read)) throw new DraftNotFoundError(id);
    const answers = change((await decryptDraft(read)).answers);
    if (!answers) return false;
    const sealedAnswers: EncryptedAnswers = await encryptAnswers(answers);
    const written = await db.transaction('rw', db.drafts, async () => {
      const current = await db.drafts.get(id);
      if (!editable(current)) throw new DraftNotFoundError(id);
      if (!unchanged(current, read)) return false;
      const { answers: _clear, staleNoticeShownAt, ...rest } = current;
      // A change by the reporter (it carries its time) puts the draft back in use: a warning about it no longer stands.
      const warning = !updatedAt && staleNoticeShownAt ? { staleNoticeShownAt } : {};
      await db.drafts.put({ ...rest, ...warning, sealedAnswers, updatedAt: updatedAt ?? current.updatedAt });
      return true;
    });
    if (written) return true;
    if (attempt >= CHANGE_ATTEMPTS) throw new Error('The draft kept changing in another window: try again');
  }
}

/** Fills the reporter's name and email (from their sign-in) where the draft has none; resolves to whether it changed. */
export async function fillReporterIfEmpty(id: string, person: { name: string; email: string }): Promise<boolean> {
  try {
    return await rewriteAnswers(id, (answers) => {
      const reporter = { ...answers.reporter };
      const empty = (value: unknown) => typeof value !== 'string' || value.trim() === '';
      if (empty(reporter.name) && person.name) reporter.name = person.name;
      if (empty(reporter.email) && person.email) reporter.email = person.email;
      if (reporter.name === answers.reporter?.name && reporter.email === answers.reporter?.email) return undefined;
      return { ...answers, reporter };
    });
  } catch (error) {
    if (error instanceof DraftNotFoundError) return false;
    throw error;
  }
}

/**
 * Writes these answers (dotted path to value; undefined removes one) over what the draft holds now. Answers
 * to other questions are left as they are, so two windows on one draft each keep the other's answers: the
 * last change of each answer wins.
 */
export async function saveAnswers(id: string, changes: ReadonlyMap<string, unknown>, now = new Date()): Promise<void> {
  await rewriteAnswers(
    id,
    (answers) => {
      let next = answers;
      for (const [path, value] of changes) next = setAnswer(next, path, value);
      return next;
    },
    now.toISOString(),
  );
}

/**
 * Calls `onDraft` with the draft now and after every change to it, from this window or another (Dexie
 * liveQuery on the stored row, decrypted outside it; an older row decrypted late is dropped). A draft sent
 * (kept only until its receipt) counts as gone.
 */
export function watchDraft(id: string, onDraft: (draft: Draft | undefined) => void, onError: (error: unknown) => void): () => void {
  let latest = 0;
  const subscription = liveQuery(() => db.drafts.get(id)).subscribe({
    next: (row) => {
      const seen = ++latest;
      (editable(row) ? decryptDraft(row) : Promise.resolve(undefined)).then(
        (draft) => seen === latest && onDraft(draft),
        (error: unknown) => seen === latest && onError(error),
      );
    },
    error: onError,
  });
  return () => {
    latest = -1;
    subscription.unsubscribe();
  };
}

export async function discardDraft(id: string): Promise<void> {
  await db.drafts.delete(id);
}

export async function getDraft(id: string): Promise<Draft | undefined> {
  const row = await db.drafts.get(id);
  return editable(row) ? decryptDraft(row) : undefined;
}

export async function listDrafts(): Promise<Draft[]> {
  const rows = await db.drafts.orderBy('updatedAt').reverse().filter(editable).toArray();
  return Promise.all(rows.map((row) => decryptDraft(row)));
}

/** How often a submit seals again because the draft changed (another window) while it was being sealed. */
const SEAL_ATTEMPTS = 3;

/**
 * Validates the draft against the full schema, seals it to the endpoint and puts it in the outbox. The draft
 * is kept, out of the drafts list, until the receipt (a refused report can then be corrected). Validation and
 * sealing happen before the transaction (a Dexie transaction commits as soon as it awaits anything that is
 * not IndexedDB); the transaction then checks that the draft did not change meanwhile.
 */
export async function submitDraft(id: string, now = new Date()): Promise<OutboxRecord> {
  // Loaded here, not up front, to keep the schema and jose out of the start page's first load.
  const [{ reportFromDraft, validateReport }, { loadJwks, sealReport }] = await Promise.all([import('../shared/report.ts'), import('../sync/seal.ts')]);
  const jwks = await loadJwks();
  for (let attempt = 1; ; attempt++) {
    const draft = await getDraft(id);
    if (!draft) throw new DraftNotFoundError(id);
    const result = validateReport(reportFromDraft(draft));
    if (!result.ok) throw new ReportInvalidError(result.errors);
    const body = await sealReport(result.report, jwks);
    const record = await db.transaction('rw', db.drafts, db.outbox, async () => {
      const current = await db.drafts.get(id);
      if (!editable(current)) throw new DraftNotFoundError(id);
      if (current.updatedAt !== draft.updatedAt) return undefined;
      const queued = outboxRecordFor(result.report, body, now);
      await db.outbox.add(queued);
      await db.drafts.put({ ...current, submittedAt: now.toISOString() });
      return queued;
    });
    if (record) return record;
    if (attempt >= SEAL_ATTEMPTS) throw new Error('The report kept changing while it was being sent: try again');
  }
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
  const row = await db.transaction('rw', db.drafts, db.outbox, async () => {
    const record = await db.outbox.get(id);
    const kept = await db.drafts.get(id);
    if (!record || record.status !== 'needs-attention' || !kept?.submittedAt) throw new DraftNotFoundError(id);
    const { submittedAt: _s, staleNoticeShownAt: _w, ...unsent } = kept;
    const fresh = record.problemStatus === 409;
    const draft: StoredDraft = {
      ...unsent,
      ...(fresh ? { id: crypto.randomUUID(), reference: generateReference() } : {}),
      updatedAt: now.toISOString(),
    };
    if (fresh) await db.drafts.delete(id);
    await db.drafts.put(draft);
    await db.outbox.delete(id);
    return draft;
  });
  return decryptDraft(row);
}
