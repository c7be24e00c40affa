// The incident team's side of the endpoint: the case store over the report store's connection, the
// background loop (cases opened, notifications queued and sent), and the route plugins app.ts registers.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { signInLocation } from '../../shared/auth.ts';
import type { ServerConfig } from '../config.ts';
import { startNotifyLoop } from '../notify/loop.ts';
import { notifyConfigFrom, type NotifyConfig } from '../notify/notify-config.ts';
import { caseStoreOf } from '../storage/case-store.ts';
import type { ReportStore } from '../storage/report-store.ts';
import { consoleApiRoutes, consolePageRoutes } from './routes.ts';

export interface ConsoleOptions extends Partial<NotifyConfig> {
  /** Run the loop on a timer (default true); tests may call `runOnce` instead. */
  timer?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** One pass of the console's loop now (tests). */
    consoleLoop: { runOnce(): Promise<void> };
  }
}

export function setUpConsole(app: FastifyInstance, store: ReportStore, config: ServerConfig, options: ConsoleOptions = {}) {
  const cases = caseStoreOf(store);
  const { timer, ...overrides } = options;
  const notify: NotifyConfig = { ...notifyConfigFrom(process.env, `http://${config.host}:${config.port}`), ...overrides };
  const loop = startNotifyLoop(cases, notify, app.log, { timer: timer ?? true });
  app.decorate('consoleLoop', loop);
  app.addHook('onClose', async () => loop.stop());
  const apiRoutes: FastifyPluginAsync = async (scope) => scope.register(consoleApiRoutes, { cases, notify, organisation: config.organisation });
  const pageRoutes: FastifyPluginAsync = async (scope) =>
    scope.register(consolePageRoutes, { staticDir: config.staticDir, signInLocation });
  return { apiRoutes, pageRoutes };
}
