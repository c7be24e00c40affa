// TLS to PostgreSQL as DATABASE_URL asks for it, with libpq's `sslmode` (and `sslrootcert`, `sslcert`,
// `sslkey` file paths). pg reads these itself today, but its next major version gives `require` libpq's weaker
// meaning (encrypt, check nothing); the options are set here so that what the URL says stays what happens.
import fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export const SSL_MODE_HELP = `sslmode must be one of ${SSL_MODES.join(', ')} ('prefer' and 'allow' may fall back to an unencrypted connection)`;

const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];

/** The URL's sslmode, or undefined when it has none; throws on a mode this endpoint does not accept. */
export function sslModeOf(databaseUrl: string): (typeof SSL_MODES)[number] | undefined {
  const mode = new URL(databaseUrl).searchParams.get('sslmode');
  if (mode === null) return undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode)) throw new Error(`DATABASE_URL: ${SSL_MODE_HELP}`);
  return mode as (typeof SSL_MODES)[number];
}

/** pg's connection settings for a URL: the URL without its TLS parameters, and the TLS options they stand for. */
export function postgresConnection(databaseUrl: string): { connectionString: string; ssl?: false | ConnectionOptions } {
  const mode = sslModeOf(databaseUrl);
  if (mode === undefined) return { connectionString: databaseUrl };
  const url = new URL(databaseUrl);
  const file = (name: string) => {
    const at = url.searchParams.get(name);
    return at === null ? undefined : fs.readFileSync(at, 'utf8');
  };
  const ssl: ConnectionOptions = { rejectUnauthorized: true, ca: file('sslrootcert'), cert: file('sslcert'), key: file('sslkey') };
  for (const name of TLS_PARAMETERS) url.searchParams.delete(name);
  if (mode === 'disable') return { connectionString: url.toString(), ssl: false };
  // require, verify-ca and verify-full all check the server's certificate and its name: stricter than libpq's
  // `require`, on purpose (the reports must not go to whoever answers on the database's address). A server
  // with a private CA needs `sslrootcert`.
  return { connectionString: url.toString(), ssl };
}
