// The last lines of what a background supervisor wrote to its log, for when it died without a word.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

// Enough for the last lines, even long ones; the start of a huge log is of no interest.
const MAX_BYTES = 64 * 1024;

/** The last `n` non-empty lines written to `file` from byte `offset` on; [] when it cannot be read. */
export function readLogTail(file: string, offset: number, n: number): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(offset, size - MAX_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    const read = readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.subarray(0, read).toString('utf8').split('\n').filter((l) => l.trim() !== '');
    // A cut at MAX_BYTES leaves a partial first line: drop it.
    if (start > offset) lines.shift();
    return lines.slice(-n);
  } finally {
    closeSync(fd);
  }
}
