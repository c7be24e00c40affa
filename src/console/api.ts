// The console's calls to /api/console: JSON in and out, a timeout on each, errors as messages a person can act on.
import { API_CONSOLE, type CaseChange, type CaseDetail, type QueueFilters, type QueuePage, type StaffMember } from '../shared/console-api.ts';
import type { ImportedReport } from '../shared/sealed-file.ts';
import type { CaseMessages } from '../shared/messages.ts';
import type { FormBlock, RegisterPage, RegulatorRecord, ReturnPage } from '../shared/regulator-api.ts';

export type RegulatorWrite = 'decision' | 'submission' | 'response' | 'told';
export type FormType = 'initial' | 'follow-up';
export interface DateFilter {
  from?: string;
  to?: string;
}

/** `?from=…&to=…` for the dates given (none when neither is). */
export function dateQuery(filter: DateFilter): string {
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Links the browser follows itself (downloads): the same paths as the calls. */
export const links = {
  formDocx: (id: string, type: FormType) => `${API_CONSOLE}/cases/${encodeURIComponent(id)}/regulator/form.docx?type=${type}`,
  registerCsv: (filter: DateFilter) => `${API_CONSOLE}/register.csv${dateQuery(filter)}`,
  returnCsv: () => `${API_CONSOLE}/return.csv`,
};

const TIMEOUT_MS = 15_000;

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  if (!navigator.onLine) throw new ConsoleApiError(0, 'You are offline. The console works online only: reconnect and try again.');
  let response: Response;
  try {
    response = await fetch(`${API_CONSOLE}${path}`, { ...init, credentials: 'same-origin', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch {
    throw new ConsoleApiError(0, 'The endpoint did not answer. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string; fields?: { path: string; message: string }[] };
  if (!response.ok) throw new ConsoleApiError(response.status, body.message ?? `The endpoint answered ${response.status}`, body.fields);
  return body as T;
}

export interface Me {
  user: { id: string; name: string; roles: string[] };
  canChange: boolean;
}

export interface NotificationRow {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  createdAt: string;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

export const api = {
  me: () => call<Me>('/me'),
  queue: (filters: QueueFilters, after: string | null) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '' && v !== false) params.set(k, String(v));
    if (after) params.set('after', after);
    return call<QueuePage>(`/cases?${params}`);
  },
  case: (id: string) => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`),
  change: (id: string, change: CaseChange) => call<{ version: number }>(`/cases/${encodeURIComponent(id)}/changes`, { method: 'POST', body: JSON.stringify(change) }),
  staff: () => call<StaffMember[]>('/staff'),
  importSealed: (file: unknown) => call<{ reports: ImportedReport[] }>('/import-sealed', { method: 'POST', body: JSON.stringify(file) }),
  notifications: () => call<{ smtp: boolean; notifications: NotificationRow[] }>('/notifications'),
  regulator: (id: string) => call<RegulatorRecord>(`/cases/${encodeURIComponent(id)}/regulator`),
  recordRegulator: (id: string, what: RegulatorWrite, body: Record<string, unknown>) =>
    call<unknown>(`/cases/${encodeURIComponent(id)}/regulator/${what}`, { method: 'POST', body: JSON.stringify(body) }),
  form: (id: string, type: FormType) => call<{ blocks: FormBlock[] }>(`/cases/${encodeURIComponent(id)}/regulator/form?type=${type}`),
  register: (filter: DateFilter) => call<RegisterPage>(`/register${dateQuery(filter)}`),
  quarterlyReturn: () => call<ReturnPage>('/return'),
  audit: () => call<{ ok: boolean; rows: number; problems: string[] }>('/audit'),
  messages: (id: string) => call<CaseMessages>(`/cases/${encodeURIComponent(id)}/messages`),
  ask: (id: string, text: string) => call<{ id: string; askedAt: string }>(`/cases/${encodeURIComponent(id)}/questions`, { method: 'POST', body: JSON.stringify({ text }) }),
};
