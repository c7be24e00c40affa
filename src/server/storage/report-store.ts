// All of the endpoint's SQL lives here (and in migrations.ts): one Kysely query layer over the embedded
// SQLite store (better-sqlite3) and PostgreSQL (pg, when DATABASE_URL is set).
//
// Correctness never depends on in-process state: idempotency is the primary key on the report's id, and the
// uniqueness of references is a unique constraint, so several endpoint processes may share one PostgreSQL.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Insertable } from 'kysely';
import pg from 'pg';
import { triageColumns } from './triage-columns.ts';
import { generateReference } from '../../shared/reference.ts';
import type { Report } from '../../shared/report.ts';
import type { CaseStatus, Receipt, StatusResponse } from '../../shared/wire.ts';
import { canonicalJson, sha256Hex } from './content-hash.ts';
import { GroupCommit } from './group-commit.ts';
import { migrationProvider } from './migrations.ts';
import { postgresConnection } from './postgres-tls.ts';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from './private-files.ts';
import { KyselySessionStore, type SessionStore } from './session-store.ts';
import { toIso, type Database, type ReportsTable, type SqlDialectName } from './tables.ts';

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

// Reports committed together: at a dozen parameters a row, far below both stores' limit on one statement.
const MAX_BATCH = 200;
const POOL_SIZE = 10;
// Batches committing at once on PostgreSQL: two, so that the next batch is sent while one commits, and no more.
// Each batch more in flight makes the batches smaller, and PostgreSQL's CPU goes mostly on commits and statements,
// not rows. Its CPU per report at 32 clients (bench/ingest.ts), as a share of what the raw inserts cost it in the
// same run: 8 at once 0.44-0.74, 2 at once 0.42-0.51, 1 at once 0.41-0.43; on a 2-core machine that the endpoint,
// PostgreSQL and the clients share, CPU is the limit. The rest of the pool stays free for lookups, replays and the console.
const CONCURRENT_BATCHES = 2;
const CONNECTIONS_KEPT_FREE = 2;

export async function openReportStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<ReportStore> {
  const { db, dialect, sqlite, pool } = connect(location, options);
  const concurrentBatches = Math.max(1, Math.min(CONCURRENT_BATCHES, (options.poolSize ?? POOL_SIZE) - CONNECTIONS_KEPT_FREE));
  try {
    const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error) throw new Error('Database migration failed', { cause: error });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyReportStore(db, dialect, { sqlite, pool, concurrentBatches });
}

function connect(
  location: StoreLocation,
  options: OpenStoreOptions,
): { db: Kysely<Database>; dialect: SqlDialectName; sqlite?: BetterSqlite3.Database; pool?: pg.Pool } {
  if ('databaseUrl' in location) {
    const pool = new pg.Pool({ ...postgresConnection(location.databaseUrl), max: options.poolSize ?? POOL_SIZE });
    pool.on('error', (error) => options.onBackgroundError?.(error));
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', pool };
  }
  const database = openSqliteFile(location.dataDir);
  // Kysely's SQLite driver runs statements that return rows (INSERT ... RETURNING included) with `.all()`,
  // never `.get()`, which would leave the statement open and stop the WAL from checkpointing.
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite', sqlite: database };
}

/** The embedded store's file (0600 in a 0700 folder), opened with the durability settings every writer uses (the ingest benchmark's too). */
export function openSqliteFile(dataDir: string): BetterSqlite3.Database {
  ensurePrivateFolder(dataDir);
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  ensurePrivateDatabaseFile(file);
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every commit, so a receipt is
  // only sent for a row that survives a power cut (measured here: every acknowledged row kept through kill -9).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  // A 4 MB page cache rather than better-sqlite3's 16 MB: the operating system caches the file too, and the
  // 12 MB are what lets `npm start`'s larger young generation (package.json) stay under 150 MB at full ingest.
  database.pragma('cache_size = -4000');
  return database;
}

/** A report's row as stored: its canonical JSON, the hash a replay must match, who sent it, and the triage columns. */
export function reportRow(report: Report, receivedAt: string, submittedBy: string | null = null): Insertable<ReportsTable> {
  const json = canonicalJson(report);
  return {
    id: report.id,
    reference: report.reference,
    kind: report.kind,
    schema_version: report.schemaVersion,
    received_at: receivedAt,
    content_hash: sha256Hex(json),
    report: json,
    submitted_by: submittedBy,
    ...triageColumns(report),
  };
}

type NewRow = Insertable<ReportsTable>;
/** A row's part in a batch: stored (its receipt), or to be saved alone (its id is stored already, or a reference clashed). */
type BatchOutcome = Receipt | 'alone';

class KyselyReportStore implements ReportStore {
  readonly sessions: SessionStore;
  // Inserts that arrive together share one transaction (so one fsync): see group-commit.ts.
  private readonly batches: GroupCommit<NewRow, BatchOutcome>;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: SqlDialectName,
    { sqlite, pool, concurrentBatches }: { sqlite: BetterSqlite3.Database | undefined; pool: pg.Pool | undefined; concurrentBatches: number },
  ) {
    this.sessions = new KyselySessionStore(db);
    this.batches = new GroupCommit({
      commit: sqlite ? sqliteBatchInsert(db, sqlite) : postgresBatchInsert(pool!),
      // SQLite has one writer (and one connection).
      concurrency: sqlite ? 1 : concurrentBatches,
      maxBatch: MAX_BATCH,
    });
  }

  async saveReport(submitted: Report, submittedBy: string | null = null): Promise<SaveOutcome> {
    // Ids are compared as text in SQLite: one spelling per id, whatever case the device used.
    const row = reportRow({ ...submitted, id: submitted.id.toLowerCase() }, new Date().toISOString(), submittedBy);
    const outcome = await this.batches.add(row);
    if (outcome !== 'alone') return { outcome: 'created', receipt: outcome };
    return this.saveAlone(row);
  }

  /** One row in its own statement: an id already stored gets its receipt back; a reference taken by another report, a new one. */
  private async saveAlone(row: NewRow): Promise<SaveOutcome> {
    let reference = row.reference;
    for (let attempt = 1; attempt <= MAX_REFERENCE_ATTEMPTS; attempt++) {
      try {
        const inserted = await this.db
          .insertInto('reports')
          .values({ ...row, reference })
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
        .where('id', '=', row.id)
        .executeTakeFirst();
      if (existing) {
        return { outcome: existing.content_hash === row.content_hash ? 'replayed' : 'conflict', receipt: toReceipt(existing) };
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

/**
 * SQLite: one better-sqlite3 transaction (one fsync) for the batch, each row through the same INSERT, compiled
 * once. A row whose reference clashes fails alone (SQLite undoes that statement, not the transaction) and is
 * retried alone; a row whose id is stored already inserts nothing and is answered like a replay. It runs while
 * holding Kysely's only connection, so never inside a transaction that Kysely has open.
 */
function sqliteBatchInsert(db: Kysely<Database>, database: BetterSqlite3.Database): (rows: NewRow[]) => Promise<BatchOutcome[]> {
  let insertAll: ((rows: NewRow[]) => BatchOutcome[]) | undefined;
  const compile = (columns: string[]) => {
    const insert = database.prepare<[NewRow], { id: string; reference: string; received_at: string }>(
      `INSERT INTO reports (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ` +
        'ON CONFLICT (id) DO NOTHING RETURNING id, reference, received_at',
    );
    return database.transaction((rows: NewRow[]) =>
      rows.map((row): BatchOutcome => {
        try {
          // `.all()`, not `.get()`: a statement left open would stop the WAL from checkpointing.
          const [stored] = insert.all(row);
          return stored ? toReceipt(stored) : 'alone';
        } catch (error) {
          if (isReferenceClash(error)) return 'alone';
          throw error;
        }
      }),
    );
  };
  return (rows) =>
    db.connection().execute(async () => {
      insertAll ??= compile(Object.keys(rows[0]!));
      return insertAll(rows);
    });
}

/**
 * PostgreSQL: one statement, so one transaction, for the whole batch. ON CONFLICT (id) DO NOTHING makes two
 * requests with the same id, in one process or two, end with one row: the loser inserts nothing and is
 * answered from the winner's row by `saveAlone` (PostgreSQL waits for the winner to commit before deciding).
 * The statement is prepared once per batch size, so that each connection parses and plans it once rather than
 * for every batch.
 */
function postgresBatchInsert(pool: pg.Pool): (rows: NewRow[]) => Promise<BatchOutcome[]> {
  // Every row has reportRow's columns, in its order.
  const texts = new Map<string, string>();
  const insert = async (rows: NewRow[]) => {
    const columns = Object.keys(rows[0]!) as (keyof NewRow)[];
    const name = `reports-insert-${rows.length}`;
    let text = texts.get(name);
    if (!text) {
      const tuples = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
      text = `INSERT INTO reports (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`;
      texts.set(name, text);
    }
    const values: unknown[] = [];
    for (const row of rows) for (const column of columns) values.push(row[column]);
    return (await pool.query<{ id: string }>({ name, text, values })).rows;
  };
  return async (rows) => {
    // A report sent twice at once goes into the statement once; its later copy is answered like any replay.
    const first = new Map<string, NewRow>();
    for (const row of rows) if (!first.has(row.id)) first.set(row.id, row);
    let inserted: { id: string }[];
    try {
      inserted = await insert([...first.values()]);
    } catch (error) {
      if (!isReferenceClash(error)) throw error;
      // A reference clashed and the statement stored nothing: each row is retried alone, where a clash gets a new reference.
      return rows.map(() => 'alone');
    }
    // A row inserted was stored as sent: its receipt is its own id, reference and time.
    const stored = new Set(inserted.map((r) => r.id));
    return rows.map((row) => (stored.has(row.id) && first.get(row.id) === row ? toReceipt(row) : 'alone'));
  };
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
