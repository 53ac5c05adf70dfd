// Which manifest a command works on: the FILE argument, else pilot.yaml/.yml/.json in the current directory.
import { resolve } from 'node:path';
import { ExitCode, PilotError } from '../errors.js';
import { findDefaultManifest } from '../manifest/default-manifest.js';

/** Absolute path of the manifest to use; a PilotError (exit 2) when there is none. */
export function resolveManifestPath(file: string | undefined, cwd: string): string {
  if (file !== undefined && file !== '') return resolve(cwd, file);
  const found = findDefaultManifest(cwd);
  if (found !== null) return resolve(cwd, found);
  throw new PilotError('MANIFEST_NOT_FOUND', `no manifest: pass FILE or create pilot.yaml in ${cwd}`, {
    context: { cwd },
    exitCode: ExitCode.USAGE,
  });
}
