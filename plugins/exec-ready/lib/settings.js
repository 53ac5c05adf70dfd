// @ts-check
// The exec strategy's ready_params, read once: what pilot validate checks and what each attempt runs.
import { isAbsolute, resolve } from 'node:path';
import { Params, describeValue, orThrow } from '../../shared/params.js';
/** @import { ParamProblem } from 'pilot' */

export const PARAMETERS = ['command', 'shell', 'working_directory', 'env', 'attempt_timeout_sec', 'interval_sec'];

/**
 * @typedef {object} ExecSettings
 * @property {string[]} argv what is run (with `shell`, /bin/sh -c and the command)
 * @property {string} display the command as written, for messages
 * @property {string | null} workingDirectory relative to the process's working directory; null = the same
 * @property {Record<string, string>} env added to the process's environment
 * @property {number} attemptMs
 * @property {number} intervalMs
 */

/**
 * @param {Readonly<Record<string, unknown>>} params ready_params as written
 * @returns {{ settings: ExecSettings; problems: ParamProblem[] }}
 */
export function readSettings(params) {
  const p = new Params(params, PARAMETERS, 'the exec strategy');
  const shell = p.boolean('shell', false);
  const command = readCommand(p, shell);
  const workingDirectory = p.string('working_directory', { fallback: null });
  const settings = {
    argv: command.argv,
    display: command.display,
    workingDirectory,
    env: p.stringMap('env', (name) => (/^[^=\0]+$/.test(name) ? undefined : 'is not a valid environment variable name')),
    attemptMs: p.millis('attempt_timeout_sec', 2),
    intervalMs: p.millis('interval_sec', 0.25),
  };
  return { settings, problems: p.problems };
}

/** The settings, or an Error listing what is wrong. */
export const settingsOrThrow = orThrow(readSettings, 'ready_params');

/**
 * Where the probe runs: the process's working directory, or `working_directory` relative to it.
 * @param {ExecSettings} settings
 * @param {string} processDirectory
 */
export function probeDirectory(settings, processDirectory) {
  const dir = settings.workingDirectory;
  return dir === null ? processDirectory : isAbsolute(dir) ? dir : resolve(processDirectory, dir);
}

/**
 * argv as a list (no shell), or a string for /bin/sh -c with `shell: true`.
 * @param {Params} p
 * @param {boolean} shell
 * @returns {{ argv: string[]; display: string }}
 */
function readCommand(p, shell) {
  const none = { argv: [], display: '' };
  const command = p.params.command;
  const hint = 'a list runs without a shell: command: [pg_isready, -h, 127.0.0.1]; a string needs shell: true: command: "curl -fs localhost:8080 | grep ok"';
  if (command === undefined) {
    p.problem(undefined, 'command is required', hint);
    return none;
  }
  if (shell) {
    if (typeof command === 'string' && command.trim() !== '') return { argv: ['/bin/sh', '-c', command], display: command };
    p.problem('command', `must be a non-empty string with shell: true, got ${describeValue(command)}`, hint);
    return none;
  }
  if (typeof command === 'string') {
    p.problem('command', 'is a string, which needs shell: true; without a shell, write it as a list of arguments', hint);
    return none;
  }
  if (!Array.isArray(command) || command.length === 0) {
    p.problem('command', `must be a non-empty list of arguments, got ${describeValue(command)}`, hint);
    return none;
  }
  /** @type {string[]} */
  const argv = [];
  command.forEach((arg, i) => {
    if (typeof arg === 'string' || typeof arg === 'number') argv.push(String(arg));
    else p.problem(`command.${i}`, `must be a string or a number, got ${describeValue(arg)}`);
  });
  if (argv[0] === '') p.problem('command.0', 'must name a program');
  return { argv, display: argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ') };
}
