// The file side of a rotating log: open for appending, notice when the path moved, rotate, write fully.
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:os';
import { dirname } from 'node:path';

/** A write that failed after `bytesWritten` bytes of the buffer reached the file. */
export class PartialWrite extends Error {
  constructor(
    readonly reason: unknown,
    readonly bytesWritten: number,
  ) {
    super('partial write');
  }
}

/** One log path, opened lazily; every method may reject with the file system's error. */
export class AppendFile {
  /** Bytes in the open file. */
  size = 0;
  private handle: FileHandle | null = null;
  private identity = { dev: 0, ino: 0 };
  private lastCheck = 0;

  constructor(
    readonly path: string,
    private readonly checkIntervalMs: number,
  ) {}

  /** Opens the path (creating directory 0700 and file 0600) unless the open file is still the one it names. */
  async open(): Promise<void> {
    if (this.handle && Date.now() - this.lastCheck >= this.checkIntervalMs) await this.checkIdentity();
    if (this.handle) return;
    await makeDirectory(dirname(this.path));
    const handle = await open(this.path, 'a', 0o600);
    try {
      const st = await handle.stat();
      this.size = st.size;
      this.identity = { dev: st.dev, ino: st.ino };
    } catch (err) {
      await handle.close().catch(() => {});
      throw err;
    }
    this.handle = handle;
    this.lastCheck = Date.now();
  }

  /** Appends the whole buffer to the open file, looping over short writes; a failure after some bytes is a PartialWrite. */
  async write(buf: Buffer): Promise<void> {
    const handle = this.handle;
    if (!handle) throw Object.assign(new Error(`EBADF: ${this.path} is not open`), { code: 'EBADF' });
    let offset = 0;
    try {
      while (offset < buf.length) {
        const { bytesWritten } = await handle.write(buf, offset, buf.length - offset);
        if (bytesWritten === 0) throw Object.assign(new Error(`EIO: nothing written to ${this.path}`), { code: 'EIO' });
        offset += bytesWritten;
      }
    } catch (err) {
      throw offset === 0 ? err : new PartialWrite(err, offset);
    } finally {
      this.size += offset;
    }
  }

  /** NAME.log → NAME.log.1 → … → NAME.log.{maxFiles-1} (the oldest overwritten), then opens a new NAME.log. */
  async rotate(maxFiles: number): Promise<void> {
    await this.close();
    if (maxFiles <= 1) {
      await unlink(this.path).catch(ignoreMissing);
    } else {
      for (let k = maxFiles - 2; k >= 1; k--) await rename(`${this.path}.${k}`, `${this.path}.${k + 1}`).catch(ignoreMissing);
      await rename(this.path, `${this.path}.1`).catch(ignoreMissing);
    }
    await this.open();
  }

  /** Closes the file, if open; the next open() reopens the path. Never rejects. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.close().catch(() => {});
  }

  // Closes the file if the path was removed or now names another file (moved by hand, directory removed).
  private async checkIdentity(): Promise<void> {
    this.lastCheck = Date.now();
    const st = await stat(this.path).catch(() => null);
    if (st && st.dev === this.identity.dev && st.ino === this.identity.ino) {
      this.size = st.size;
      return;
    }
    await this.close();
  }
}

/** mkdir -p with mode 0700; a file in the way is ENOTDIR (mkdir itself says EEXIST, which reads as if all were well). */
async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', errno: -constants.errno.ENOTDIR, syscall: 'mkdir', path: dir });
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
