// The device's storage: one Dexie class with every table and every schema version, and one instance.
// Runs in the page, in the service worker and (over fake-indexeddb) in Node tests and the fault harness.
import { Dexie, type Table } from 'dexie';
import type { DraftAnswers, Report, ReportKind } from '../shared/report.ts';
import type { CaseStatus, Receipt } from '../shared/wire.ts';
import type { ReplyKind, ReplyReceipt } from '../shared/messages.ts';
import { DATABASE_NAME } from './store-exists.ts';

export interface Draft {
  id: string;
  reference: string;
  kind: ReportKind;
  createdAt: string;
  updatedAt: string;
  /** The reporter's time zone when they started: dates are answered in it. */
  timeZone: string;
  answers: DraftAnswers;
  /**
   * Set when the report was sealed into the outbox: the draft is kept (hidden from the drafts list) until the
   * endpoint's receipt, so that a refused report can be corrected and sent again, then deleted with it.
   */
  submittedAt?: string;
  /** When the reporter last opened it; with `updatedAt` (their last change), what a stale draft is measured from. */
  openedAt?: string;
  /**
   * When the start page first showed the reporter that this draft, untouched for long, will be deleted (src/db/
   * stale-drafts.ts). Only a warning shown starts the last wait; opening or changing the draft clears it.
   */
  staleNoticeShownAt?: string;
}

/** Draft answers encrypted at rest (AES-GCM, src/db/draft-crypto.ts). */
export interface EncryptedAnswers {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

/**
 * A draft as stored: its answers only as ciphertext. Rows written before encryption still hold `answers` in
 * clear; they are read as they are and encrypted on open (encryptClearDrafts) or at their next save.
 */
export type StoredDraft = Omit<Draft, 'answers'> & ({ sealedAnswers: EncryptedAnswers; answers?: undefined } | { answers: DraftAnswers; sealedAnswers?: undefined });

/**
 * One change to a draft's answers, as typed: appended on each change (a single IndexedDB request, no read
 * first), so that a window closed right after typing keeps it. Read on top of the draft's row in `seq` order
 * (the last change of each answer wins, across windows) and folded into the row when the reporter pauses.
 */
export interface DraftEdit {
  seq?: number;
  draftId: string;
  at: string;
  /** The changes (answer path and value, in order), encrypted like the draft's answers. */
  sealed: EncryptedAnswers;
}

/** The device's own keys: non-extractable WebCrypto keys, which IndexedDB stores as they are. */
export interface DeviceKey {
  id: string;
  key: CryptoKey;
}

/** A report sealed to the endpoint (compact JWE, src/sync/seal.ts): the device cannot read it any more. */
export type SealedBody = { format: 'jwe'; jwe: string };
/** Written only by builds before sealing; sealed on the first open of this version (src/db/seal-outbox.ts). */
export type PlainBody = { format: 'plain'; report: Report };

/** What waits to be sent; everything else in the record is what the "your reports" list needs in clear. */
export type OutboxBody = SealedBody | PlainBody;

export type OutboxStatus = 'waiting' | 'sending' | 'sent' | 'needs-attention' | 'needs-sign-in';

/**
 * Why a waiting report waits. 'offline': the device's own network failed (no connection, a timeout, a
 * captive portal), so the wait ends when the network returns. 'retry-after': the endpoint said how long to
 * wait, and that stands whatever the network does. 'backoff': the endpoint failed without saying.
 */
export type WaitReason = 'offline' | 'retry-after' | 'backoff';

export interface OutboxRecord {
  id: string;
  reference: string;
  kind: ReportKind;
  createdAt: string;
  submittedAt: string;
  status: OutboxStatus;
  /** Deleted once the endpoint has acknowledged the report: a lost device must not become a second breach. */
  body?: OutboxBody;
  /** For personal-data breaches: the regulator's 72-hour deadline (ISO instant). */
  regulatorDeadline?: string;
  timeZone: string;
  attempts: number;
  /** Epoch ms before which the sender leaves this record alone (backoff, Retry-After). */
  notBefore?: number;
  /** Why it waits until `notBefore` (absent on records written before it was kept: treated as 'offline'). */
  waitReason?: WaitReason;
  /** The endpoint's message when the report needs attention, or the last failure. */
  problem?: string;
  /** The HTTP status of a refusal (a 409 means the id is taken and a corrected report needs a new one). */
  problemStatus?: number;
  receipt?: Receipt;
  /** What the incident team has done with it, as last read from the endpoint. */
  caseStatus?: CaseStatus;
  /** Since when it has that status (ISO instant): when the team took it up, or closed it. */
  caseStatusSince?: string;
}

/** A question from the incident team about a sent report, as fetched on a sync. Its words are encrypted at rest. */
export interface StoredQuestion {
  id: string;
  /** The report it is about (an outbox record's id). */
  reportId: string;
  askedAt: string;
  /** When the endpoint had an answer to it (from this device or another), as last read; null while none. */
  answeredAt: string | null;
  /** When the reporter answered it on this device (the answer may still wait in the replies outbox). */
  repliedAt?: string;
  /** The question's text (AES-GCM with the drafts' key, src/db/draft-crypto.ts). */
  sealedText: EncryptedAnswers;
}

/**
 * An answer to a question, or information added to a sent report, waiting to be sent or sent: it travels as a
 * report does (sealed, sent once by its id, retried with the same backoff). `status` and the fields after it
 * mean what they mean on an outbox record; the body goes with the receipt.
 */
export interface ReplyRecord {
  id: string;
  reportId: string;
  kind: ReplyKind;
  questionId?: string;
  submittedAt: string;
  status: OutboxStatus;
  body?: SealedBody;
  attempts: number;
  notBefore?: number;
  waitReason?: WaitReason;
  problem?: string;
  problemStatus?: number;
  receipt?: ReplyReceipt;
}

/** A reply being written (an answer or added information), encrypted, kept until it is queued. */
export interface ReplyDraft {
  /** `<report id>/<question id>` for an answer, `<report id>/add` for added information. */
  key: string;
  sealed: EncryptedAnswers;
  updatedAt: string;
}

export class ReportingDatabase extends Dexie {
  drafts!: Table<StoredDraft, string>;
  outbox!: Table<OutboxRecord, string>;
  keys!: Table<DeviceKey, string>;
  edits!: Table<DraftEdit, number>;
  questions!: Table<StoredQuestion, string>;
  replies!: Table<ReplyRecord, string>;
  replyDrafts!: Table<ReplyDraft, string>;

  constructor(name = DATABASE_NAME) {
    // 'strict' durability: IndexedDB flushes to disk before a write resolves (Chromium otherwise relaxes
    // it), so what the reporter typed survives a power cut, not only a crashed tab.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      drafts: 'id, updatedAt',
      outbox: 'id, status, submittedAt',
    });
    // Version 2: the drafts' key. Existing drafts are encrypted on open, outside this upgrade (WebCrypto cannot
    // be awaited inside an upgrade transaction).
    this.version(2).stores({ keys: 'id' });
    // Version 3: changes appended as they are typed (DraftEdit).
    this.version(3).stores({ edits: '++seq, draftId' });
    // Version 4: the incident team's questions about sent reports, and the reporter's replies waiting to be sent.
    this.version(4).stores({ questions: 'id, reportId', replies: 'id, status, reportId' });
    // Version 5: replies kept as they are typed, before they are sent.
    this.version(5).stores({ replyDrafts: 'key' });
  }
}

export const db = new ReportingDatabase();
