import type { FastifyBaseLogger } from 'fastify';

/**
 * Work done after the answer is sent, so an answer takes the same time whatever the work is
 * (e.g. a reset request for a registered and an unknown email). A failed task is logged by
 * name only; `idle()` waits for every task (tests, and the app before it closes).
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Pick<FastifyBaseLogger, 'error'>) {}

  /** Runs `task` on a later turn of the event loop; never throws to the caller. */
  run(what: string, task: () => Promise<void>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((err: unknown) => {
        const errName = err instanceof Error ? err.name : 'unknown';
        this.log.error({ errName, what }, 'a background task failed');
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Resolves once every task (including ones started meanwhile) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
