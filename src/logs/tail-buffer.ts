// A bounded in-memory tail (ring buffer): the last `capacity` items, O(1) push.
import { PilotError } from '../errors.js';

export class TailBuffer<T> {
  /** Grows with the first `capacity` pushes (most tails stay short), then is reused as a ring. */
  private items: T[] = [];
  private readonly capacity: number;
  /** Index of the oldest item once full (0 until then). */
  private head = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new PilotError('INTERNAL', `TailBuffer capacity must be a non-negative integer, got ${capacity}`, { context: { capacity } });
    }
    this.capacity = capacity;
  }

  /** Adds an item, dropping the oldest when full. */
  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    if (this.capacity === 0) return;
    this.items[this.head] = item;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
  }

  /** Every item held, oldest first. */
  toArray(): T[] {
    return this.last(this.items.length);
  }

  /** The newest `n` items (fewer if fewer are held), oldest first. */
  last(n: number): T[] {
    const count = this.items.length;
    const take = Math.max(0, Math.min(Math.floor(n), count));
    const out = new Array<T>(take);
    const first = this.head + count - take;
    for (let i = 0; i < take; i++) out[i] = this.items[(first + i) % count] as T;
    return out;
  }

  get size(): number {
    return this.items.length;
  }

  /** Forgets every item (and lets them be garbage-collected). */
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
