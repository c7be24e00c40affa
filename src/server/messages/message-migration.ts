// Migration 0007_case_messages: the table of message-tables.ts. A case's messages are deleted with it at
// disposal (disposal/dispose.ts), answers first (they name their question).
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialectName } from '../storage/tables.ts';

export function messagesMigration(dialect: SqlDialectName): Migration {
  const uuid = dialect === 'postgres' ? 'uuid' : 'text';
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('case_messages')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('report_id', uuid, (c) => c.notNull().references('reports.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('question', 'answer', 'addition')`))
        .addColumn('question_id', uuid, (c) => c.references('case_messages.id'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('written_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_messages_report_idx').on('case_messages').columns(['report_id', 'created_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('case_messages').execute();
    },
  };
}
