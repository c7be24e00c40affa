// Names both sides must agree on, with no dependencies (the start page imports these without zod).
export const API_REPORTS = '/api/reports';
export const reportStatusUrl = (id: string) => `${API_REPORTS}/${encodeURIComponent(id)}/status`;
/** Several sealed reports in one request: a device sending its outbox (src/sync/flush.ts). */
export const API_REPORT_BATCH = `${API_REPORTS}/batch`;

/** Background Sync tag under which the page asks the service worker to send the outbox. */
export const SYNC_TAG = 'send-outbox';
