import type { Scheduler } from '../../../src/auth/tokenManager';

/** A clock and timers that only move when told (the token manager's `now` and `scheduler`). */
export class Clock implements Scheduler {
  now = Date.UTC(2025, 0, 1);
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  pending(): number[] {
    return this.timers.map((timer) => timer.at).sort((a, b) => a - b);
  }
  /** Moves time on, firing the timers that fall due. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.now = Math.max(this.now, due.at);
      due.callback();
      await settle();
    }
    this.now = end;
    await settle();
  }
  /** A suspended laptop: the wall clock moves on, timers (on a monotonic clock) stand still. */
  sleep(ms: number): void {
    this.now += ms;
    for (const timer of this.timers) timer.at += ms;
  }
}

/** Lets promise chains and setImmediate callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
