/**
 * One operation in progress, shared by every caller (single flight). A caller's AbortSignal only
 * stops that caller waiting; the operation itself is aborted when every waiter has given up and none
 * was a background one (a waiter without a signal pins it).
 */
export class Flight<T> {
  readonly controller = new AbortController();
  private waiting = 0;
  private pinned = false;
  promise!: Promise<T>;

  constructor(private readonly cancelled: () => Error) {}

  join(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.pinned = true;
      return this.promise;
    }
    if (signal.aborted) return Promise.reject(this.cancelled());
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (--this.waiting === 0 && !this.pinned) this.controller.abort();
        reject(this.cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
