// The argv a process is started with: its command, wrapped in setpriv/taskset where the host allows.
import type { ProcessSpec } from '../manifest/types.js';
import type { Platform } from './platform.js';

/** The command names of the wrappers below while they run, before they exec the command (/proc's comm). */
export const WRAPPER_NAMES: ReadonlySet<string> = new Set(['setpriv', 'taskset']);

/** The full argv; wrappers exec the command, so the final process keeps the spawned pid. */
export function buildArgv(spec: ProcessSpec, platform: Platform): string[] {
  let argv = [spec.command, ...spec.args];
  if (spec.affinity && spec.affinity.length > 0 && platform.taskset) {
    argv = [platform.taskset, '-c', spec.affinity.join(','), ...argv];
  }
  if (platform.setpriv) argv = [platform.setpriv, '--pdeathsig', 'SIGKILL', '--', ...argv];
  return argv;
}

/** Why `affinity` cannot be honoured on this host, or null when it can (or is not set). */
export function affinityProblem(spec: ProcessSpec, platform: Platform): string | null {
  if (!spec.affinity || spec.affinity.length === 0) return null;
  const what = `affinity [${spec.affinity.join(',')}] for "${spec.name}" ignored`;
  if (platform.os === 'darwin') return `${what}: not supported on macOS`;
  if (platform.os !== 'linux') return `${what}: not supported on ${platform.os}`;
  if (!platform.taskset) return `${what}: taskset not found (apt-get install util-linux)`;
  return null;
}
