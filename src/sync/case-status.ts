// What became of the reporter's sent reports at the incident team (received, being handled, closed), read
// from the endpoint's status route when the device is online. Failures are quiet: it is only news.
import type { ReportingDatabase } from '../db/database.ts';
import { reportsAwaitingNews, setCaseStatus } from '../db/outbox.ts';
import { reportStatusUrl } from '../shared/api.ts';
import { statusResponseSchema } from '../shared/wire.ts';
import type { SendOptions } from './endpoint.ts';

export async function refreshCaseStatuses(options: SendOptions & { database?: ReportingDatabase } = {}): Promise<number> {
  const doFetch = options.fetch ?? fetch;
  const sent = await reportsAwaitingNews(options.database);
  let changed = 0;
  for (const record of sent) {
    try {
      const response = await doFetch(`${options.baseUrl ?? ''}${reportStatusUrl(record.id)}`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) continue;
      const status = statusResponseSchema.safeParse(await response.json());
      if (status.success && status.data.id === record.id && status.data.status !== record.caseStatus) {
        await setCaseStatus(record.id, status.data.status, options.database);
        changed++;
      }
    } catch {
      return changed; // offline or the endpoint is away: try again next time
    }
  }
  return changed;
}
