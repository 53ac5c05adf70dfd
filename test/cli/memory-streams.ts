// A CliContext over in-memory streams, for testing command functions in-process.
import { Writable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { SafeStream } from '../../src/cli/output.js';

/** A writable that keeps what is written; `isTTY` as asked. */
export class MemoryStream extends Writable {
  readonly chunks: Buffer[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** A context whose stdout/stderr are memory streams (no colour). */
export function memoryContext(options: { cwd: string; debug?: boolean; stdoutIsTTY?: boolean }): { ctx: CliContext; stdout: MemoryStream; stderr: MemoryStream } {
  const stdout = new MemoryStream(options.stdoutIsTTY ?? false);
  const stderr = new MemoryStream(false);
  const ctx: CliContext = { out: new SafeStream(stdout, false), err: new SafeStream(stderr, false), cwd: options.cwd, debug: options.debug ?? false, exitCode: 0, argv: [] };
  return { ctx, stdout, stderr };
}
