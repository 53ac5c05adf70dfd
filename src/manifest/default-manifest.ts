// The manifest pilot uses when none is given. Kept apart from the loader (node built-ins only)
// so that control commands like `pilot ps` can look for it without loading yaml or the schema.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_MANIFEST_NAMES } from './defaults.js';

/** pilot.yaml, pilot.yml or pilot.json in `cwd`, the first that is a file; else null. */
export function findDefaultManifest(cwd: string): string | null {
  for (const name of DEFAULT_MANIFEST_NAMES) {
    const candidate = join(resolve(cwd), name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there; try the next name
    }
  }
  return null;
}
