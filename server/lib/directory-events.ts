import { randomUUID } from 'node:crypto';
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
  /** Sent with each change, so this instance ignores its own message coming back. */
  private readonly instanceId = randomUUID();

  constructor(private readonly redis?: Redis) {
    this.emitter.setMaxListeners(50);
  }

  /** Starts listening to other instances (when Redis is configured). */
  async start(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (channel, sender) => {
      if (channel === CHANNEL && sender !== this.instanceId) this.emitter.emit('changed');
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
      // Other instances hear it through Redis; this one is told at once, below.
      void this.redis.publish(CHANNEL, this.instanceId).catch(() => {});
    }
    this.emitter.emit('changed');
  }

  /** Calls `fn` on every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.emitter.on('changed', fn);
    return () => this.emitter.off('changed', fn);
  }
}
