// Reading a manifest from disk: existence, extension, bytes, and UTF-8 text.
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { DiagnosticList } from './diagnostics.js';
import { SourceText } from './source-text.js';
import { bytePosition, invalidUtf8Offset } from './utf8.js';

export type ManifestFormat = 'yaml' | 'json';

export type ReadResult =
  | { ok: true; file: string; format: ManifestFormat; source: SourceText }
  | { ok: false; diagnostics: DiagnosticList };

const FORMATS: Record<string, ManifestFormat> = { '.yaml': 'yaml', '.yml': 'yaml', '.json': 'json' };

/** Reads `file` as UTF-8 text; every way that can fail becomes a diagnostic. */
export async function readManifestFile(file: string): Promise<ReadResult> {
  const absolute = resolve(file);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (err) {
    const diagnostics = new DiagnosticList(absolute);
    if (errorCode(err) === 'ENOENT') diagnostics.add('file-not-found', `manifest not found: ${absolute}`, null, { hint: 'check the path, or run pilot where pilot.yaml, pilot.yml or pilot.json is' });
    else diagnostics.add('file-unreadable', `cannot read manifest ${absolute}: ${errorText(err)}`, null);
    return { ok: false, diagnostics };
  }

  const format = FORMATS[extname(absolute).toLowerCase()];
  if (!format) {
    const diagnostics = new DiagnosticList(real);
    const ext = extname(absolute) || '(none)';
    diagnostics.add('unsupported-extension', `unsupported manifest extension ${ext}: ${absolute}`, null, { hint: 'name the manifest .yaml, .yml (YAML) or .json (JSON)' });
    return { ok: false, diagnostics };
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch (err) {
    const diagnostics = new DiagnosticList(real);
    const isDir = errorCode(err) === 'EISDIR';
    diagnostics.add('file-unreadable', isDir ? `${real} is a directory, not a manifest` : `cannot read manifest ${real}: ${errorText(err)}`, null, isDir ? { hint: `pass the manifest inside it, e.g. ${resolve(real, 'pilot.yaml')}` } : {});
    return { ok: false, diagnostics };
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.max(0, invalidUtf8Offset(bytes));
    const source = new SourceText(new TextDecoder('utf-8').decode(bytes));
    const diagnostics = new DiagnosticList(real, source);
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    diagnostics.add('invalid-utf8', `the manifest is not valid UTF-8 (byte 0x${byte} at offset ${offset})`, bytePosition(bytes, offset), { hint: 'save the file as UTF-8' });
    return { ok: false, diagnostics };
  }

  const source = new SourceText(text);
  if (text.trim() === '') {
    const diagnostics = new DiagnosticList(real, source);
    diagnostics.add('empty-file', `the manifest is empty: ${real}`, null, { hint: 'a manifest needs at least a "processes" list' });
    return { ok: false, diagnostics };
  }
  return { ok: true, file: real, format, source };
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function errorText(err: unknown): string {
  const code = errorCode(err);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
