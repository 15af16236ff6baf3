// A background job run every `everyMs` in this process, never twice at once: a tick that finds
// the last one still running skips. Used by jobs that claim their work in the database (so any
// number of processes may run them): scheduled statuses, poll endings.
export class Ticker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly everyMs: number,
    private readonly job: () => Promise<unknown>,
    /** Said in the log when a tick fails (the next tick tries again). */
    private readonly what: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.job()
        .then(() => undefined)
        .catch((error) => console.error(`${this.what} failed:`, error))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
