// pilot's version, read from package.json with node built-ins only (the CLI and the control socket stay light).
import { readFileSync } from 'node:fs';

/**
 * The `version` of the package.json at the package root. Both the tsc output (dist/src/) and the
 * CLI bundle (dist/cli/) sit two levels below the root, so one relative URL serves both.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown'; // a repackaged build without package.json still runs
  }
}
