// The environment a child gets, layered from pilot's own up to the ready strategy's.
import type { Manifest, ProcessSpec } from '../manifest/types.js';

export interface ChildEnvInput {
  manifest: Pick<Manifest, 'env'>;
  spec: Pick<ProcessSpec, 'name' | 'env'>;
  stackId: string;
  color: boolean;
  /** From the ready strategy's `prepare` (e.g. PILOT_READY_PIPE). */
  prepared?: Record<string, string>;
  base?: NodeJS.ProcessEnv;
}

/**
 * pilot's environment, then pilot's conveniences (unbuffered Python, colour), then the manifest's
 * global and per-process env (which may override those), then pilot's markers and the ready
 * strategy's variables, which nothing may override: the orphan sweep depends on the markers.
 */
export function buildChildEnv(input: ChildEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.base ?? process.env)) {
    if (value !== undefined) env[key] = value;
  }
  env.PYTHONUNBUFFERED = '1';
  if (input.color) env.FORCE_COLOR = '1';
  Object.assign(env, input.manifest.env, input.spec.env);
  env.PILOT_STACK = input.stackId;
  env.PILOT_PROCESS = input.spec.name;
  Object.assign(env, input.prepared ?? {});
  return env;
}
