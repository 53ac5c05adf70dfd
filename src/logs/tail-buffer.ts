// A bounded in-memory tail (ring buffer): the last `capacity` items, O(1) push.
import { PilotError } from '../errors.js';

export class TailBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly capacity: number;
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new PilotError('INTERNAL', `TailBuffer capacity must be a non-negative integer, got ${capacity}`, { context: { capacity } });
    }
    this.capacity = capacity;
    this.items = new Array<T | undefined>(capacity);
  }

  /** Adds an item, dropping the oldest when full. */
  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
  }

  /** Every item held, oldest first. */
  toArray(): T[] {
    return this.last(this.count);
  }

  /** The newest `n` items (fewer if fewer are held), oldest first. */
  last(n: number): T[] {
    const take = Math.max(0, Math.min(Math.floor(n), this.count));
    const out = new Array<T>(take);
    const first = this.head + this.count - take;
    for (let i = 0; i < take; i++) out[i] = this.items[(first + i) % this.capacity] as T;
    return out;
  }

  get size(): number {
    return this.count;
  }

  /** Forgets every item (and lets them be garbage-collected). */
  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
