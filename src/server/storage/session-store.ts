// Sessions and sign-ins under way, in the same database as the reports, so that any endpoint process sharing
// PostgreSQL recognises a session and finishes a sign-in another one started: no state in the process.
// Browsers hold random tokens; the database holds only their SHA-256, so a copy of the table signs nobody in.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { ROLES, type Role, type SessionUser } from '../../shared/auth.ts';
import { sha256Hex } from './content-hash.ts';
import { toIso, type Database, type SessionsTable } from './tables.ts';

/** What the callback needs to finish a sign-in that /auth/sign-in started. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A path on this site to come back to. */
  returnTo: string;
}

export interface SessionTimes {
  /** Ends after this long unused. */
  idleMs: number;
  /** Ends this long after sign-in, used or not. */
  maxAgeMs: number;
}

export interface SessionStore {
  /** Starts a session for `user`; resolves to the token for the cookie (never stored as such). */
  createSession(user: SessionUser, times: Pick<SessionTimes, 'maxAgeMs'>, now?: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The user of a live session, or null (unknown token, ended, idle too long). Notes the use. */
  findSessionUser(token: string, times: SessionTimes, now?: Date): Promise<SessionUser | null>;
  deleteSession(token: string): Promise<void>;
  /** Keeps a sign-in under way for `ttlMs`; resolves to the token for its cookie. */
  saveSignIn(pending: PendingSignIn, ttlMs: number, now?: Date): Promise<string>;
  /** The sign-in under way for this token, deleted as it is read (a callback works once), or undefined. */
  takeSignIn(token: string, now?: Date): Promise<PendingSignIn | undefined>;
  /** Deletes ended sessions and abandoned sign-ins; resolves to how many rows went. */
  deleteExpired(times: SessionTimes, now?: Date): Promise<number>;
}

// A session's last use is written at most this often: a busy reporter must not cost a write per request.
const TOUCH_INTERVAL_MS = 5 * 60_000;
// Tokens are 32 random bytes: guessing one is hopeless, and a cookie longer than this is not ours.
const TOKEN_BYTES = 32;
const MAX_TOKEN_LENGTH = 64;
// A session's row is read from the store at most this often per process: a device sending its outbox, or
// a page and its worker, make many requests at once, and each must not cost a query. The limits are still
// checked on every request against the row; a sign-out in this process applies at once, one in another
// process sharing the store within this time.
export const SESSION_READ_CACHE_MS = 1_000;
const MAX_CACHED_SESSIONS = 10_000;

type SessionRow = Selectable<SessionsTable>;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

function hashToken(token: string): string | undefined {
  return token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? sha256Hex(token) : undefined;
}

function parseRoles(json: string): Role[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? ROLES.filter((r) => value.includes(r)) : [];
  } catch {
    return [];
  }
}

export class KyselySessionStore implements SessionStore {
  /** Rows read lately, by token hash; a lookup under way is shared by the requests that need it meanwhile. */
  private readonly recent = new Map<string, { row: Promise<SessionRow | undefined>; readAt: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The session's row, read at most once per SESSION_READ_CACHE_MS; an unknown token is never remembered. */
  private readRow(tokenHash: string): Promise<SessionRow | undefined> {
    const cached = this.recent.get(tokenHash);
    if (cached && performance.now() - cached.readAt < SESSION_READ_CACHE_MS) return cached.row;
    const row = this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    const entry = { row, readAt: performance.now() };
    this.recent.delete(tokenHash);
    this.recent.set(tokenHash, entry);
    if (this.recent.size > MAX_CACHED_SESSIONS) this.recent.delete(this.recent.keys().next().value!);
    const forget = () => {
      if (this.recent.get(tokenHash) === entry) this.recent.delete(tokenHash);
    };
    row.then((found) => found ?? forget(), forget);
    return row;
  }

  async createSession(user: SessionUser, times: Pick<SessionTimes, 'maxAgeMs'>, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + times.maxAgeMs);
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: sha256Hex(token),
        user_id: user.id,
        name: user.name,
        email: user.email,
        roles: JSON.stringify(user.roles),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { token, expiresAt };
  }

  async findSessionUser(token: string, times: SessionTimes, now = new Date()): Promise<SessionUser | null> {
    const tokenHash = hashToken(token);
    if (!tokenHash) return null;
    const row = await this.readRow(tokenHash);
    if (!row) return null;
    const lastSeen = new Date(row.last_seen_at).getTime();
    const created = new Date(row.created_at).getTime();
    // Both limits are checked against today's settings, so shortening them takes effect at once.
    const ended = now.getTime() >= new Date(row.expires_at).getTime() || now.getTime() >= created + times.maxAgeMs || now.getTime() >= lastSeen + times.idleMs;
    if (ended) {
      this.recent.delete(tokenHash);
      await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      return null;
    }
    if (now.getTime() - lastSeen >= TOUCH_INTERVAL_MS) {
      // Noted in the row remembered too, so that the requests that follow do not write it again.
      row.last_seen_at = now.toISOString();
      await this.db.updateTable('sessions').set({ last_seen_at: row.last_seen_at }).where('token_hash', '=', tokenHash).execute();
    }
    return { id: row.user_id, name: row.name, email: row.email, roles: parseRoles(row.roles) };
  }

  async deleteSession(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    if (!tokenHash) return;
    this.recent.delete(tokenHash);
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async saveSignIn(pending: PendingSignIn, ttlMs: number, now = new Date()): Promise<string> {
    const token = newToken();
    await this.db
      .insertInto('sign_in_requests')
      .values({
        token_hash: sha256Hex(token),
        state: pending.state,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        return_to: pending.returnTo,
        expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      })
      .execute();
    return token;
  }

  async takeSignIn(token: string, now = new Date()): Promise<PendingSignIn | undefined> {
    const tokenHash = hashToken(token);
    if (!tokenHash) return undefined;
    // One statement: of two callbacks racing with the same cookie, one gets the row and the other nothing.
    const row = await this.db.deleteFrom('sign_in_requests').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
    if (!row || now.getTime() >= Date.parse(toIso(row.expires_at))) return undefined;
    return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to };
  }

  async deleteExpired(times: SessionTimes, now = new Date()): Promise<number> {
    this.recent.clear();
    const at = now.getTime();
    const sessions = await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now.toISOString()),
          eb('created_at', '<=', new Date(at - times.maxAgeMs).toISOString()),
          eb('last_seen_at', '<=', new Date(at - times.idleMs).toISOString()),
        ]),
      )
      .executeTakeFirst();
    const signIns = await this.db.deleteFrom('sign_in_requests').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
    return Number(sessions.numDeletedRows) + Number(signIns.numDeletedRows);
  }
}
