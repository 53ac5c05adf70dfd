// The examples in examples/: their manifests, and the programs some need from the distribution.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { whichSync } from '../../src/supervisor/platform.js';
import { repoRoot } from './paths.js';

export const examplesDir = join(repoRoot, 'examples');

// Examples that run programs from the distribution rather than node (.ci/run installs them; a developer may not have).
const NEEDS: Record<string, string[]> = { 'redis-stack': ['redis-server'] };

/** Absolute paths of every example manifest (pilot.yaml / pilot.yml / pilot.json), in name order. */
export function exampleManifests(dir = examplesDir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return exampleManifests(full);
      return /^pilot\.(ya?ml|json)$/.test(name) ? [full] : [];
    });
}

/** The programs `example` (a directory name under examples/, or a path in it, absolute or from the repo root) needs and this machine lacks. */
export function missingPrograms(example: string): string[] {
  const name = example.includes(sep) ? (relative(examplesDir, resolve(repoRoot, example)).split(sep)[0] ?? '') : example;
  return (NEEDS[name] ?? []).filter((command) => whichSync(command) === null);
}

/** Why `example` cannot run here (for a test's `skip`), or false when it can. */
export function skipReason(example: string): string | false {
  const missing = missingPrograms(example);
  return missing.length > 0 ? `${missing.join(', ')} not installed (apt-get install ${missing.join(' ')}; .ci/run does)` : false;
}
