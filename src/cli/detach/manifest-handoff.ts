// The launcher of `pilot up -d` has just loaded and validated the manifest: it hands the result to the
// background supervisor as JSON, so the supervisor neither parses it again nor loads the YAML parser
// and the schema validator into the long-lived process (one manifest load less per boot, less memory).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStackDirs, type StackPaths } from '../../control/state-dir.js';
import type { Manifest } from '../../manifest/types.js';

/** Names the handed-over file in the background supervisor's environment. */
export const HANDOFF_ENV = 'PILOT_DETACHED_MANIFEST';

/** Writes the validated manifest where the background supervisor will read it (mode 0600); returns its path. */
export function writeHandoff(paths: StackPaths, manifest: Manifest): string {
  ensureStackDirs(paths);
  const file = join(paths.runtimeDir, 'manifest.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest), { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/**
 * The manifest handed over by the launcher, or null (not a background supervisor, or the file is gone —
 * the caller then loads the manifest itself). Removes the variable, so the stack's processes never see it,
 * and the file.
 */
export function takeHandoff(env: NodeJS.ProcessEnv = process.env): Manifest | null {
  const file = env[HANDOFF_ENV];
  if (file === undefined) return null;
  delete env[HANDOFF_ENV];
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return Array.isArray(manifest.processes) ? manifest : null;
  } catch {
    return null;
  } finally {
    rmSync(file, { force: true });
  }
}
