// Running the systems' command lines: output to the run's cli.log (never a pipe a daemon could inherit), bounded.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs } from './clock.mjs';
import { killPid } from './proc.mjs';

export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The executable `name` (a path, or looked up on PATH), or null. */
export function which(name) {
  if (!name) return null;
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function openLog(file, argv) {
  const fd = openSync(file, 'a');
  writeSync(fd, `\n$ ${argv.join(' ')}\n`);
  return fd;
}

/**
 * Runs a command to completion: `{ ms, status, signal, error }`. Its output goes to `logFile`: a daemon it forks
 * would keep a pipe open and spawnSync waiting. Killed after `timeoutMs`.
 */
export function runSync(argv, { env, cwd, timeoutMs = 60_000, logFile = '/dev/null' } = {}) {
  const fd = openLog(logFile, argv);
  const t0 = nowMs();
  const r = spawnSync(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', fd, fd], timeout: timeoutMs, killSignal: 'SIGKILL' });
  const ms = nowMs() - t0;
  closeSync(fd);
  return { ms, status: r.status, signal: r.signal, error: r.error ? String(r.error.message ?? r.error) : null };
}

/** Starts a command: `{ child, t0, done }`, done resolving with `{ ms, status, signal, error }`; killed after `timeoutMs`. */
export function runAsync(argv, { env, cwd, timeoutMs = 60_000, logFile = '/dev/null' } = {}) {
  const fd = openLog(logFile, argv);
  const t0 = nowMs();
  const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => killPid(child.pid), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ms: nowMs() - t0, status: null, signal: null, error: String(err.message) });
    });
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ ms: nowMs() - t0, status, signal, error: null });
    });
  });
  return { child, t0, done };
}
