// Migration 0005_regulator: the tables of regulator-tables.ts. Each row names its case by the report id; a
// case's rows are deleted with it at disposal (disposal/dispose.ts), so no cascade is relied on.
import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../storage/tables.ts';

export function regulatorMigration(dialect: SqlDialectName): Migration {
  const uuid = dialect === 'postgres' ? 'uuid' : 'text';
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      // The register and the quarterly return page through reports in discovery order.
      await db.schema.createIndex('reports_discovered_idx').on('reports').columns(['discovered_at', 'id']).execute();
      await db.schema
        .createTable('regulator_decisions')
        .addColumn('report_id', uuid, (c) => c.primaryKey().references('reports.id'))
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('meets-threshold', 'below-threshold-aware', 'unclear', 'not-reporting')`))
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('decided_at', timestamp, (c) => c.notNull())
        .addColumn('reasons', 'text')
        .addColumn('delay_reason', 'text')
        .addColumn('recorded_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('regulator_submissions')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('report_id', uuid, (c) => c.notNull().references('reports.id'))
        .addColumn('report_type', 'text', (c) => c.notNull().check(sql`report_type in ('initial', 'follow-up')`))
        .addColumn('initial_id', uuid, (c) => c.references('regulator_submissions.id'))
        .addColumn('sent_at', timestamp, (c) => c.notNull())
        .addColumn('sent_by', 'text', (c) => c.notNull())
        .addColumn('answers', 'text')
        .addColumn('recorded_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('regulator_submissions_report_idx').on('regulator_submissions').column('report_id').execute();
      await db.schema
        .createTable('regulator_responses')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('report_id', uuid, (c) => c.notNull().references('reports.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('acknowledgement', 'case-officer', 'decision')`))
        .addColumn('received_at', timestamp, (c) => c.notNull())
        .addColumn('ico_reference', 'text')
        .addColumn('case_officer', 'text')
        .addColumn('decision', 'text')
        .addColumn('recommendations', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('regulator_responses_report_idx').on('regulator_responses').column('report_id').execute();
      await db.schema
        .createTable('people_told')
        .addColumn('id', uuid, (c) => c.primaryKey())
        .addColumn('report_id', uuid, (c) => c.notNull().references('reports.id'))
        .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('data-subjects', 'organisation')`))
        .addColumn('organisation', 'text')
        .addColumn('told_at', timestamp, (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('told_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('people_told_report_idx').on('people_told').column('report_id').execute();
      await db.schema
        .createTable('case_retention')
        .addColumn('report_id', uuid, (c) => c.primaryKey().references('reports.id'))
        .addColumn('closed_at', timestamp)
        .addColumn('exempt', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('exempt_reason', 'text')
        .execute();
      await db.schema.createIndex('case_retention_closed_idx').on('case_retention').column('closed_at').execute();
      // No reference to reports: the report is gone, the tombstone stays.
      await db.schema
        .createTable('tombstones')
        .addColumn('report_id', uuid, (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('received_at', timestamp, (c) => c.notNull())
        .addColumn('discovered_at', timestamp)
        .addColumn('closed_at', timestamp, (c) => c.notNull())
        .addColumn('disposed_at', timestamp, (c) => c.notNull())
        .addColumn('disposed_by', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('reports_discovered_idx').execute();
      for (const table of ['tombstones', 'case_retention', 'people_told', 'regulator_responses', 'regulator_submissions', 'regulator_decisions']) await db.schema.dropTable(table).execute();
    },
  };
}
