// Writing small manifests for tests into a temp dir that is removed afterwards.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixtureBin } from './paths.js';
import { tmpDir } from './tmp.js';

/** Writes `yaml` as pilot.yaml in a fresh temp dir; `$NODE` and `$FIX(name)` are expanded. Returns the file path. */
export function writeManifest(t: TestContext, yaml: string): string {
  const dir = tmpDir('pilot-manifest-');
  t.after(dir.remove);
  const file = join(dir.path, 'pilot.yaml');
  writeFileSync(file, expandManifest(yaml));
  return file;
}

/** `yaml` with `$NODE` (node's path) and `$FIX(name)` (a fixture program's path) expanded. */
export function expandManifest(yaml: string): string {
  return yaml.replaceAll('$NODE', JSON.stringify(process.execPath)).replace(/\$FIX\(([\w.-]+)\)/g, (_m, name: string) => JSON.stringify(fixtureBin(name)));
}
