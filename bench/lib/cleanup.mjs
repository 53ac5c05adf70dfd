// Nothing a run started outlives the harness: every exit path (normal, error, signal, watchdog) cleans up.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { log } from './log.mjs';
import { isAlive, killPid, pidsMatching, readCmdline } from './proc.mjs';
import { RUN_PREFIX } from './run-dir.mjs';

const active = new Set();
let session = null;

/** Tracks a system instance until its run is over. */
export const track = (system) => active.add(system);
export const untrack = (system) => active.delete(system);

/** Cleans up every run still active (synchronous: it also runs from the 'exit' handler). */
export function cleanupAll(why) {
  for (const system of [...active]) {
    active.delete(system);
    log(`cleanup (${why}): ${system.constructor.id} ${system.run.dir}`);
    try {
      system.cleanup({ keepDir: true });
    } catch (err) {
      log(`cleanup error: ${err.message}`);
    }
  }
  if (session) sweepSession(session);
}

// Last resort: anything still running from this session's run directories (never another session's).
function sweepSession(id) {
  let dirs;
  try {
    dirs = readdirSync('/tmp').filter((d) => `/tmp/${d}`.startsWith(`${RUN_PREFIX}${id}-`));
  } catch {
    return;
  }
  for (const d of dirs) {
    for (const pid of pidsMatching(join('/tmp', d))) {
      if (!isAlive(pid)) continue;
      log(`cleanup: SIGKILL leftover ${pid} (${readCmdline(pid)})`);
      killPid(pid);
    }
  }
}

/** Installs the exit, signal and error handlers, and a watchdog for the whole run. */
export function installCleanup(sessionId, maxMinutes) {
  session = sessionId;
  process.on('exit', () => cleanupAll('exit'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      log(`${signal}: stopping`);
      cleanupAll(signal);
      process.exit(128 + os.constants.signals[signal]);
    });
  }
  const fatal = (err) => {
    log(`fatal: ${err?.stack ?? err}`);
    cleanupAll('error');
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  setTimeout(() => {
    log(`watchdog: the run exceeded --max-minutes ${maxMinutes}`);
    cleanupAll('watchdog');
    process.exit(124);
  }, maxMinutes * 60_000).unref();
}
