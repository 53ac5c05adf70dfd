// The last lines of a process's log: its current file, then its rotated predecessors (NAME.log.1,
// NAME.log.2 …) while more lines are wanted, each read backwards in chunks, never whole.
import { open, type FileHandle } from 'node:fs/promises';
import { parseLogLine, type ParsedLogLine } from './log-format.js';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** The last `n` records of the log at `path` and its rotated files, oldest first; [] when there is none. */
export async function readLogTail(path: string, n: number): Promise<ParsedLogLine[]> {
  const newestFirst: ParsedLogLine[] = [];
  for (let k = 0; newestFirst.length < n; k++) {
    const file = k === 0 ? path : `${path}.${k}`;
    // The current file may be mid-write: its unterminated last line is not a record yet.
    const found = await readBackwards(file, n - newestFirst.length, k === 0, newestFirst);
    if (!found) break;
  }
  return newestFirst.reverse();
}

/** Appends up to `want` records of `file` to `into`, newest first; false when the file does not exist. */
async function readBackwards(file: string, want: number, skipPartial: boolean, into: ParsedLogLine[]): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    let pos = (await handle.stat()).size;
    let rest = Buffer.alloc(0); // bytes after `pos` not yet split into lines: the end of a line that may start earlier
    let skipping = skipPartial;
    let got = 0;
    while (pos > 0 && got < want) {
      const size = Math.min(CHUNK_BYTES, pos);
      pos -= size;
      const chunk = Buffer.alloc(size);
      await readFully(handle, chunk, pos);
      let data = rest.length > 0 ? Buffer.concat([chunk, rest]) : chunk;
      if (skipping) {
        const lastNewline = data.lastIndexOf(NEWLINE);
        if (lastNewline === -1) continue; // all of it belongs to the unterminated line
        data = data.subarray(0, lastNewline + 1);
        skipping = false;
      }
      // Split off every complete line from the end; the part before the first newline may continue earlier.
      let end = data.length;
      while (end >= 2 && got < want) {
        const nl = data.lastIndexOf(NEWLINE, end - 2);
        if (nl === -1) break;
        if (take(data.subarray(nl + 1, end), into)) got++;
        end = nl + 1;
      }
      rest = data.subarray(0, end);
      if (pos === 0 && got < want && take(rest, into)) got++;
    }
    return true;
  } finally {
    await handle.close();
  }
}

// Parses one line (with or without its newline) and keeps it when it is a record.
function take(bytes: Buffer, into: ParsedLogLine[]): boolean {
  if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === NEWLINE)) return false;
  const record = parseLogLine(bytes.toString('utf8'));
  if (record === null) return false;
  into.push(record);
  return true;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
}
