// Which plugin code is running: every call pilot makes into a plugin runs in a scope that follows its
// async work (timers, promises, sockets it opens), so an error it leaks later is traced to the plugin,
// its file and the hook that started that work.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PluginRef } from './reporter.js';

export interface PluginScope {
  plugin: PluginRef;
  /** What was called, e.g. `post_start hook of "notify"`. */
  source: string;
  process: string | null;
}

let storage: AsyncLocalStorage<PluginScope> | null = null;

/** Runs `fn` inside `scope` (the storage is made on first use: only a pilot with plugins pays for it). */
export function inPluginScope<T>(scope: PluginScope, fn: () => T): T {
  storage ??= new AsyncLocalStorage<PluginScope>();
  return storage.run(scope, fn);
}

/** The plugin code whose async work is running now, if any. */
export function currentPluginScope(): PluginScope | undefined {
  return storage?.getStore();
}
