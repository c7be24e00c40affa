// What became of the reporter's sent reports at the incident team (received, being handled, closed, and since
// when) and the team's questions, read from each report's news route when the device is online. Failures
// are quiet: it is only news, fetched again on the next sync.
import type { ReportingDatabase } from '../db/database.ts';
import { reportsAwaitingNews } from '../db/outbox.ts';
import { saveNews } from '../db/questions.ts';
import { reportNewsSchema, reportNewsUrl } from '../shared/messages.ts';
import type { SendOptions } from './endpoint.ts';

/** Resolves to how many reports had news (a new status, a new question, a question answered). */
export async function refreshCaseStatuses(options: SendOptions & { database?: ReportingDatabase } = {}): Promise<number> {
  const doFetch = options.fetch ?? fetch;
  const sent = await reportsAwaitingNews(options.database);
  let changed = 0;
  for (const record of sent) {
    try {
      const response = await doFetch(`${options.baseUrl ?? ''}${reportNewsUrl(record.id)}`, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) continue;
      const news = reportNewsSchema.safeParse(await response.json());
      if (news.success && news.data.id === record.id && (await saveNews(record, news.data, options.database))) changed++;
    } catch {
      return changed; // offline or the endpoint is away: try again next time
    }
  }
  return changed;
}
