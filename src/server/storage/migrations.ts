// Numbered migrations, run in order at start by Kysely's Migrator (which records them in its own table and,
// on PostgreSQL, holds an advisory lock so that several endpoint processes starting together migrate once).
// Never edit a migration that has shipped: add the next number.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SqlDialectName } from './tables.ts';
import { triageColumns } from './triage-columns.ts';

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
        let after: string | undefined;
        for (;;) {
          let page = db.selectFrom('reports').select(['id', 'report']).orderBy('id').limit(500);
          if (after !== undefined) page = page.where('id', '>', after);
          const rows: { id: string; report: string }[] = await page.execute();
          if (rows.length === 0) break;
          for (const row of rows) {
            const columns = triageColumns(JSON.parse(row.report));
            await db.updateTable('reports').set({ occurrence: columns.occurrence, regulator_deadline: columns.regulator_deadline }).where('id', '=', row.id).execute();
          }
          after = rows.at(-1)!.id;
        }
        await db.schema.createIndex('reports_occurrence_idx').on('reports').column('occurrence').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('reports_occurrence_idx').execute();
        await db.schema.alterTable('reports').dropColumn('occurrence').execute();
      },
    },
  };
}

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
