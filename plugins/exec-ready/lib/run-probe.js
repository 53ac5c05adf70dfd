// @ts-check
// One run of the exec strategy's probe command: its own process group (killed whole at the timeout, when
// the wait ends, and after it exits, so nothing it started lingers), its last output kept for the reason,
// and — on Linux — setpriv's parent-death signal, so it dies with pilot even if pilot is killed outright.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve as resolvePath } from 'node:path';
/** @import { AttemptResult } from '../../shared/retry.js' */

/** Output kept per run (the end of it). */
const KEEP_BYTES = 4096;
/** Lines of output quoted in the reason. */
const QUOTE_LINES = 3;
/** After the probe exits, how long its output may take to drain (a grandchild may hold the pipes). */
const DRAIN_MS = 200;

/**
 * @typedef {object} Probe
 * @property {string[]} argv
 * @property {string} display the command as written, for messages
 * @property {string} cwd
 * @property {Record<string, string>} env
 * @property {number} timeoutMs
 */

/**
 * Runs the probe once; ready when it exits 0. Never rejects. `fatal` when it cannot be run at all.
 * @param {Probe} probe
 * @param {AbortSignal} signal the wait's signal: aborting it kills the probe's group at once
 * @returns {Promise<AttemptResult>}
 */
export function runProbe(probe, signal) {
  return new Promise((resolve) => {
    const problem = cannotStart(probe);
    if (problem !== null) return resolve({ ready: false, reason: problem, fatal: true });
    const [file, ...args] = wrapped(probe);
    if (file === undefined) return resolve({ ready: false, reason: 'no command', fatal: true });
    /** @type {import('node:child_process').ChildProcess} */
    let child;
    try {
      child = spawn(file, args, { cwd: probe.cwd, env: probe.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      return resolve(cannotRun(probe, err));
    }
    let output = '';
    /** @param {Buffer} chunk */
    const keep = (chunk) => {
      output = (output + chunk.toString('utf8')).slice(-KEEP_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let settled = false;
    let timedOut = false;
    /** @param {AttemptResult} result */
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      killGroup(child);
      resolve(result);
    };
    const onAbort = () => done({ ready: false, reason: 'the wait ended' });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, probe.timeoutMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => done(cannotRun(probe, err)));
    child.on('exit', (code, sig) => {
      // What the probe started dies with it; then its output has a moment to drain.
      killGroup(child);
      const report = () => done(code === 0 && !timedOut ? { ready: true } : { ready: false, reason: failure(probe, code, sig, timedOut, output) });
      const drained = setTimeout(report, DRAIN_MS);
      child.on('close', () => {
        clearTimeout(drained);
        report();
      });
    });
  });
}

/**
 * Why the probe cannot be started at all (its program is not found, its directory does not exist), or
 * null. Checked before spawning: behind setpriv, a missing program would look like any failing probe.
 * @param {Probe} probe
 * @returns {string | null}
 */
function cannotStart(probe) {
  const program = probe.argv[0] ?? '';
  if (!isDirectory(probe.cwd)) return `cannot run ${JSON.stringify(program)}: its working directory ${probe.cwd} does not exist`;
  const candidates = program.includes('/') ? [resolvePath(probe.cwd, program)] : (probe.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  if (candidates.some(isExecutable)) return null;
  const where = program.includes('/') ? `${candidates[0]} does not exist or is not executable` : 'not found on the PATH the process sees';
  return `cannot run ${JSON.stringify(program)}: ${where}`;
}

/**
 * The probe's argv, run through `setpriv --pdeathsig SIGKILL` when it is there (Linux), as pilot runs its
 * own children: the probe then dies with the supervisor whatever kills it.
 * @param {Probe} probe
 */
function wrapped(probe) {
  const setpriv = process.platform === 'linux' ? findSetpriv(probe.env.PATH) : null;
  return setpriv === null ? probe.argv : [setpriv, '--pdeathsig', 'SIGKILL', '--', ...probe.argv];
}

/** @type {Map<string, string | null>} */
const setprivByPath = new Map();

/** @param {string | undefined} path */
function findSetpriv(path) {
  const key = path ?? '';
  if (!setprivByPath.has(key)) {
    const dirs = [...key.split(delimiter).filter(Boolean), '/usr/bin', '/bin'];
    setprivByPath.set(key, dirs.map((dir) => join(dir, 'setpriv')).find(isExecutable) ?? null);
  }
  return setprivByPath.get(key) ?? null;
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @param {string} dir */
function isDirectory(dir) {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** @param {import('node:child_process').ChildProcess} child */
function killGroup(child) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

/**
 * The probe could not be spawned: retrying will not help.
 * @param {Probe} probe
 * @param {unknown} err
 * @returns {AttemptResult}
 */
function cannotRun(probe, err) {
  const code = /** @type {NodeJS.ErrnoException} */ (err)?.code;
  return { ready: false, reason: `cannot run ${JSON.stringify(probe.argv[0] ?? '')}: ${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}`, fatal: true };
}

/**
 * `exited with code 2: no response` / `did not exit within 2.0s (killed) (no output)`
 * @param {Probe} probe
 * @param {number | null} code
 * @param {NodeJS.Signals | null} sig
 * @param {boolean} timedOut
 * @param {string} output
 */
function failure(probe, code, sig, timedOut, output) {
  const how = timedOut ? `did not exit within ${(probe.timeoutMs / 1000).toFixed(1)}s (killed)` : code !== null ? `exited with code ${code}` : `was killed by ${sig}`;
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-QUOTE_LINES);
  return `${how}${lines.length > 0 ? `: ${lines.join(' | ')}` : ' (no output)'}`;
}
