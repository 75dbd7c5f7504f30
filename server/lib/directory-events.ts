import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

const CHANNEL = 'iconocast:directory-changed';

/**
 * "The public directory (groups, meetings, exceptions) changed": services call `changed()`
 * after their transaction commits; the finder's in-memory index listens and rebuilds.
 * With Redis, other instances hear it too (plain pub/sub, nothing home-made).
 */
export class DirectoryEvents {
  private readonly emitter = new EventEmitter();
  private subscriber: Redis | undefined;

  constructor(private readonly redis?: Redis) {
    this.emitter.setMaxListeners(50);
  }

  /** Starts listening to other instances (when Redis is configured). */
  async start(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (channel) => {
      if (channel === CHANNEL) this.emitter.emit('changed');
    });
    await this.subscriber.subscribe(CHANNEL);
  }

  async stop(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  /** Tells this instance now, and the others through Redis. */
  changed(): void {
    if (this.redis) {
      // Our own subscriber hears it too; emit locally at once anyway so this instance
      // never serves stale results after its own write.
      void this.redis.publish(CHANNEL, '1').catch(() => {});
    }
    this.emitter.emit('changed');
  }

  /** Calls `fn` on every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.emitter.on('changed', fn);
    return () => this.emitter.off('changed', fn);
  }
}
