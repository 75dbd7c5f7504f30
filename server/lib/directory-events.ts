import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

const CHANNEL = 'iconocast:directory-changed';

/**
 * What changed: some meetings (created, edited, an occurrence cancelled or moved, removed),
 * some groups (and so all their meetings), or everything (bulk imports, the demo, a
 * message we cannot read).
 */
export type DirectoryChange = { meetings?: string[]; groups?: string[] } | 'all';

interface Message {
  from: string;
  change: DirectoryChange;
}

/**
 * "The public directory (groups, meetings, exceptions) changed": services call `changed()`
 * after their transaction commits, saying what they changed; the finder's in-memory index
 * listens and updates those meetings. With Redis, other instances hear it too (plain pub/sub,
 * nothing home-made).
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
    this.subscriber.on('message', (channel, text) => {
      if (channel !== CHANNEL) return;
      const message = readMessage(text);
      if (message.from !== this.instanceId) this.emitter.emit('changed', message.change);
    });
    await this.subscriber.subscribe(CHANNEL);
  }

  async stop(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  /** Tells this instance now, and the others through Redis. */
  changed(change: DirectoryChange = 'all'): void {
    if (this.redis) {
      // Other instances hear it through Redis; this one is told at once, below.
      const message: Message = { from: this.instanceId, change };
      void this.redis.publish(CHANNEL, JSON.stringify(message)).catch(() => {});
    }
    this.emitter.emit('changed', change);
  }

  /** Calls `fn` on every change; returns the unsubscribe function. */
  onChange(fn: (change: DirectoryChange) => void): () => void {
    this.emitter.on('changed', fn);
    return () => this.emitter.off('changed', fn);
  }
}

const isIdList = (v: unknown): v is string[] | undefined =>
  v === undefined || (Array.isArray(v) && v.every((id) => typeof id === 'string'));

/**
 * A message from another instance. An older instance sends only its id, and anything we
 * cannot read counts as "everything changed" (a full rebuild is always right).
 */
function readMessage(text: string): Message {
  try {
    const parsed = JSON.parse(text) as Partial<Message> | null;
    if (parsed && typeof parsed.from === 'string') {
      const c = parsed.change as Record<string, unknown> | 'all' | undefined;
      if (c === 'all') return { from: parsed.from, change: 'all' };
      if (c && typeof c === 'object' && isIdList(c.meetings) && isIdList(c.groups)) {
        const change: { meetings?: string[]; groups?: string[] } = {};
        if (c.meetings) change.meetings = c.meetings;
        if (c.groups) change.groups = c.groups;
        return { from: parsed.from, change };
      }
      return { from: parsed.from, change: 'all' };
    }
  } catch {
    // not JSON: an older instance's bare id
  }
  return { from: text, change: 'all' };
}
