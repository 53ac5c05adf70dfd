// Whether the code of a plugin directory imports `pilot` (or `pilot/plugins/…`) as ESM: only then is the ESM alias hook (and the
// loader thread it needs) worth its memory. Errs on the side of yes; JSDoc `@import` tags (types only) do not count.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SOURCE = /\.(js|mjs|cjs|ts|mts|cts)$/;
const IMPORTS_PILOT = /\bfrom\s*['"]pilot(\/[^'"]*)?['"]|\bimport\s*\(?\s*['"]pilot(\/[^'"]*)?['"]/g;
const JSDOC_IMPORT = /@import\b[^'"]*['"][^'"]*['"]/g;
/** Past this many source files, stop looking and say yes. */
const MAX_FILES = 200;

/** What the code under `dir` imports of pilot; both when `dir` has node_modules (a package there may). */
export interface PilotMentions {
  /** `pilot` itself. */
  pilot: boolean;
  /** `pilot/plugins/…`. */
  subpaths: boolean;
}

/** What the source files under `dir` (outside dot directories) import of pilot. */
export async function mentionsPilot(dir: string): Promise<PilotMentions> {
  const found: PilotMentions = { pilot: false, subpaths: false };
  let seen = 0;
  const all = (): boolean => found.pilot && found.subpaths;
  const walk = async (at: string): Promise<void> => {
    const entries = await readdir(at, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (all() || entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        // A package in there may import pilot in turn.
        if (entry.name === 'node_modules') found.pilot = found.subpaths = true;
        else await walk(path);
        continue;
      }
      if (!SOURCE.test(entry.name)) continue;
      if (++seen > MAX_FILES) {
        found.pilot = found.subpaths = true;
        return;
      }
      const text = (await readFile(path, 'utf8').catch(() => '')).replace(JSDOC_IMPORT, '');
      for (const match of text.matchAll(IMPORTS_PILOT)) {
        if (match[1] ?? match[2]) found.subpaths = true;
        else found.pilot = true;
      }
    }
  };
  await walk(dir);
  return found;
}
