// Starts the background supervisor of `pilot up -d`: this same pilot, in its own session, its output
// appended to the stack's supervisor.log, reporting its boot outcome on an extra pipe.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStackDirs, type StackPaths } from '../../control/state-dir.js';
import { REPORT_FD, REPORT_FD_ENV } from './boot-outcome.js';
import { HANDOFF_ENV } from './manifest-handoff.js';

export interface Daemon {
  child: ChildProcess;
  /** The supervisor's log: its foreground output, uncoloured. */
  logFile: string;
  /** Where this run's part of the log begins (the file is appended to across runs). */
  logOffset: number;
}

export interface DaemonOptions {
  manifestFile: string;
  paths: StackPaths;
  strict: boolean;
  /** Passed on as --watch / --no-watch, so the supervisor does what its launcher decided. */
  watch?: boolean;
  watchManifest?: boolean;
  /** --debug for the supervisor. */
  debug?: boolean;
  /** The plugin directory in force (the manifest's, or --plugins): the supervisor loads it itself. */
  pluginDirectory?: string | null;
  cwd: string;
  /** The validated manifest, handed over as JSON (see manifest-handoff.ts). */
  handoffFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** The log file of the background supervisor of a stack. */
export function supervisorLogFile(paths: StackPaths): string {
  return join(paths.dir, 'supervisor.log');
}

/** Spawns the background supervisor; it runs `pilot up` in the foreground path, detached from this terminal. */
export function spawnDaemon(options: DaemonOptions): Daemon {
  ensureStackDirs(options.paths);
  const logFile = supervisorLogFile(options.paths);
  const log = openSync(logFile, 'a', 0o600);
  try {
    const logOffset = fstatSync(log).size;
    writeSync(log, `--- ${new Date().toISOString()} pilot up -d ${options.manifestFile}\n`);
    const plugins = options.pluginDirectory ? ['--plugins', options.pluginDirectory] : [];
    const watching = [options.watch ? '--watch' : '--no-watch', ...(options.watchManifest ? ['--watch-manifest'] : [])];
    const flags = [...(options.strict ? ['--strict'] : []), ...watching, ...plugins, ...(options.debug ? ['--debug'] : [])];
    const args = [...nodeFlags(), cliScript(), '--no-color', 'up', options.manifestFile, ...flags];
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), [REPORT_FD_ENV]: String(REPORT_FD), ...(options.handoffFile ? { [HANDOFF_ENV]: options.handoffFile } : {}) },
      // Its own session: no controlling terminal, no Ctrl-C from ours, no hang-up when it closes.
      detached: true,
      // Never our stdin/stdout/stderr: whoever reads our output must get EOF once we exit.
      stdio: ['ignore', log, log, 'pipe'],
    });
    return { child, logFile, logOffset };
  } finally {
    closeSync(log); // the child has its own copy
  }
}

// The script this pilot runs from (bin/pilot.js), run again for the background supervisor.
function cliScript(): string {
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot tell which script runs pilot (process.argv[1] is missing)');
  return script;
}

// node's own flags this pilot runs with (e.g. the shebang's memory settings), except the debugger's:
// a second inspector would fight the first for its port, or wait forever at --inspect-brk.
function nodeFlags(): string[] {
  return process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
}
