// A transaction that writes, for the case store and the audit trail. On SQLite it starts with BEGIN IMMEDIATE,
// taking the write lock first (waiting up to busy_timeout): a plain BEGIN that reads and then writes fails at
// once with "database is locked" when another connection (a second endpoint process) wrote in between.
import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from './tables.ts';

export async function writeTransaction<DB, T>(db: Kysely<DB>, dialect: SqlDialectName, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
