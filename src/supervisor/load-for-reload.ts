// The one way a running stack reads its manifest again, and the public API's loadManifest. The loader
// (YAML parser, schema validator) is imported on first use: a background supervisor was handed its
// manifest as JSON and does without them until a reload, and `import 'pilot'` stays light.
import type { LoadOptions, LoadResult } from '../manifest/types.js';

/** Loads and checks the manifest at `file`; `manifest` is set only when there are no errors (a reload passes the plugins' names in `options`). */
export async function loadForReload(file: string, options?: LoadOptions): Promise<LoadResult> {
  const { loadManifest } = await import('../manifest/load.js');
  return loadManifest(file, options);
}
