// Paths as users want to read them: relative to the current directory when that is shorter.
import { isAbsolute, relative } from 'node:path';

/** `file` relative to `cwd` when shorter than the absolute path, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel !== '' && rel.length < file.length ? rel : file;
}
