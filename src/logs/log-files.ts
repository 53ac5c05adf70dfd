// One rotating log file per process at <dir>/<process>.log; write problems become warnings.
import { join } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { logLinePrefix, type OutputStream } from './log-format.js';
import { BacklogError, RotatingFile, type DroppedCount } from './rotating-file.js';

export interface LogFileSettings {
  maxSizeBytes: number;
  maxFiles: number;
  /** Passed to each RotatingFile (defaults there). */
  maxPendingBytes?: number;
  retryMs?: number;
  checkIntervalMs?: number;
}

export type LogWarning = (process: string | null, message: string) => void;

export class LogFiles {
  private readonly files = new Map<string, RotatingFile>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly settings: LogFileSettings,
    private readonly onWarning: LogWarning,
  ) {}

  /** The log file of `process` (characters other than letters, digits, `_`, `.`, `-` become `_`). */
  pathOf(process: string): string {
    return join(this.dir, `${process.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`);
  }

  /** Creates the process's log file now, empty if it is new: it exists from the start, as users of `tail -f` expect. */
  open(process: string): void {
    if (!this.closed) this.fileOf(process).write('');
  }

  /** Appends one line of a process's output; never throws, returns at once. Ignored after close(). */
  write(process: string, stream: OutputStream, line: string, at: number): void {
    if (this.closed) return;
    this.fileOf(process).writeLine(logLinePrefix(at, stream), line); // formatLogLine's record, never built as one string
  }

  /** Resolves once every line written so far is on disk (or dropped). */
  async flush(): Promise<void> {
    await Promise.all([...this.files.values()].map((file) => file.flush()));
  }

  /** Flushes and closes one process's file (it left the stack); it is opened again if written to. */
  async closeOne(process: string): Promise<void> {
    const file = this.files.get(process);
    if (!file) return;
    this.files.delete(process);
    await file.close();
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.files.values()].map((file) => file.close()));
  }

  private fileOf(process: string): RotatingFile {
    let file = this.files.get(process);
    if (file) return file;
    const path = this.pathOf(process);
    file = new RotatingFile(path, {
      ...this.settings,
      onError: (err) => this.onWarning(process, cannotWriteMessage(path, err)),
      onRecover: (dropped) => this.onWarning(process, writingAgainMessage(path, dropped)),
    });
    this.files.set(process, file);
    return file;
  }
}

/** `logs: cannot write PATH: ENOSPC (no space left on device); dropping output until it can be written`. */
export function cannotWriteMessage(path: string, err: NodeJS.ErrnoException): string {
  if (err instanceof BacklogError) {
    return `logs: cannot write ${path} as fast as the output arrives (over ${formatBytes(err.limitBytes)} waiting); dropping output until it catches up`;
  }
  return `logs: cannot write ${path}: ${describeError(err)}; dropping output until it can be written`;
}

/** `logs: writing PATH again; 1234 lines were dropped`. */
export function writingAgainMessage(path: string, dropped: DroppedCount): string {
  const count = dropped.lines === 1 ? '1 line was dropped' : `${dropped.lines} lines were dropped`;
  return `logs: writing ${path} again; ${count}`;
}

let errnoNames: Map<string, string> | null = null;

/** `ENOSPC (no space left on device)`, from the system's error table; the message when the code is unknown. */
export function describeError(err: NodeJS.ErrnoException): string {
  if (!err.code) return err.message;
  if (!errnoNames) {
    errnoNames = new Map();
    for (const [name, text] of getSystemErrorMap().values()) errnoNames.set(name, text);
  }
  const text = errnoNames.get(err.code);
  return text ? `${err.code} (${text})` : `${err.code} (${err.message})`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
