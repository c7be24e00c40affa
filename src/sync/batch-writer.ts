// Group commit: items handed in while a write is running are written together by the next one, so a burst
// of answers costs a few durable IndexedDB transactions instead of one each, and nothing waits for a timer.
export interface BatchWriter<T> {
  add(item: T): void;
  /** Resolves when everything added so far is written; rejects with the first write's error. */
  done(): Promise<void>;
}

export function batchWriter<T>(write: (items: T[]) => Promise<void>): BatchWriter<T> {
  let pending: T[] = [];
  let running: Promise<void> | null = null;
  let failure: unknown;
  const drain = async () => {
    try {
      while (pending.length) {
        const items = pending;
        pending = [];
        await write(items);
      }
    } catch (error) {
      failure = error; // kept for done(): a rejection nobody awaits yet must not go unhandled
    } finally {
      running = null;
    }
  };
  return {
    add(item) {
      if (failure !== undefined) return; // done() reports the failure; nothing more is written after it
      pending.push(item);
      running ??= drain(); // drain always awaits a write first, so it cannot finish before this assignment
    },
    async done() {
      while (running) await running;
      if (failure !== undefined) throw failure;
    },
  };
}
