// Loading a manifest: read, parse with positions, validate against the schema, check it as a
// whole and against this machine, and normalize. Bad input never throws; it becomes diagnostics.
import { dirname, resolve } from 'node:path';
import { DiagnosticList } from './diagnostics.js';
import { checkHost } from './host-checks.js';
import { NodeLocator } from './locate.js';
import { normalizeManifest } from './normalize.js';
import { parseManifestText } from './parse-document.js';
import { asObject, type RawManifest } from './raw.js';
import { readManifestFile } from './read-manifest-file.js';
import { checkSchema } from './schema-check.js';
import { checkSemantics } from './semantic-checks.js';
import { checkPlugins } from './plugin-checks.js';
import type { LoadOptions, LoadResult, PluginCatalogue } from './types.js';

export type { LoadOptions, LoadResult } from './types.js';

/** Loads and checks the manifest at `file`; `manifest` is set only when there are no errors. */
export async function loadManifest(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readManifestFile(file);
  if (!read.ok) return { diagnostics: read.diagnostics.sorted() };

  const diagnostics = new DiagnosticList(read.file, read.source);
  const parsed = parseManifestText(read.source, read.format, diagnostics);
  if (!parsed) return { diagnostics: diagnostics.sorted() };

  const { data } = parsed;
  const locator = new NodeLocator(parsed.doc);
  const schemaOk = await checkSchema(data, locator, diagnostics);
  const manifestDir = dirname(read.file);
  const { catalogue, notLoaded } = await pluginCatalogue(data, manifestDir, options);
  const extraReadyStrategies = [...(options.extraReadyStrategies ?? []), ...(catalogue?.readyStrategies ?? [])];
  const readyNote = notLoaded ?? (catalogue === null ? 'plugin strategies need their plugin directory: plugin_directory or --plugins' : null);
  checkSemantics({ data, locator, diagnostics, extraReadyStrategies, readyNote });
  if (options.resolvePlugins) checkPlugins({ data, locator, diagnostics, catalogue, fromFlag: options.pluginDirectory !== undefined, notLoaded });

  const written = asObject(data)?.base_directory;
  const baseDirectory =
    options.baseDirectory !== undefined ? resolve(options.baseDirectory) : typeof written === 'string' ? resolve(manifestDir, written) : manifestDir;
  const commands = options.skipHostChecks ? new Map<number, string>() : checkHost({ data, locator, diagnostics, baseDirectory, baseFromOptions: options.baseDirectory !== undefined });

  if (!schemaOk || diagnostics.hasErrors()) return { diagnostics: diagnostics.sorted() };
  const pluginDirectory = options.pluginDirectory === undefined ? {} : { pluginDirectory: resolve(options.pluginDirectory) };
  const manifest = normalizeManifest({ raw: data as RawManifest, file: read.file, manifestDir, baseDirectory, commands, ...pluginDirectory });
  return { manifest, diagnostics: diagnostics.sorted() };
}

// The plugins of the directory in force (--plugins, else plugin_directory), when the caller loads plugins;
// for a reload, those loaded at start, and why the directory the manifest names now is not loaded.
async function pluginCatalogue(data: unknown, manifestDir: string, options: LoadOptions): Promise<{ catalogue: PluginCatalogue | null; notLoaded: string | null }> {
  if (!options.resolvePlugins) return { catalogue: null, notLoaded: null };
  const written = asObject(data)?.plugin_directory;
  const dir = options.pluginDirectory !== undefined ? resolve(options.pluginDirectory) : typeof written === 'string' ? resolve(manifestDir, written) : null;
  const atStart = options.pluginsLoadedAtStart;
  if (atStart === undefined) return { catalogue: dir === null ? null : await options.resolvePlugins(dir), notLoaded: null };
  const catalogue = atStart === null ? null : await options.resolvePlugins(atStart);
  if (dir === atStart) return { catalogue, notLoaded: null };
  const now = atStart === null ? 'this supervisor runs without plugins' : `this supervisor runs those of ${atStart}`;
  return { catalogue, notLoaded: `plugins are loaded only at start and ${now}: pilot down, then pilot up` };
}

export { findDefaultManifest } from './default-manifest.js';
