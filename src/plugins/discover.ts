// Which files of a plugin directory are plugins: .js, .mjs, .cjs and .ts files directly in it, in name order.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PilotError } from '../errors.js';

const PLUGIN_FILE = /\.(js|mjs|cjs|ts)$/;
/** Type declarations and tests sit beside plugins without being plugins. */
const NOT_A_PLUGIN = /(\.d\.ts|\.(test|spec)\.[cm]?[jt]s)$/;

/** True when a file name in a plugin directory names a plugin. */
export function isPluginFileName(name: string): boolean {
  return !name.startsWith('.') && PLUGIN_FILE.test(name) && !NOT_A_PLUGIN.test(name);
}

/**
 * The plugin files of `dir` (absolute paths), sorted by name (code-point order, the same on every
 * machine). Not recursive: subdirectories hold a plugin's helpers. PLUGIN_INVALID when `dir` is unusable.
 */
export async function pluginFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${(err as Error).message})`;
    throw new PilotError('PLUGIN_INVALID', `plugin directory ${dir} ${why}`, { exitCode: 2, context: { dir, reason: why } });
  }
  const candidates = names.filter(isPluginFileName).sort();
  const files: string[] = [];
  for (const name of candidates) {
    const path = join(dir, name);
    // A directory called `x.js` is not a plugin; a symlink to a file is.
    if ((await stat(path).catch(() => null))?.isFile()) files.push(path);
  }
  return files;
}
