// A stack's log directory read back: which processes have log files, and where each one's file is.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedLogLine } from './log-format.js';

/** One output line of one process, as read from its log file or received from the supervisor. */
export interface LogRecord extends ParsedLogLine {
  process: string;
}

/** The file name a process's log is written under (as LogFiles.pathOf: other characters become `_`). */
export function logFileName(process: string): string {
  return `${process.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`;
}

/** The path of a process's current log file in `logsDir`. */
export function logFileOf(logsDir: string, process: string): string {
  return join(logsDir, logFileName(process));
}

/** Names (file stems) of the processes with a current log file in `logsDir`, sorted; none when it does not exist. */
export function listLogNames(logsDir: string): string[] {
  let entries;
  try {
    entries = readdirSync(logsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.log') && e.name.length > '.log'.length)
    .map((e) => e.name.slice(0, -'.log'.length))
    .sort();
}
