/**
 * Gathers single jobs into batches for set-based work. Each `submit` resolves with its own
 * result; when a whole batch fails, its items are retried one by one so that one bad item fails
 * alone. `serial` batches (sharing one DuckDB connection) never overlap.
 */
export class MicroBatcher<In, Out> {
  private pending: Array<{ item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  /** A flush waits for the serial lane; it takes its batch only once the lane is free. */
  private waiting = false;

  constructor(
    private readonly work: (items: In[]) => Promise<Out[]>,
    private readonly serial: Serial,
    private readonly options: { maxSize: number; maxWaitMs: number; priority?: number },
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.flushSoon(this.pending.length >= this.options.maxSize ? 0 : this.options.maxWaitMs);
    });
  }

  private flushSoon(delay: number): void {
    if (this.waiting || (this.timer && delay > 0)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /**
   * Waits for the lane, then takes everything pending (up to maxSize): while another batch
   * holds the database, arrivals gather into the next one instead of queueing as singles.
   */
  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.waiting) return;
    this.waiting = true;
    await this.serial.run(async () => {
      this.waiting = false;
      const batch = this.pending.splice(0, this.options.maxSize);
      if (this.pending.length > 0) this.flushSoon(0);
      if (batch.length > 0) await this.runBatch(batch);
    }, this.options.priority);
  }

  private async runBatch(
    batch: Array<{ item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }>,
  ): Promise<void> {
    try {
      const results = await this.work(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const b of batch) {
        await this.work([b.item]).then(([out]) => b.resolve(out!), b.reject);
      }
    }
  }
}

/**
 * Runs async work one piece at a time. Among waiting work, a lower `priority` number goes first
 * (arrival order within one priority): the loader registers uploads before it loads parsed
 * files, so parse workers never starve while loads queue up.
 */
export class Serial {
  private readonly waiting: Array<{ priority: number; start: () => void }> = [];
  private busy = false;

  run<T>(work: () => Promise<T>, priority = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        work()
          .then(resolve, reject)
          .finally(() => this.next());
      };
      const at = this.waiting.findIndex((w) => w.priority > priority);
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, start });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const task = this.waiting.shift();
    this.busy = task !== undefined;
    task?.start();
  }
}
