// When a heartbeat file was last touched: its modification time, or why it cannot be known.
import { stat } from 'node:fs/promises';

export type Beat = { at: number } | { problem: string };
export type MtimeFn = (path: string) => Promise<Beat>;

/** The file's mtime (wall-clock ms), or what is wrong with it (it does not exist, cannot be read). */
export const fileMtime: MtimeFn = async (path) => {
  try {
    return { at: (await stat(path)).mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' || code === 'ENOTDIR' ? `${path} does not exist` : `cannot read ${path}: ${code ?? (err as Error).message}` };
  }
};
