// @ts-check
// Appending lines to one file, rotated by size, that survives what disks do: a full disk or a missing
// file is reported once, what could not be written is counted, and the recovery is announced. The file
// is opened for each append, so a deleted directory or a file moved away by logrotate is simply made anew.
import { appendFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
/** @import { PluginLogger } from 'pilot' */

export class JsonlWriter {
  /**
   * @param {string} path
   * @param {{ maxBytes: number; maxFiles: number }} limits
   * @param {PluginLogger} log
   */
  constructor(path, limits, log) {
    this.path = path;
    this.limits = limits;
    this.log = log;
    /** Lines dropped since writing last failed; null while writing works. */
    this.dropped = /** @type {number | null} */ (null);
    this.written = 0;
  }

  /**
   * Appends `lines` (each without its newline). Never rejects: a failure is reported and counted.
   * @param {readonly string[]} lines
   */
  async append(lines) {
    if (lines.length === 0) return;
    const chunk = lines.map((line) => `${line}\n`).join('');
    try {
      const size = await this.prepare(Buffer.byteLength(chunk));
      // A line cut short by the failed write before is ended first, so the lines after it parse.
      const prefix = this.dropped !== null && size > 0 && !(await this.endsWithNewline()) ? '\n' : '';
      await this.write(prefix + chunk);
    } catch (err) {
      if (this.dropped === null) {
        this.dropped = 0;
        this.log.warn(`cannot write to ${this.path}: ${describe(err)}; samples are dropped until it works again`);
      }
      this.dropped += lines.length;
      return;
    }
    if (this.written === 0 && this.dropped === null) this.log.info(`writing samples to ${this.path}`);
    this.written += lines.length;
    if (this.dropped !== null) {
      this.log.info(`writing to ${this.path} again (${this.dropped} sample${this.dropped === 1 ? '' : 's'} dropped meanwhile)`);
      this.dropped = null;
    }
  }

  /**
   * The file's size, after rotating it if `incoming` bytes would take it past the limit.
   * @param {number} incoming
   */
  async prepare(incoming) {
    const st = await stat(this.path).catch(missing);
    // Only a regular file is rotated (never /dev/stdout, a FIFO, …); a file alone over the limit is kept whole.
    if (st === null || !st.isFile()) return 0;
    if (st.size === 0 || st.size + incoming <= this.limits.maxBytes) return st.size;
    await this.rotate();
    return 0;
  }

  /** stats.jsonl → stats.jsonl.1 → … → stats.jsonl.{maxFiles-1}, the oldest overwritten. */
  async rotate() {
    const { maxFiles } = this.limits;
    if (maxFiles <= 1) return void (await unlink(this.path).catch(missing));
    for (let k = maxFiles - 2; k >= 1; k--) await rename(`${this.path}.${k}`, `${this.path}.${k + 1}`).catch(missing);
    await rename(this.path, `${this.path}.1`).catch(missing);
  }

  /** @param {string} text */
  async write(text) {
    try {
      await appendFile(this.path, text, { mode: 0o600 });
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT') throw err;
      // The directory is gone (or was never there): make it, then try once more.
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await appendFile(this.path, text, { mode: 0o600 });
    }
  }

  async endsWithNewline() {
    const handle = await open(this.path, 'r');
    try {
      const { size } = await handle.stat();
      if (size === 0) return true;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      await handle.close();
    }
  }
}

/**
 * ENOENT is "not there": null; anything else is thrown on.
 * @param {unknown} err
 * @returns {null}
 */
function missing(err) {
  if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return null;
  throw err;
}

/** @param {unknown} err */
function describe(err) {
  return err instanceof Error ? err.message : String(err);
}
