// Paths the tests need: the repo root (tests run from dist/test/**), fixtures and the CLI.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repo root, found from the compiled location dist/test/helpers/paths.js. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixturesDir = join(repoRoot, 'test', 'fixtures');
export const pilotBin = join(repoRoot, 'bin', 'pilot.js');

/** Absolute path of a fixture program in test/fixtures/bin. */
export function fixtureBin(name: string): string {
  return join(fixturesDir, 'bin', name);
}
