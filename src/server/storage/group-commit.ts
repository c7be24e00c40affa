// Group commit: the items that arrive within one turn of the event loop (or while the store is busy) are
// handed to `commit` together, so that one transaction, and one fsync, serves them all. Each caller's promise
// settles with its own item's result, only once `commit` has resolved, that is after the transaction committed.

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<Item, Result> {
  /** Commits the items in one transaction; resolves to one result per item, in order. */
  commit: (items: Item[]) => Promise<Result[]>;
  /** Batches committing at once: 1 for SQLite (one writer), a few for PostgreSQL (commits on several connections overlap). */
  concurrency: number;
  /** The most items in one batch (bounded by the statement's parameter limit). */
  maxBatch: number;
}

export class GroupCommit<Item, Result> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0 || this.running >= this.options.concurrency) return;
    this.scheduled = true;
    // setImmediate runs after the I/O of this turn: every request parsed in it joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.waiting.length > 0 && this.running < this.options.concurrency) {
        void this.run(this.waiting.splice(0, this.options.maxBatch));
      }
    });
  }

  private async run(batch: Waiting<Item, Result>[]): Promise<void> {
    this.running++;
    try {
      const results = await this.options.commit(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.running--;
      this.schedule();
    }
  }
}
