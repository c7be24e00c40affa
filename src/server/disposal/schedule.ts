// The daily disposal job inside the endpoint: a first run a minute after start, then every 24 hours. Several
// endpoints sharing PostgreSQL may all run it: the advisory lock in dispose.ts lets one do the work.
import type { FastifyInstance } from 'fastify';
import { regulatorDb } from '../regulator/regulator-store.ts';
import { disposeDue } from './dispose.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_RUN_MS = 60 * 1000;

export function scheduleDisposal(app: FastifyInstance, retentionYears: number): void {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      const result = await disposeDue(regulatorDb(app.store), app.store.dialect, { retentionYears });
      if (result.cases.length > 0) app.log.info({ disposed: result.cases.map((c) => c.reference) }, 'disposed of closed cases past their retention period');
    } catch (error) {
      app.log.error({ failure: { message: (error as Error).message } }, 'the disposal job failed; it runs again tomorrow');
    }
    timer = setTimeout(run, DAY_MS).unref();
  };
  app.addHook('onReady', async () => {
    timer = setTimeout(run, FIRST_RUN_MS).unref();
  });
  app.addHook('onClose', async () => clearTimeout(timer));
}
