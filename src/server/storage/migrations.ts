// Numbered migrations, run in order at start by Kysely's Migrator (which records them in its own table and,
// on PostgreSQL, holds an advisory lock so that several endpoint processes starting together migrate once).
// Never edit a migration that has shipped: add the next number.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SqlDialectName } from './tables.ts';
import { triageColumns, type TriageColumns } from './triage-columns.ts';
import { casesMigration } from './case-migration.ts';
import { regulatorMigration } from '../regulator/regulator-migration.ts';
import { followUpMigration } from '../follow-ups/follow-up-migration.ts';
import { messagesMigration } from '../messages/message-migration.ts';

/** Each stored report's id and triage columns, recomputed from its JSON, 500 rows read at a time. */
async function forEachStoredReport(db: Kysely<any>, each: (id: string, columns: TriageColumns) => Promise<void>): Promise<void> {
  let after: string | undefined;
  for (;;) {
    let page = db.selectFrom('reports').select(['id', 'report']).orderBy('id').limit(500);
    if (after !== undefined) page = page.where('id', '>', after);
    const rows: { id: string; report: string }[] = await page.execute();
    if (rows.length === 0) break;
    for (const row of rows) await each(row.id, triageColumns(JSON.parse(row.report)));
    after = rows.at(-1)!.id;
  }
}

function migrations(dialect: SqlDialectName): Record<string, Migration> {
  const uuid = dialect === 'postgres' ? 'uuid' : 'text';
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    '0001_create_reports': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('reports')
          .addColumn('id', uuid, (c) => c.primaryKey())
          .addColumn('reference', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('schema_version', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('received').check(sql`status in ('received', 'being-handled', 'closed')`))
          .addColumn('received_at', timestamp, (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('report', 'text', (c) => c.notNull())
          .addColumn('personal_data', 'text', (c) => c.notNull())
          .addColumn('discovered_at', timestamp)
          .addColumn('regulator_deadline', timestamp)
          // Named, so that a clash on the reference is told apart from a clash on the id.
          .addUniqueConstraint('reports_reference_unique', ['reference'])
          .execute();
        await db.schema.createIndex('reports_received_at_idx').on('reports').column('received_at').execute();
        // The triage console lists open cases by how close they are to the regulator's deadline.
        await db.schema.createIndex('reports_status_deadline_idx').on('reports').columns(['status', 'regulator_deadline']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('reports').execute();
      },
    },
    // One rule for the regulator's clock (a near-miss has none; "not known" personal data starts it), and
    // incident / near-miss as a column the incident team filters on: both recomputed for stored reports.
    '0002_occurrence_and_one_deadline_rule': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('reports').addColumn('occurrence', 'text').execute();
        await forEachStoredReport(db, async (id, columns) => {
          await db.updateTable('reports').set({ occurrence: columns.occurrence, regulator_deadline: columns.regulator_deadline }).where('id', '=', id).execute();
        });
        await db.schema.createIndex('reports_occurrence_idx').on('reports').column('occurrence').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('reports_occurrence_idx').execute();
        await db.schema.alterTable('reports').dropColumn('occurrence').execute();
      },
    },
    // Sign-in: server-side sessions (any endpoint process sharing the database can check them), sign-ins
    // under way, and who sent each report (reports received before this have none: nobody reads their status).
    '0003_sessions': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('reports').addColumn('submitted_by', 'text').execute();
        await db.schema.createIndex('reports_submitted_by_idx').on('reports').column('submitted_by').execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('created_at', timestamp, (c) => c.notNull())
          .addColumn('last_seen_at', timestamp, (c) => c.notNull())
          .addColumn('expires_at', timestamp, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();
        await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();
        await db.schema
          .createTable('sign_in_requests')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('code_verifier', 'text', (c) => c.notNull())
          .addColumn('return_to', 'text', (c) => c.notNull())
          .addColumn('expires_at', timestamp, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sign_in_requests_expires_at_idx').on('sign_in_requests').column('expires_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('sign_in_requests').execute();
        await db.schema.dropTable('sessions').execute();
        await db.schema.dropIndex('reports_submitted_by_idx').execute();
        await db.schema.alterTable('reports').dropColumn('submitted_by').execute();
      },
    },
    '0004_cases': casesMigration(dialect),
    '0005_regulator': regulatorMigration(dialect),
    '0006_follow_ups': followUpMigration(dialect),
    '0007_case_messages': messagesMigration(dialect),
    // What the console's loop selects on, as columns filled in at intake (triage-columns.ts), so that opening
    // cases reads no report's JSON: the business area, and whether a breach report is a follow-up.
    '0008_intake_facts': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('reports').addColumn('business_area', 'text').execute();
        await db.schema.alterTable('reports').addColumn('report_type', 'text').execute();
        await forEachStoredReport(db, async (id, columns) => {
          if (columns.business_area === null && columns.report_type === null) return;
          await db.updateTable('reports').set({ business_area: columns.business_area, report_type: columns.report_type }).where('id', '=', id).execute();
        });
        // Follow-ups are few: the loop finds those without a case through this small index, not the whole table.
        await db.schema.createIndex('reports_follow_up_idx').on('reports').column('received_at').where(sql.ref('report_type'), '=', 'follow-up').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('reports_follow_up_idx').execute();
        await db.schema.alterTable('reports').dropColumn('report_type').execute();
        await db.schema.alterTable('reports').dropColumn('business_area').execute();
      },
    },
  };
}

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
