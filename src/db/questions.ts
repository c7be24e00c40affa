// The incident team's questions about the reporter's sent reports, as the device keeps them: their words
// encrypted at rest with the drafts' key (draft-crypto.ts), and in clear only what the start page needs
// (which report, when asked, whether answered). Written from the news the page fetches when online.
import { db as defaultDb, type OutboxRecord, type ReportingDatabase, type StoredQuestion } from './database.ts';
import { decryptJson, encryptJson } from './draft-crypto.ts';
import type { ReportNews } from '../shared/messages.ts';

export interface Question extends Omit<StoredQuestion, 'sealedText'> {
  text: string;
}

/** Whether the reporter still has to answer it (nobody has, from this device or another). */
export const awaitsAnswer = (q: Pick<StoredQuestion, 'answeredAt' | 'repliedAt'>) => !q.answeredAt && !q.repliedAt;

/**
 * Keeps what the endpoint said about one sent report: its status and since when, new questions (encrypted
 * first, outside the transaction), and which are answered. Resolves to whether anything changed.
 */
export async function saveNews(record: OutboxRecord, news: ReportNews, database: ReportingDatabase = defaultDb): Promise<boolean> {
  const known = new Set(await database.questions.where('reportId').equals(record.id).primaryKeys());
  const fresh = new Map<string, StoredQuestion>();
  for (const q of news.questions) {
    if (!known.has(q.id)) fresh.set(q.id, { id: q.id, reportId: record.id, askedAt: q.askedAt, answeredAt: q.answeredAt, sealedText: await encryptJson(q.text, database) });
  }
  return database.transaction('rw', database.outbox, database.questions, async () => {
    let changed = false;
    const current = await database.outbox.get(record.id);
    const since = news.statusSince ?? undefined;
    if (current && (current.caseStatus !== news.status || current.caseStatusSince !== since)) {
      await database.outbox.update(record.id, { caseStatus: news.status, caseStatusSince: since });
      changed = true;
    }
    for (const q of news.questions) {
      const stored = await database.questions.get(q.id);
      if (!stored) {
        const add = fresh.get(q.id);
        if (add) await database.questions.add(add);
        changed ||= !!add;
      } else if (stored.reportId === record.id && stored.answeredAt !== q.answeredAt) {
        await database.questions.update(q.id, { answeredAt: q.answeredAt });
        changed = true;
      }
    }
    return changed;
  });
}

async function decrypted(row: StoredQuestion, database: ReportingDatabase): Promise<Question> {
  const { sealedText, ...rest } = row;
  return { ...rest, text: await decryptJson<string>(sealedText, database) };
}

export async function getQuestion(id: string, database: ReportingDatabase = defaultDb): Promise<Question | undefined> {
  const row = await database.questions.get(id);
  return row && decrypted(row, database);
}

/** A report's questions, oldest first. */
export async function listQuestions(reportId: string, database: ReportingDatabase = defaultDb): Promise<Question[]> {
  const rows = await database.questions.where('reportId').equals(reportId).sortBy('askedAt');
  return Promise.all(rows.map((row) => decrypted(row, database)));
}

/** For each sent report with questions still to answer: how many, and the first (no decryption: the start page). */
export async function openQuestions(database: ReportingDatabase = defaultDb): Promise<Map<string, { count: number; first: string }>> {
  const open = new Map<string, { count: number; first: string }>();
  for (const q of (await database.questions.toArray()).filter(awaitsAnswer).sort((a, b) => a.askedAt.localeCompare(b.askedAt))) {
    const seen = open.get(q.reportId);
    open.set(q.reportId, seen ? { ...seen, count: seen.count + 1 } : { count: 1, first: q.id });
  }
  return open;
}
