// What the reporter is writing in reply to the incident team, kept on the device as it is typed (encrypted
// like drafts) so that a page closed before "Send" loses nothing; removed when the reply is queued.
import { db as defaultDb, type ReportingDatabase } from './database.ts';
import { decryptJson, encryptJson } from './draft-crypto.ts';

export const replyDraftKey = (reportId: string, questionId?: string) => `${reportId}/${questionId ?? 'add'}`;

export async function saveReplyDraft(key: string, text: string, database: ReportingDatabase = defaultDb, now = new Date()): Promise<void> {
  if (text === '') {
    await database.replyDrafts.delete(key);
    return;
  }
  const sealed = await encryptJson(text, database);
  await database.replyDrafts.put({ key, sealed, updatedAt: now.toISOString() });
}

export async function loadReplyDraft(key: string, database: ReportingDatabase = defaultDb): Promise<string> {
  const row = await database.replyDrafts.get(key);
  return row ? decryptJson<string>(row.sealed, database) : '';
}
