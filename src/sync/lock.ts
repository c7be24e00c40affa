// Only one flush at a time across tabs and the service worker: the Web Locks API where it exists
// (browsers, pages and workers alike), an in-process queue elsewhere (Node tests and the fault harness).
const local = new Map<string, Promise<unknown>>();

type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

export function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
  if (locks) return locks.request(name, work);
  const previous = local.get(name) ?? Promise.resolve();
  const run = previous.then(work, work);
  local.set(name, run.catch(() => undefined));
  return run;
}

/** The lock a flush of this database's outbox holds: whoever must not run beside a send takes it too. */
export const outboxLockName = (database: { name: string }) => `flush-outbox:${database.name}`;
