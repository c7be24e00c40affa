// One named function per change to the reporter's drafts; each multi-table change is one transaction.
import { liveQuery } from 'dexie';
import { db, type Draft, type DraftEdit, type EncryptedAnswers, type OutboxRecord, type StoredDraft } from './database.ts';
import { decryptDraft, decryptJson, encryptAnswers, encryptDraft, encryptJson, forgetDraftKey } from './draft-crypto.ts';
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

/** A new draft; `answers` fills some in already (a follow-up's reference of the report it follows up). */
export async function createDraft(kind: ReportKind, now = new Date(), answers: DraftAnswers = {}): Promise<Draft> {
  const draft: Draft = {
    id: crypto.randomUUID(),
    reference: generateReference(),
    kind,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    timeZone: deviceTimeZone(),
    answers,
  };
  // The stored key, not one held in memory from before a "Delete everything" in another window.
  forgetDraftKey();
  await db.drafts.add(await encryptDraft(draft));
  return draft;
}

/** A draft the reporter can still change: not one kept only until its receipt. */
const editable = <T extends StoredDraft | Draft>(draft: T | undefined): draft is T => !!draft && !draft.submittedAt;

/** A change to one answer: its dotted path and its new value (undefined removes it). */
export type AnswerChange = readonly [path: string, value: unknown];

/** A draft's row and the changes appended to it since it was last folded, read together. */
interface StoredState {
  row: StoredDraft | undefined;
  edits: DraftEdit[];
}

function readState(id: string): Promise<StoredState> {
  return db.transaction('r', db.drafts, db.edits, async () => ({
    row: await db.drafts.get(id),
    // In `seq` order: the index sorts entries with one draftId by their primary key.
    edits: await db.edits.where('draftId').equals(id).toArray(),
  }));
}

/** The draft a row and its changes make: each change applied in the order it was written. */
async function draftOf(row: StoredDraft, edits: readonly DraftEdit[]): Promise<Draft> {
  const draft = await decryptDraft(row);
  const changes = await Promise.all(edits.map((edit) => decryptJson<AnswerChange[]>(edit.sealed)));
  let { answers, updatedAt } = draft;
  changes.forEach((list, i) => {
    for (const [path, value] of list) answers = setAnswer(answers, path, value); // [path] alone: value undefined, removed
    if (edits[i]!.at > updatedAt) updatedAt = edits[i]!.at;
  });
  return { ...draft, answers, updatedAt };
}

/** Whether a row is still the one read before (its time and its ciphertext): nothing folded into it meanwhile. */
function unchanged(current: StoredDraft, read: StoredDraft): boolean {
  const iv = (row: StoredDraft) => (row.sealedAnswers ? Array.from(row.sealedAnswers.iv).join(',') : JSON.stringify(row.answers));
  return current.updatedAt === read.updatedAt && iv(current) === iv(read);
}

const sameEdits = (a: readonly DraftEdit[], b: readonly DraftEdit[]) => a.length === b.length && a.every((e, i) => e.seq === b[i]!.seq);

/** Replaces every answer of a draft (for tests and tools; the pages change answers one at a time). */
export async function saveDraft(id: string, answers: DraftAnswers, now = new Date()): Promise<void> {
  const sealedAnswers = await encryptAnswers(answers);
  await db.transaction('rw', db.drafts, db.edits, async () => {
    const row = await db.drafts.get(id);
    if (!editable(row)) throw new DraftNotFoundError(id);
    // Changed: in use again, so a warning that it will be deleted no longer stands.
    const { staleNoticeShownAt: _warned, ...inUse } = row;
    await putAnswers(inUse, sealedAnswers, { updatedAt: now.toISOString() }, await db.edits.where('draftId').equals(id).toArray());
  });
}

/**
 * Inside a transaction: the row with these answers (a copy in clear from an earlier build dropped) and the
 * fields given, and the changes those answers already hold deleted.
 */
async function putAnswers(row: StoredDraft, sealedAnswers: EncryptedAnswers, fields: Pick<StoredDraft, 'updatedAt' | 'submittedAt'>, folded: readonly DraftEdit[]): Promise<void> {
  const { answers: _clear, ...rest } = row;
  await db.drafts.put({ ...rest, ...fields, sealedAnswers });
  await db.edits.bulkDelete(folded.map((e) => e.seq!));
}

/** Changes encrypted for `appendChanges`: done first, apart, so the write itself is one short request. */
export function sealChanges(changes: Iterable<AnswerChange>): Promise<EncryptedAnswers> {
  // A removal is written as the path alone: JSON has no undefined.
  return encryptJson([...changes].map(([path, value]) => (value === undefined ? [path] : [path, value])));
}

/**
 * Appends sealed changes to a draft: one request, committed as it is made (no read before it, no wait for
 * its answer), so a change is safe a few milliseconds after it is made, even if the window closes then.
 * Answers to other questions are left as they are, so two windows on one draft each keep the other's
 * answers: the last change of each answer wins. A change to a draft that has gone meanwhile (sent or
 * discarded in another window) is never read: getDraft reads changes only with their draft, and the
 * leftovers are dropped (dropOrphanChanges).
 */
export async function appendChanges(id: string, sealed: EncryptedAnswers, now = new Date()): Promise<void> {
  await db.transaction('rw', db.edits, (tx) => {
    const added = db.edits.add({ draftId: id, at: now.toISOString(), sealed });
    // The commit goes with the request instead of a round trip later: what makes a close right after typing safe.
    tx.idbtrans.commit();
    return added;
  });
}

/** Changes whose draft has gone (appended by a window that did not know yet): nothing reads them. */
export async function dropOrphanChanges(): Promise<number> {
  return db.transaction('rw', db.drafts, db.edits, async () => {
    const live = new Set((await db.drafts.filter(editable).primaryKeys()) as string[]);
    return db.edits.filter((e) => !live.has(e.draftId)).delete();
  });
}

/** Writes these answers (dotted path to value; undefined removes one) over what the draft holds now. */
export async function saveAnswers(id: string, changes: ReadonlyMap<string, unknown>, now = new Date()): Promise<void> {
  const sealed = await sealChanges(changes);
  await db.transaction('rw', db.drafts, db.edits, async () => {
    // Both requests go at once; the check aborts the transaction (and so the append) when the draft is gone.
    const [row] = await Promise.all([db.drafts.get(id), db.edits.add({ draftId: id, at: now.toISOString(), sealed })]);
    if (!editable(row)) throw new DraftNotFoundError(id);
  });
}

/**
 * Folds the changes appended to a draft into its row, so that reading it stays one decryption. Done outside
 * a transaction, then written only if the row did not change meanwhile; changes appended meanwhile stay, and
 * apply on top.
 */
export async function foldChanges(id: string): Promise<void> {
  const read = await readState(id);
  if (!editable(read.row) || read.edits.length === 0) return;
  const draft = await draftOf(read.row, read.edits);
  const sealedAnswers = await encryptAnswers(draft.answers);
  await db.transaction('rw', db.drafts, db.edits, async () => {
    const current = await db.drafts.get(id);
    if (!editable(current) || !unchanged(current, read.row!)) return;
    await putAnswers(current, sealedAnswers, { updatedAt: draft.updatedAt }, read.edits);
  });
}

/** Fills the reporter's name and email (from their sign-in) where the draft has none; resolves to whether it changed. */
export async function fillReporterIfEmpty(id: string, person: { name: string; email: string }): Promise<boolean> {
  const draft = await getDraft(id);
  if (!draft) return false;
  const empty = (value: unknown) => typeof value !== 'string' || value.trim() === '';
  const changes = new Map<string, string>();
  if (empty(draft.answers.reporter?.name) && person.name) changes.set('reporter.name', person.name);
  if (empty(draft.answers.reporter?.email) && person.email) changes.set('reporter.email', person.email);
  if (changes.size === 0) return false;
  try {
    await saveAnswers(id, changes);
    return true;
  } catch (error) {
    if (error instanceof DraftNotFoundError) return false;
    throw error;
  }
}

/**
 * Calls `onDraft` with the draft now and after every change to it, from this window or another (Dexie
 * liveQuery on the stored row and its changes, decrypted outside it; an older state decrypted late is
 * dropped). A draft sent (kept only until its receipt) counts as gone.
 */
export function watchDraft(id: string, onDraft: (draft: Draft | undefined) => void, onError: (error: unknown) => void): () => void {
  let latest = 0;
  const subscription = liveQuery(() => readState(id)).subscribe({
    next: ({ row, edits }) => {
      const seen = ++latest;
      (editable(row) ? draftOf(row, edits) : Promise.resolve(undefined)).then(
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
  await db.transaction('rw', db.drafts, db.edits, async () => {
    await db.drafts.delete(id);
    await db.edits.where('draftId').equals(id).delete();
  });
}

export async function getDraft(id: string): Promise<Draft | undefined> {
  const { row, edits } = await readState(id);
  return editable(row) ? draftOf(row, edits) : undefined;
}

export async function listDrafts(): Promise<Draft[]> {
  const [rows, edits] = await db.transaction('r', db.drafts, db.edits, () => Promise.all([db.drafts.filter(editable).toArray(), db.edits.orderBy('seq').toArray()]));
  const drafts = await Promise.all(rows.map((row) => draftOf(row, edits.filter((e) => e.draftId === row.id))));
  return drafts.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
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
    const read = await readState(id);
    if (!editable(read.row)) throw new DraftNotFoundError(id);
    const draft = await draftOf(read.row, read.edits);
    const result = validateReport(reportFromDraft(draft));
    if (!result.ok) throw new ReportInvalidError(result.errors);
    // The draft kept until the receipt holds every change, folded, so a correction after a refusal starts from it.
    const [body, sealedAnswers] = await Promise.all([sealReport(result.report, jwks), encryptAnswers(draft.answers)]);
    const record = await db.transaction('rw', db.drafts, db.edits, db.outbox, async () => {
      const [current, edits] = await Promise.all([db.drafts.get(id), db.edits.where('draftId').equals(id).toArray()]);
      if (!editable(current)) throw new DraftNotFoundError(id);
      if (!unchanged(current, read.row!) || !sameEdits(edits, read.edits)) return undefined;
      const queued = outboxRecordFor(result.report, body, now);
      await db.outbox.add(queued);
      await putAnswers(current, sealedAnswers, { updatedAt: draft.updatedAt, submittedAt: now.toISOString() }, edits);
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
  const row = await db.transaction('rw', db.drafts, db.edits, db.outbox, async () => {
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
    // Changes a window appended after the report was sealed never reached it: the sealed report is what is kept.
    await db.edits.where('draftId').equals(id).delete();
    await db.drafts.put(draft);
    await db.outbox.delete(id);
    return draft;
  });
  return decryptDraft(row);
}
