// What plugins see of the stack and its processes: frozen copies, so a plugin cannot change the supervisor's data.
import type { StackPaths } from '../control/state-dir.js';
import type { Manifest, ProcessSpec } from '../manifest/types.js';
import type { PluginProcess, StackInfo } from './api.js';

const views = new WeakMap<ProcessSpec, PluginProcess>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The process as plugins see it (one frozen copy per spec). */
export function processView(spec: ProcessSpec): PluginProcess {
  let view = views.get(spec);
  if (!view) {
    view = deepFreeze(structuredClone(spec));
    views.set(spec, view);
  }
  return view;
}

/** A deep-frozen copy of parameters from the manifest: what a plugin is given can never change pilot's data. */
export function frozenParams(params: Record<string, unknown> | undefined): Readonly<Record<string, unknown>> {
  return deepFreeze(structuredClone(params ?? {}));
}

export function stackInfo(manifest: Manifest, paths: StackPaths): StackInfo {
  return Object.freeze({ manifestFile: manifest.file, stackId: paths.stackId, stateDir: paths.dir, logsDir: paths.logsDir, runtimeDir: paths.runtimeDir });
}
