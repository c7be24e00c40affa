// The outbox's lock never keeps a report waiting for good. Chromium was seen to leave lock requests pending
// with nobody holding the lock (after the page that held it navigated away mid-send); that state cannot be
// made on demand in a real browser (about one run in six of the follow-up end-to-end test), so these tests
// give `withLock` a lock manager in each state seen there, the stuck one included.
import { afterEach, describe, expect, it } from 'vitest';
import { withLock } from '../../../src/sync/lock.ts';

type Options = { signal?: AbortSignal; steal?: boolean };

/** A lock manager whose requests are granted only by `grant()` (or a steal), and whose `held` list is set by the test. */
class StandInLocks {
  held: { name: string }[] = [];
  steals = 0;
  private waiting: (() => void)[] = [];

  request<T>(_name: string, options: Options, callback: () => Promise<T>): Promise<T> {
    if (options.steal) {
      this.steals++;
      return callback();
    }
    return new Promise<T>((resolve, reject) => {
      const granted = () => void callback().then(resolve, reject);
      this.waiting.push(granted);
      // As a real lock manager does: an aborted request leaves the queue.
      options.signal?.addEventListener('abort', () => {
        this.waiting = this.waiting.filter((w) => w !== granted);
        reject(options.signal!.reason);
      });
    });
  }

  async query() {
    return { held: this.held, pending: [] };
  }

  grant() {
    this.waiting.shift()?.();
  }
}

const CHECK_MS = 50;
const original = Object.getOwnPropertyDescriptor(navigator, 'locks');
function install(locks: StandInLocks) {
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
}
afterEach(() => {
  if (original) Object.defineProperty(navigator, 'locks', original);
  else delete (navigator as { locks?: unknown }).locks;
});

describe('the outbox lock', () => {
  it('takes over a lock that nobody holds but that is never granted, and runs the work once', async () => {
    const locks = new StandInLocks();
    install(locks);
    let runs = 0;
    const result = await withLock('flush-outbox:test', async () => ++runs, CHECK_MS);
    expect(result).toBe(1);
    expect(runs).toBe(1);
    expect(locks.steals).toBe(1);
  });

  it('keeps waiting while someone holds the lock, and runs once it is granted, taking nothing over', async () => {
    const locks = new StandInLocks();
    locks.held = [{ name: 'flush-outbox:test' }];
    install(locks);
    let runs = 0;
    const done = withLock('flush-outbox:test', async () => ++runs, CHECK_MS);
    await new Promise((resolve) => setTimeout(resolve, CHECK_MS * 4));
    expect(runs).toBe(0);
    locks.grant();
    expect(await done).toBe(1);
    expect(locks.steals).toBe(0);
  });

  it("passes on the work's own failure, without running it again", async () => {
    const locks = new StandInLocks();
    install(locks);
    let runs = 0;
    const failing = withLock(
      'flush-outbox:test',
      async () => {
        runs++;
        throw new DOMException('the request timed out', 'TimeoutError');
      },
      CHECK_MS,
    );
    await expect(failing).rejects.toThrow('the request timed out');
    expect(runs).toBe(1);
  });
});
