// A fresh directory per measured run: the systems' state, config and logs, a private sleep, the child programs.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { which } from './commands.mjs';

const CHILDREN = new URL('children/', import.meta.url).pathname;
export const RUN_PREFIX = '/tmp/bench-run-';

let counter = 0;

/**
 * `{ dir, logFile, bsleep }` for one run of `system` in `scenario`. `bsleep` is a private copy of sleep(1): its
 * path contains the run directory, so the run's children are found in /proc by command line whatever the
 * system's process tree looks like.
 */
export function newRun(session, scenario, system) {
  const dir = `${RUN_PREFIX}${session}-${scenario}-${system}-${++counter}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const bsleep = join(dir, 'bin', 'bsleep');
  copyFileSync(realpathSync(which('sleep') ?? '/bin/sleep'), bsleep);
  chmodSync(bsleep, 0o755);
  for (const f of readdirSync(CHILDREN)) copyFileSync(join(CHILDREN, f), join(dir, f));
  return { dir, logFile: join(dir, 'cli.log'), bsleep };
}

/**
 * One supervised program, as every adapter takes it: `kind` 'exec' (argv[0] is an executable) or 'node'
 * (argv[0] is a script run by node); `dependsOn` another app's name, ready once `readyTcpPort` accepts.
 */
export function app(run, name, kind, argv, extra = {}) {
  return {
    name,
    kind,
    argv,
    cwd: run.dir,
    out: join(run.dir, 'logs', `${name}.out.log`),
    err: join(run.dir, 'logs', `${name}.err.log`),
    dependsOn: null,
    readyTcpPort: null,
    ...extra,
  };
}
