// @ts-check
// Where a plugin's file goes (http-control's token and address, jsonl-stats' output): a path in the
// manifest means what it would in the shell of the manifest's directory; none, a default in the stack's state.
import { isAbsolute, join, resolve } from 'node:path';
/** @import { StackInfo } from 'pilot' */

/**
 * `written` (absolute, or relative to the manifest's directory), or `fallback` in the stack's state directory.
 * @param {string | null} written as written in the params, null when absent
 * @param {string} fallback a file name
 * @param {StackInfo} stack
 */
export function stackFile(written, fallback, stack) {
  if (written === null) return join(stack.stateDir, fallback);
  return isAbsolute(written) ? written : resolve(stack.manifestFile, '..', written);
}
