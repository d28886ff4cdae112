/**
 * A tiny "something changed, re-check your condition" hub. Every state mutation in the emulator calls
 * `notify()`; every `waitFor` re-evaluates its condition then — and every POLL_MS as well, so conditions
 * on state outside the emulator (e.g. what a client received) work too. Every timer is cleared.
 */
const POLL_MS = 10;

type Waiter = { check: () => void; fail: (error: Error) => void };

export class ChangeHub {
  private readonly waiters = new Set<Waiter>();
  private closedError: Error | undefined;

  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /**
   * Resolves with the first truthy value `check` returns (it is called now and after every change);
   * rejects after `timeoutMs` with an error built from `describe()` (called lazily, so it can list what
   * *did* happen), or immediately if `check` throws.
   */
  waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = check();
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value !== undefined && value !== null && value !== false) {
            finish();
            resolve(value);
          }
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const finish = () => {
        if (timer) clearTimeout(timer);
        if (poll) clearInterval(poll);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
      if (!this.waiters.has(waiter)) return;
      timer = setTimeout(() => {
        finish();
        reject(new Error(`[emulator] timed out after ${timeoutMs}ms waiting for ${describe()}`));
      }, timeoutMs);
      poll = setInterval(() => waiter.check(), POLL_MS);
    });
  }

  /** Rejects every pending and future wait (used by `close()`). */
  close(error: Error): void {
    this.closedError = error;
    for (const waiter of [...this.waiters]) waiter.fail(error);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
