// Questions to the reporter and the reporter's replies, on the report store's connection. Every write is one
// transaction with its audit row, so a message is on the case's timeline and in the verifiable chain, or
// nowhere. A reply is stored once by its id (made on the device): a resend gets the first receipt.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { reporterStatus, type CaseState } from '../../shared/case-model.ts';
import { MAX_QUESTIONS_PER_CASE, type CaseMessage, type CaseMessages, type Reply, type ReplyReceipt, type ReportNews } from '../../shared/messages.ts';
import type { CaseStatus } from '../../shared/wire.ts';
import { appendAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts';
import { ApiError } from '../errors.ts';
import type { ConsoleDatabase } from '../storage/case-tables.ts';
import { canonicalJson, sha256Hex } from '../storage/content-hash.ts';
import { toIso, type Database, type SqlDialectName } from '../storage/tables.ts';
import { writeTransaction } from '../storage/write-transaction.ts';
import type { MessageTables } from './message-tables.ts';

type MessagesDb = Kysely<ConsoleDatabase & MessageTables>;

/** The audit trail's name for each kind of message (the console's timeline reads these). */
export const MESSAGE_ACTIONS = { question: 'question-asked', answer: 'reporter-answered', addition: 'reporter-added' } as const;

export type ReplyOutcome = { outcome: 'created' | 'replayed'; receipt: ReplyReceipt };

export class MessageStore {
  constructor(
    readonly db: MessagesDb,
    readonly dialect: SqlDialectName,
  ) {}

  /** Why the team cannot ask this case's reporter a question now, or null when it can. */
  private async cannotAsk(db: MessagesDb, reportId: string): Promise<string | null> {
    const row = await db
      .selectFrom('reports')
      .leftJoin('cases', 'cases.report_id', 'reports.id')
      .select(['reports.submitted_by', 'cases.status'])
      .where('reports.id', '=', reportId)
      .executeTakeFirst();
    if (!row) return 'There is no case for this report';
    if (!row.submitted_by) return 'This report was sent before signing in existed: its reporter cannot see questions in the app. Contact them by email or phone';
    if (row.status === 'closed') return 'The case is closed: reopen it to ask the reporter a question';
    const asked = await db.selectFrom('case_messages').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).where('report_id', '=', reportId).where('kind', '=', 'question').executeTakeFirstOrThrow();
    if (Number(asked.n) >= MAX_QUESTIONS_PER_CASE) return `This case already has ${MAX_QUESTIONS_PER_CASE} questions, the most one case may hold`;
    return null;
  }

  /** A question from the team, for the reporter's device to fetch on its next sync. */
  async ask(reportId: string, actor: Actor, text: string): Promise<{ id: string; askedAt: string }> {
    return writeTransaction(this.db, this.dialect, async (trx) => {
      const refusal = await this.cannotAsk(trx, reportId);
      if (refusal) throw new ApiError(409, 'cannot_ask', refusal);
      const id = randomUUID();
      const askedAt = new Date().toISOString();
      await trx
        .insertInto('case_messages')
        .values({ id, report_id: reportId, kind: 'question', question_id: null, text, author_id: actor.id, author_name: actor.name, written_at: null, created_at: askedAt, content_hash: sha256Hex(canonicalJson({ text })) })
        .execute();
      await audit(trx, this.dialect, actor, [{ caseId: reportId, action: MESSAGE_ACTIONS.question, field: id, newValue: { text } }]);
      return { id, askedAt };
    });
  }

  /**
   * A reporter's answer or added information, about a report they sent (anyone else's, or none: 404). Stored
   * once by its id: the same reply again gets the first receipt; a different one under that id, 409.
   */
  async receiveReply(reply: Reply, reporter: Actor): Promise<ReplyOutcome> {
    const id = reply.id.toLowerCase();
    const reportId = reply.reportId.toLowerCase();
    const questionId = reply.questionId?.toLowerCase() ?? null;
    const contentHash = sha256Hex(canonicalJson({ reportId, kind: reply.kind, questionId, text: reply.text, writtenAt: reply.writtenAt }));
    const attempt = () =>
      writeTransaction(this.db, this.dialect, async (trx): Promise<ReplyOutcome> => {
        const report = await trx.selectFrom('reports').select('id').where('id', '=', reportId).where('submitted_by', '=', reporter.id).executeTakeFirst();
        if (!report) throw new ApiError(404, 'not_found', 'You have sent no report with this id');
        const existing = await trx.selectFrom('case_messages').select(['report_id', 'content_hash', 'created_at']).where('id', '=', id).executeTakeFirst();
        if (existing) {
          if (existing.report_id !== reportId || existing.content_hash !== contentHash) {
            throw new ApiError(409, 'conflict', 'A different message was already received with this id; write it again to send it with a new id');
          }
          return { outcome: 'replayed', receipt: { id, receivedAt: toIso(existing.created_at) } };
        }
        if (questionId !== null) {
          const question = await trx.selectFrom('case_messages').select('id').where('id', '=', questionId).where('report_id', '=', reportId).where('kind', '=', 'question').executeTakeFirst();
          if (!question) throw new ApiError(400, 'unknown_question', 'The incident team asked no such question about this report');
        }
        const receivedAt = new Date().toISOString();
        await trx
          .insertInto('case_messages')
          .values({ id, report_id: reportId, kind: reply.kind, question_id: questionId, text: reply.text, author_id: reporter.id, author_name: reporter.name, written_at: new Date(reply.writtenAt).toISOString(), created_at: receivedAt, content_hash: contentHash })
          .execute();
        await audit(trx, this.dialect, reporter, [
          { caseId: reportId, action: MESSAGE_ACTIONS[reply.kind], field: questionId ?? id, newValue: { id, text: reply.text } },
        ]);
        return { outcome: 'created', receipt: { id, receivedAt } };
      });
    try {
      return await attempt();
    } catch (error) {
      // Two sends of one reply at once (PostgreSQL): the loser's insert clashes; answered like any resend.
      if (!isDuplicateKey(error)) throw error;
      return attempt();
    }
  }

  /** Whether `reporterId` sent this report (checked before a reply is opened, so that nobody else costs a decryption). */
  async sentBy(reportId: string, reporterId: string): Promise<boolean> {
    return !!(await this.db.selectFrom('reports').select('id').where('id', '=', reportId.toLowerCase()).where('submitted_by', '=', reporterId).executeTakeFirst());
  }

  /** What the reporter who sent a report may read about it; undefined for anyone else's, as for none. */
  async news(reportId: string, reporterId: string): Promise<ReportNews | undefined> {
    const report = await this.db
      .selectFrom('reports')
      .select(['id', 'reference', 'status', 'received_at'])
      .where('id', '=', reportId.toLowerCase())
      .where('submitted_by', '=', reporterId)
      .executeTakeFirst();
    if (!report) return undefined;
    const messages = await this.messagesOf(report.id);
    return {
      id: report.id,
      reference: report.reference,
      status: report.status,
      statusSince: report.status === 'received' ? toIso(report.received_at) : await this.statusSince(report.id, report.status),
      questions: messages.filter((m) => m.kind === 'question').map((q) => ({ id: q.id, text: q.text, askedAt: q.at, answeredAt: q.answeredAt })),
    };
  }

  /** Every message of a case, oldest first, and whether the team may ask another question. */
  async forCase(reportId: string): Promise<CaseMessages> {
    return { messages: await this.messagesOf(reportId), cannotAsk: await this.cannotAsk(this.db, reportId) };
  }

  private async messagesOf(reportId: string): Promise<CaseMessage[]> {
    const rows = await this.db.selectFrom('case_messages').selectAll().where('report_id', '=', reportId).orderBy('created_at').orderBy('id').execute();
    const firstAnswer = new Map<string, string>();
    for (const r of rows) if (r.question_id && !firstAnswer.has(r.question_id)) firstAnswer.set(r.question_id, toIso(r.created_at));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      text: r.text,
      authorName: r.author_name,
      at: toIso(r.created_at),
      writtenAt: r.written_at === null ? null : toIso(r.written_at),
      questionId: r.question_id,
      answeredAt: r.kind === 'question' ? (firstAnswer.get(r.id) ?? null) : null,
    }));
  }

  /** When the case last moved into the reporter's status: its closure date, or when the team took it up (audit trail). */
  private async statusSince(reportId: string, status: CaseStatus): Promise<string | null> {
    if (status === 'closed') {
      const closed = await this.db.selectFrom('cases').select('closed_at').where('report_id', '=', reportId).executeTakeFirst();
      return closed?.closed_at ? toIso(closed.closed_at) : null;
    }
    const changes = await this.db
      .selectFrom('audit_log')
      .leftJoin('audit_values', 'audit_values.seq', 'audit_log.seq')
      .select(['audit_log.at', 'audit_values.old_value', 'audit_values.new_value'])
      .where('audit_log.case_id', '=', reportId)
      .where('audit_log.field', '=', 'status')
      .orderBy('audit_log.seq')
      .execute();
    const asReporterSees = (value: string | null) => (value === null ? null : reporterStatus(JSON.parse(value) as CaseState));
    let since: string | null = null;
    for (const c of changes) {
      const to = asReporterSees(c.new_value);
      if (to === status && asReporterSees(c.old_value) !== to) since = toIso(c.at);
    }
    return since;
  }
}

/** The audit trail's append, in a transaction that also knows the messages table. */
const audit = (trx: MessagesDb, dialect: SqlDialectName, actor: Actor, entries: AuditEntry[]) => appendAudit(trx as unknown as Kysely<ConsoleDatabase>, dialect, actor, entries);

function isDuplicateKey(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The message store over the connection of the report store or the case store (any view of the same database). */
export function messageStoreOf(store: { db: Kysely<Database> | Kysely<ConsoleDatabase>; dialect: SqlDialectName }): MessageStore {
  return new MessageStore((store.db as Kysely<Database>).withTables<import('../storage/case-tables.ts').CaseTables & MessageTables>(), store.dialect);
}
