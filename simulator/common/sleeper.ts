/** Delays that `close()` can cut short, so no timer outlives the simulator. */
export class Sleeper {
  closed = false;
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms`, or at once when closed; callers check `closed` afterwards. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
