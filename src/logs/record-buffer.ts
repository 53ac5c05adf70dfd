// Log records waiting to be written, encoded as UTF-8 straight into chunks of memory as they arrive. Building,
// measuring, joining and then encoding one string per line was most of what a burst of output cost the
// supervisor, in CPU and in garbage collection (docs/BENCHMARKS.md, "log burst").
import { PilotError } from '../errors.js';

/** The first chunk after the file went idle: small, as most processes print little. */
const FIRST_CHUNK_BYTES = 2048;
/** Chunks grow fourfold while records keep coming, up to this. */
const MAX_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** The most bytes `text` can take in UTF-8: 3 per UTF-16 code unit (a surrogate pair: 4 for 2). */
export const maxUtf8Bytes = (text: string): number => 3 * text.length;

/** Records taken from a RecordBuffer: their sizes, oldest first, and their bytes, read back to back. */
export class RecordBatch {
  private chunk = 0;
  private offset = 0;

  constructor(
    readonly sizes: number[],
    private readonly chunks: Buffer[],
  ) {}

  /** The next `bytes` bytes: a view when they lie in one chunk, else a copy. */
  read(bytes: number): Buffer {
    const first = this.chunks[this.chunk];
    if (bytes === 0 || first === undefined) return Buffer.alloc(0);
    if (first.length - this.offset >= bytes) return this.advance(first, bytes);
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.chunks[this.chunk];
      if (chunk === undefined) throw new PilotError('INTERNAL', `a log batch holds ${filled} bytes, ${bytes} were asked for`);
      const piece = this.advance(chunk, Math.min(bytes - filled, chunk.length - this.offset));
      piece.copy(out, filled);
      filled += piece.length;
    }
    return out;
  }

  private advance(chunk: Buffer, bytes: number): Buffer {
    const view = chunk.subarray(this.offset, this.offset + bytes);
    this.offset += bytes;
    if (this.offset === chunk.length) {
      this.chunk++;
      this.offset = 0;
    }
    return view;
  }
}

/** Records appended in order and taken out together; each record's bytes are contiguous. */
export class RecordBuffer {
  private chunk: Buffer | null = null;
  /** chunk[start, end) holds records not taken yet. */
  private start = 0;
  private end = 0;
  private nextChunkBytes = FIRST_CHUNK_BYTES;
  private filled: Buffer[] = [];
  private sizes: number[] = [];

  /** Records waiting. */
  get count(): number {
    return this.sizes.length;
  }

  /** Appends one record: `head`, then `tail`, then a newline if `newline`. Returns its size in bytes. */
  append(head: string, tail: string, newline: boolean): number {
    const most = maxUtf8Bytes(head) + maxUtf8Bytes(tail) + 1;
    let chunk = this.chunk;
    if (chunk === null || chunk.length - this.end < most) chunk = this.newChunk(most);
    let at = this.end;
    at += chunk.write(head, at, 'utf8');
    if (tail.length > 0) at += chunk.write(tail, at, 'utf8');
    if (newline) chunk[at++] = NEWLINE;
    const bytes = at - this.end;
    this.end = at;
    this.sizes.push(bytes);
    return bytes;
  }

  /** Everything appended so far; the buffer is empty afterwards (later records go after them in the same chunk). */
  take(): RecordBatch {
    this.seal();
    const batch = new RecordBatch(this.sizes, this.filled);
    this.sizes = [];
    this.filled = [];
    return batch;
  }

  /** Nothing is waiting: lets the chunk go, so an idle file holds no memory, and starts small again. */
  release(): void {
    if (this.sizes.length > 0) return;
    this.chunk = null;
    this.start = this.end = 0;
    this.filled = [];
    this.nextChunkBytes = FIRST_CHUNK_BYTES;
  }

  // The records of the current chunk join the filled ones.
  private seal(): void {
    if (this.chunk !== null && this.end > this.start) this.filled.push(this.chunk.subarray(this.start, this.end));
    this.start = this.end;
  }

  private newChunk(atLeast: number): Buffer {
    this.seal();
    const chunk = Buffer.allocUnsafe(Math.max(atLeast, this.nextChunkBytes));
    this.nextChunkBytes = Math.min(MAX_CHUNK_BYTES, this.nextChunkBytes * 4);
    this.chunk = chunk;
    this.start = this.end = 0;
    return chunk;
  }
}
