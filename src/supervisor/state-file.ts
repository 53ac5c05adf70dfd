// The stack's state file: who supervises it and which children are alive, written atomically.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export interface ChildRecord {
  process: string;
  pid: number;
  pgid: number;
  /** Field 22 of /proc/PID/stat; null where /proc is unavailable. */
  startTime: string | null;
}

export interface StackState {
  version: 1;
  supervisor: { pid: number; startTime: string | null };
  children: ChildRecord[];
}

/** The recorded state, or null when the file is missing, empty or not what pilot writes. */
export function readStateFile(file: string): StackState | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!isRecord(data) || !isRecord(data.supervisor) || typeof data.supervisor.pid !== 'number') return null;
  const children = Array.isArray(data.children) ? data.children.filter(isChildRecord) : [];
  const startTime = typeof data.supervisor.startTime === 'string' ? data.supervisor.startTime : null;
  return { version: 1, supervisor: { pid: data.supervisor.pid, startTime }, children };
}

/** Writes `state` via a temporary file and a rename, so a reader never sees half a file. */
export function writeStateFile(file: string, state: StackState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, stateFileText(state), { mode: 0o600 });
  renameSync(tmp, file);
}

export function stateFileText(state: StackState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export function removeStateFile(file: string): void {
  rmSync(file, { force: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isChildRecord(value: unknown): value is ChildRecord {
  return isRecord(value) && typeof value.process === 'string' && typeof value.pid === 'number' && typeof value.pgid === 'number' && (typeof value.startTime === 'string' || value.startTime === null);
}
