// The environment `pilot run` gives CMD: pilot's own, the manifest's global `env`, and where the stack is.
import type { StackPaths } from '../../control/state-dir.js';
import type { Manifest } from '../../manifest/types.js';

/** pilot's environment + the manifest's `env` + PILOT_STACK (the stack id) and PILOT_MANIFEST (its absolute path). */
export function stackEnvironment(manifest: Manifest, paths: StackPaths, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // No PILOT_PROCESS: CMD is not one of the stack's processes, and the orphan sweep must leave it alone.
  return { ...base, ...manifest.env, PILOT_STACK: paths.stackId, PILOT_MANIFEST: manifest.file };
}
