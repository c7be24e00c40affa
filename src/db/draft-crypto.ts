// Drafts encrypted at rest: AES-GCM with one non-extractable key per device, kept in the same IndexedDB.
// What this protects: copies and backups of the browser's files, and old copies LevelDB keeps until it
// compacts (every autosave is a new copy). What it does not: someone who has the device's files and the key
// together (Chromium writes the key's raw bytes into the same IndexedDB), or the unlocked device itself.
// Encryption happens outside Dexie transactions (awaiting WebCrypto inside one commits it early).
import { db as defaultDb, type Draft, type EncryptedAnswers, type ReportingDatabase, type StoredDraft } from './database.ts';
import type { DraftAnswers } from '../shared/report.ts';

const KEY_ID = 'drafts';
const keys = new WeakMap<ReportingDatabase, Promise<CryptoKey>>();

async function loadOrCreateKey(database: ReportingDatabase): Promise<CryptoKey> {
  const found = await database.keys.get(KEY_ID);
  if (found) return found.key;
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  // Another tab or the worker may have made one meanwhile: the first one written is the key.
  return database.transaction('rw', database.keys, async () => {
    const raced = await database.keys.get(KEY_ID);
    if (raced) return raced.key;
    await database.keys.add({ id: KEY_ID, key: fresh });
    return fresh;
  });
}

/** The device's drafts key (created on first use). */
export function draftKey(database: ReportingDatabase = defaultDb): Promise<CryptoKey> {
  let key = keys.get(database);
  if (!key) {
    key = loadOrCreateKey(database);
    keys.set(database, key);
    key.catch(() => keys.delete(database));
  }
  return key;
}

/**
 * Forgets the key held in memory: the next use reads the stored one again. After "Delete everything" the
 * stored key is gone, and a window that still held it would write drafts no other window could read.
 */
export function forgetDraftKey(database: ReportingDatabase = defaultDb): void {
  keys.delete(database);
}

/** Any JSON value encrypted with the drafts key (answers, a change to them, the team's questions). */
export async function encryptJson(value: unknown, database: ReportingDatabase = defaultDb): Promise<EncryptedAnswers> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await draftKey(database), new TextEncoder().encode(JSON.stringify(value)));
  return { iv, data };
}

export async function decryptJson<T>(sealed: EncryptedAnswers, database: ReportingDatabase = defaultDb): Promise<T> {
  const decrypt = async () => crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await draftKey(database), sealed.data);
  let plain: ArrayBuffer;
  try {
    plain = await decrypt();
  } catch {
    // Written under a key made after this window read its own (everything was deleted in another window): read the stored key again.
    forgetDraftKey(database);
    plain = await decrypt();
  }
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export function encryptAnswers(answers: DraftAnswers, database: ReportingDatabase = defaultDb): Promise<EncryptedAnswers> {
  return encryptJson(answers, database);
}

/** The row to store for `draft`: everything but the answers as it is, the answers encrypted. */
export async function encryptDraft(draft: Draft, database: ReportingDatabase = defaultDb): Promise<StoredDraft> {
  const { answers, ...rest } = draft;
  return { ...rest, sealedAnswers: await encryptAnswers(answers, database) };
}

/** The draft a stored row holds (a row written before encryption is read as it is). */
export async function decryptDraft(row: StoredDraft, database: ReportingDatabase = defaultDb): Promise<Draft> {
  const { sealedAnswers, answers, ...rest } = row;
  if (!sealedAnswers) return { ...rest, answers: answers! };
  return { ...rest, answers: await decryptJson<DraftAnswers>(sealedAnswers, database) };
}

/**
 * Encrypts drafts written in clear by an earlier build: each is encrypted outside any transaction, then
 * written in a short one only if it did not change meanwhile (a save in another tab wins, encrypted).
 */
export async function encryptClearDrafts(database: ReportingDatabase = defaultDb): Promise<number> {
  const clear = await database.drafts.filter((d) => d.answers !== undefined).toArray();
  let done = 0;
  for (const row of clear) {
    const sealed = await encryptDraft(row as Draft, database);
    const written = await database.transaction('rw', database.drafts, async () => {
      const current = await database.drafts.get(row.id);
      if (!current || current.answers === undefined || current.updatedAt !== row.updatedAt) return false;
      await database.drafts.put(sealed);
      return true;
    });
    if (written) done++;
  }
  return done;
}
