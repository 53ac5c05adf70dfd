// pilot's version, read from package.json with node built-ins only (the CLI and the control socket stay light).
import { readFileSync } from 'node:fs';

/**
 * The `version` of pilot's package.json: the nearest one above this module. This module runs from
 * dist/src/ (tsc) or from dist/cli/ or dist/cli/chunks/ (the bundle), so its depth varies.
 */
export function packageVersion(): string {
  for (let up = '../'; up.length <= 12; up += '../') {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'pilot' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level; look further up
    }
  }
  return 'unknown'; // a repackaged build without package.json still runs
}
