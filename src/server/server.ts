// Listens, and on SIGTERM/SIGINT stops taking connections, lets in-flight requests finish, closes the store
// and exits 0. A start failure (store unreachable, port taken) prints why and exits 1.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServerConfig } from './config.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

export async function runServer(config: ServerConfig): Promise<FastifyInstance> {
  let app: FastifyInstance;
  try {
    app = await buildApp({ config });
  } catch (error) {
    return fail(`could not open the report store or start sign-in: ${describe(error)}`);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    return fail(`could not listen on ${config.host}:${config.port}: ${describe(error)}`);
  }

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: { message: describe(error) } }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return app;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function fail(message: string): never {
  process.stderr.write(`The endpoint cannot start: ${message}\n`);
  process.exit(1);
}
