// Queueing a reporter's answer to a question, or information added to a sent report: checked by the text
// rules the endpoint applies, sealed to the endpoint (JWE, as reports are: the device cannot read it back) and
// put in the replies outbox with an id made here, which makes every resend the same reply. An answer marks
// its question answered on this device in the same transaction. Only the page loads this module (jose).
import { db as defaultDb, type ReplyRecord, type ReportingDatabase } from './database.ts';
import { MAX_REPLY_BYTES, messageText, type Reply, type ReplyKind } from '../shared/messages.ts';
import { loadJwks, sealJson, type SealOptions } from '../sync/seal.ts';
import { replyDraftKey } from './reply-drafts.ts';

/** The text breaks a rule (empty, too long, hidden characters): `message` says which, for the error summary. */
export class ReplyInvalidError extends Error {
  override readonly name = 'ReplyInvalidError';
}

export class ReplyNotPossibleError extends Error {
  override readonly name = 'ReplyNotPossibleError';
}

export interface ReplyInput {
  reportId: string;
  kind: ReplyKind;
  questionId?: string;
  text: string;
}

export async function queueReply(input: ReplyInput, options: SealOptions & { database?: ReportingDatabase; now?: Date } = {}): Promise<ReplyRecord> {
  const database = options.database ?? defaultDb;
  const checked = messageText(input.kind === 'answer' ? 'your answer' : 'the information you want to add').safeParse(input.text);
  if (!checked.success) throw new ReplyInvalidError(checked.error.issues[0]!.message);
  const report = await database.outbox.get(input.reportId);
  if (report?.status !== 'sent') throw new ReplyNotPossibleError('This report has not reached the incident team yet: add to it once it has been sent');
  if (input.kind === 'answer') {
    const question = input.questionId ? await database.questions.get(input.questionId) : undefined;
    if (question?.reportId !== input.reportId) throw new ReplyNotPossibleError('This question is no longer on this device');
  }
  const now = options.now ?? new Date();
  const reply: Reply = {
    id: crypto.randomUUID(),
    reportId: input.reportId,
    kind: input.kind,
    ...(input.kind === 'answer' ? { questionId: input.questionId! } : {}),
    text: checked.data,
    writtenAt: now.toISOString(),
  };
  if (new TextEncoder().encode(JSON.stringify(reply)).byteLength > MAX_REPLY_BYTES) throw new ReplyInvalidError('Shorten your text');
  const body = await sealJson(reply, await loadJwks(options));
  const record: ReplyRecord = {
    id: reply.id,
    reportId: reply.reportId,
    kind: reply.kind,
    ...(reply.questionId ? { questionId: reply.questionId } : {}),
    submittedAt: reply.writtenAt,
    status: 'waiting',
    body,
    attempts: 0,
  };
  await database.transaction('rw', database.replies, database.questions, database.replyDrafts, async () => {
    await database.replies.add(record);
    await database.replyDrafts.delete(replyDraftKey(input.reportId, input.questionId));
    if (reply.questionId) await database.questions.update(reply.questionId, { repliedAt: reply.writtenAt });
  });
  return record;
}
