// Waiting without sleeping: poll a condition or wait for an event, always with a deadline.
import type { EventEmitter } from 'node:events';

export class WaitTimeoutError extends Error {}

/** Resolves with the first truthy value of `probe`, polling every `intervalMs`; rejects after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000, intervalMs = 5): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() > deadline) {
      const suffix = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${suffix}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the args of the first `event` for which `filter` holds; rejects after `timeoutMs`. */
export function waitForEvent<A extends unknown[]>(emitter: EventEmitter, event: string, filter: (...args: A) => boolean, what: string, timeoutMs = 10_000): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    function onEvent(...args: unknown[]): void {
      if (!filter(...(args as A))) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve(args as A);
    }
    emitter.on(event, onEvent);
  });
}

/** Waits until a readable stream's accumulated text matches `pattern`; returns the text so far. */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp | string, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const matches = (): boolean => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}; output so far:\n${text.slice(-2000)}`));
    }, timeoutMs);
    function onData(chunk: Buffer | string): void {
      text += chunk.toString();
      if (!matches()) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(text);
    }
    stream.on('data', onData);
  });
}
