// Migration 0006_follow_ups: which case each follow-up report joined. A follow-up stays a report of its own
// (stored once, as every report); this table attaches it to the case of the report it follows up, so the
// queue shows one case. Both columns name reports (a case's id is its first report's id), so a follow-up and
// its original arriving together can be linked before the original's case is opened.
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../storage/tables.ts';

export function followUpMigration(dialect: SqlDialectName): Migration {
  const uuid = dialect === 'postgres' ? 'uuid' : 'text';
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('case_follow_ups')
        .addColumn('report_id', uuid, (c) => c.primaryKey().references('reports.id'))
        .addColumn('case_id', uuid, (c) => c.notNull().references('reports.id'))
        .addColumn('matched_by', 'text', (c) => c.notNull())
        .addColumn('matched_on', 'text', (c) => c.notNull())
        .addColumn('linked_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_follow_ups_case_idx').on('case_follow_ups').column('case_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('case_follow_ups').execute();
    },
  };
}
