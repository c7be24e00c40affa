// Migration 0004_cases: the incident team's tables (see case-tables.ts). A case row is opened for every
// report, those already stored included (CaseStore.openNewCases, run here and by the console's loop).
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from './tables.ts';

export function casesMigration(dialect: SqlDialectName): Migration {
  const uuid = dialect === 'postgres' ? 'uuid' : 'text';
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('cases')
        .addColumn('report_id', uuid, (c) => c.primaryKey().references('reports.id'))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('occurrence', 'text')
        .addColumn('personal_data', 'text', (c) => c.notNull())
        .addColumn('personal_data_confirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('business_area', 'text')
        .addColumn('received_at', timestamp, (c) => c.notNull())
        .addColumn('regulator_deadline', timestamp)
        .addColumn('sort_deadline', timestamp, (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.check(sql`severity in ('low', 'medium', 'high')`))
        .addColumn('severity_order', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'triaged', 'investigating', 'escalated', 'resolved', 'closed')`))
        .addColumn('owner_id', 'text')
        .addColumn('owner_name', 'text')
        .addColumn('escalated_to', 'text')
        .addColumn('closure_summary', 'text')
        .addColumn('lessons_learnt', 'text')
        .addColumn('closed_at', timestamp)
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // The queue: open cases in urgency order, read a page at a time from this index (keyset paging).
      await db.schema
        .createIndex('cases_queue_idx')
        .on('cases')
        .columns(['sort_deadline', 'severity_order', 'received_at', 'report_id'])
        .where(sql.ref('status'), '<>', 'closed')
        .execute();
      await db.schema.createIndex('cases_reference_idx').on('cases').column('reference').execute();
      await db.schema.createIndex('cases_owner_idx').on('cases').column('owner_id').execute();
      await db.schema
        .createTable('case_actions')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('report_id', uuid, (c) => c.notNull().references('cases.report_id'))
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('owner_name', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('done_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_actions_report_idx').on('case_actions').column('report_id').execute();
      await db.schema
        .createTable('console_staff')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('field', 'text')
        .addColumn('old_hash', 'text')
        .addColumn('new_hash', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('row_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_case_idx').on('audit_log').columns(['case_id', 'seq']).execute();
      await db.schema
        .createTable('audit_values')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .execute();
      await db.schema
        .createTable('notifications')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
        .addColumn('sent_at', timestamp)
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('notifications_due_idx').on('notifications').columns(['sent_at', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['notifications', 'audit_values', 'audit_log', 'console_staff', 'case_actions', 'cases']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
