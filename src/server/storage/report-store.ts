// All of the endpoint's SQL lives here (and in migrations.ts): one Kysely query layer over the embedded
// SQLite store (better-sqlite3) and PostgreSQL (pg, when DATABASE_URL is set).
//
// Correctness never depends on in-process state: idempotency is the primary key on the report's id, and the
// uniqueness of references is a unique constraint, so several endpoint processes may share one PostgreSQL.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { triageColumns } from './triage-columns.ts';
import { generateReference } from '../../shared/reference.ts';
import type { Report } from '../../shared/report.ts';
import type { CaseStatus, Receipt, StatusResponse } from '../../shared/wire.ts';
import { canonicalJson, sha256Hex } from './content-hash.ts';
import { migrationProvider } from './migrations.ts';
import { postgresConnection } from './postgres-tls.ts';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from './private-files.ts';
import { KyselySessionStore, type SessionStore } from './session-store.ts';
import { toIso, type Database, type SqlDialectName } from './tables.ts';

/** Where the reports live: PostgreSQL when `databaseUrl` is set, else the SQLite file in `dataDir`. */
export type StoreLocation = { databaseUrl: string } | { dataDir: string };

export const SQLITE_FILE_NAME = 'reports.sqlite';

export type SaveOutcome =
  /** Stored now. */
  | { outcome: 'created'; receipt: Receipt }
  /** Already stored with the same content: the original receipt. */
  | { outcome: 'replayed'; receipt: Receipt }
  /** Already stored with different content under the same id; nothing was written. */
  | { outcome: 'conflict'; receipt: Receipt };

/** A stored report as the triage console will read it. */
export interface StoredReport {
  id: string;
  reference: string;
  kind: string;
  schemaVersion: number;
  status: CaseStatus;
  receivedAt: string;
  contentHash: string;
  /** The report as validated (parsed from the stored JSON). */
  report: unknown;
  personalData: string;
  /** Incident or near-miss, as the reporter said (reports stored before this column: null). */
  occurrence: string | null;
  discoveredAt: string | null;
  regulatorDeadline: string | null;
  /** Who sent it (their id at the identity provider); null for reports received before sign-in existed. */
  submittedBy: string | null;
}

export interface ReportStore {
  readonly dialect: SqlDialectName;
  /** The connection, for the other stores over the same database (the console's case store). */
  readonly db: Kysely<Database>;
  /** Sessions and sign-ins under way, in the same database. */
  readonly sessions: SessionStore;
  /**
   * Stores a validated report once (keyed on its id); resolves only after the row is committed. The first
   * sender is its owner: a replay by anyone returns the original receipt and changes nothing.
   */
  saveReport(report: Report, submittedBy?: string | null): Promise<SaveOutcome>;
  /** The status of a report sent by `submittedBy`; undefined for another person's report, as for no report. */
  findStatus(id: string, submittedBy: string): Promise<StatusResponse | undefined>;
  findReport(id: string): Promise<StoredReport | undefined>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  countReports(): Promise<number>;
  /** Every stored report's id and reference, oldest first: for fault tests and tools, not for requests. */
  listReports(): Promise<{ id: string; reference: string; receivedAt: string }[]>;
  /** The migrations applied so far, in order. */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Where pool errors (a dropped idle connection) are reported; they must not crash the process. */
  onBackgroundError?: (error: Error) => void;
  /** Connections per process to PostgreSQL. */
  poolSize?: number;
}

// A device reference clashes with another report's about once in 8e14 pairs; ten fresh ones never all clash.
const MAX_REFERENCE_ATTEMPTS = 10;

export async function openReportStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<ReportStore> {
  const { db, dialect } = connect(location, options);
  try {
    const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error) throw new Error('Database migration failed', { cause: error });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyReportStore(db, dialect);
}

function connect(location: StoreLocation, options: OpenStoreOptions): { db: Kysely<Database>; dialect: SqlDialectName } {
  if ('databaseUrl' in location) {
    const pool = new pg.Pool({ ...postgresConnection(location.databaseUrl), max: options.poolSize ?? 10 });
    pool.on('error', (error) => options.onBackgroundError?.(error));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  ensurePrivateFolder(location.dataDir);
  const file = path.join(location.dataDir, SQLITE_FILE_NAME);
  ensurePrivateDatabaseFile(file);
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every commit, so a receipt is
  // only sent for a row that survives a power cut (measured here: every acknowledged row kept through kill -9).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  // Kysely's SQLite driver runs statements that return rows (INSERT ... RETURNING included) with `.all()`,
  // never `.get()`, which would leave the statement open and stop the WAL from checkpointing.
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite' };
}

class KyselyReportStore implements ReportStore {
  readonly sessions: SessionStore;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: SqlDialectName,
  ) {
    this.sessions = new KyselySessionStore(db);
  }

  async saveReport(submitted: Report, submittedBy: string | null = null): Promise<SaveOutcome> {
    // Ids are compared as text in SQLite: one spelling per id, whatever case the device used.
    const report = { ...submitted, id: submitted.id.toLowerCase() };
    const json = canonicalJson(report);
    const contentHash = sha256Hex(json);
    const receivedAt = new Date().toISOString();
    const triage = triageColumns(report);
    let reference = report.reference;

    for (let attempt = 1; attempt <= MAX_REFERENCE_ATTEMPTS; attempt++) {
      try {
        // One statement, one (auto-committed) transaction. ON CONFLICT (id) DO NOTHING makes two requests
        // with the same id, in one process or two, end with one row: the loser inserts nothing and reads the
        // winner's row below (PostgreSQL waits for the winner to commit before deciding).
        const inserted = await this.db
          .insertInto('reports')
          .values({
            id: report.id,
            reference,
            kind: report.kind,
            schema_version: report.schemaVersion,
            received_at: receivedAt,
            content_hash: contentHash,
            report: json,
            submitted_by: submittedBy,
            ...triage,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning(['id', 'reference', 'received_at'])
          .executeTakeFirst();
        if (inserted) return { outcome: 'created', receipt: toReceipt(inserted) };
      } catch (error) {
        if (!isReferenceClash(error)) throw error;
        // The reference belongs to another report, unless this id is already stored (a replay of a report
        // whose reference was replaced the first time): look the id up before choosing a new reference.
      }
      const existing = await this.db
        .selectFrom('reports')
        .select(['id', 'reference', 'received_at', 'content_hash'])
        .where('id', '=', report.id)
        .executeTakeFirst();
      if (existing) {
        return { outcome: existing.content_hash === contentHash ? 'replayed' : 'conflict', receipt: toReceipt(existing) };
      }
      reference = generateReference();
    }
    throw new Error(`No free reference after ${MAX_REFERENCE_ATTEMPTS} attempts`);
  }

  async findStatus(id: string, submittedBy: string): Promise<StatusResponse | undefined> {
    const row = await this.db
      .selectFrom('reports')
      .select(['id', 'reference', 'status'])
      .where('id', '=', id.toLowerCase())
      .where('submitted_by', '=', submittedBy)
      .executeTakeFirst();
    return row && { id: row.id, reference: row.reference, status: row.status };
  }

  async findReport(id: string): Promise<StoredReport | undefined> {
    const row = await this.db.selectFrom('reports').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      reference: row.reference,
      kind: row.kind,
      schemaVersion: Number(row.schema_version),
      status: row.status,
      receivedAt: toIso(row.received_at),
      contentHash: row.content_hash,
      report: JSON.parse(row.report),
      personalData: row.personal_data,
      occurrence: row.occurrence,
      discoveredAt: row.discovered_at === null ? null : toIso(row.discovered_at),
      regulatorDeadline: row.regulator_deadline === null ? null : toIso(row.regulator_deadline),
      submittedBy: row.submitted_by,
    };
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async countReports(): Promise<number> {
    const row = await this.db.selectFrom('reports').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listReports(): Promise<{ id: string; reference: string; receivedAt: string }[]> {
    const rows = await this.db.selectFrom('reports').select(['id', 'reference', 'received_at']).orderBy('received_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, reference: r.reference, receivedAt: toIso(r.received_at) }));
  }

  async appliedMigrations(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    return (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toReceipt(row: { id: string; reference: string; received_at: Date | string }): Receipt {
  return { id: row.id, reference: row.reference, receivedAt: toIso(row.received_at) };
}

function isReferenceClash(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  // PostgreSQL: unique_violation on the named constraint.
  if (e.code === '23505') return e.constraint === 'reports_reference_unique';
  // SQLite (better-sqlite3): "UNIQUE constraint failed: reports.reference".
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes('reports.reference');
}
