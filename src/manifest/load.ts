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
import type { LoadOptions, LoadResult } from './types.js';

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
  checkSemantics({ data, locator, diagnostics, extraReadyStrategies: options.extraReadyStrategies ?? [] });

  const manifestDir = dirname(read.file);
  const written = asObject(data)?.base_directory;
  const baseDirectory =
    options.baseDirectory !== undefined ? resolve(options.baseDirectory) : typeof written === 'string' ? resolve(manifestDir, written) : manifestDir;
  const commands = options.skipHostChecks ? new Map<number, string>() : checkHost({ data, locator, diagnostics, baseDirectory, baseFromOptions: options.baseDirectory !== undefined });

  if (!schemaOk || diagnostics.hasErrors()) return { diagnostics: diagnostics.sorted() };
  const manifest = normalizeManifest({ raw: data as RawManifest, file: read.file, manifestDir, baseDirectory, commands });
  return { manifest, diagnostics: diagnostics.sorted() };
}

export { findDefaultManifest } from './default-manifest.js';
