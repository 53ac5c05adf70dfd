// pilot: this repository's CLI (bin/pilot.js, built by `npm run build`), or $PILOT_BIN.
// Every command runs with PILOT_HOME in the run directory, so the stack's state, socket and logs are the run's own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable, which } from '../commands.mjs';
import { isAlive } from '../proc.mjs';
import { BaseSystem } from './base.mjs';

const REPO_BIN = new URL('../../../bin/pilot.js', import.meta.url).pathname;
const BUILT = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const y = (s) => JSON.stringify(String(s)); // a JSON string is a YAML scalar

/** The manifest: Process Pilot's format (README, "A manifest"). */
export function renderManifest(apps, opts = {}) {
  // One log file per process for the whole run: a 200,000-line burst is ~26 MB with pilot's timestamps, more than
  // the default 10 MB rotation (supervisord's adapter turns rotation off too; PM2 has none without a module).
  const lines = ['# written by bench/ (pilot adapter)', 'logs: { max_size_mb: 100 }'];
  if (opts.monitorIntervalS !== undefined) lines.push(`stats_interval_sec: ${opts.monitorIntervalS}`);
  lines.push('processes:');
  for (const a of apps) {
    const argv = a.kind === 'node' ? [process.execPath, ...a.argv] : a.argv;
    lines.push(
      `  - name: ${y(a.name)}`,
      `    path: ${y(argv[0])}`,
      `    args: [${argv.slice(1).map(y).join(', ')}]`,
      `    working_directory: ${y(a.cwd)}`,
      '    shutdown_strategy: restart',
      '    restart_policy: { backoff_initial_sec: 0, max_restarts: 0 }', // restart at once, never give up
    );
    if (a.dependsOn) lines.push(`    dependencies: [${y(a.dependsOn)}]`);
    if (a.readyTcpPort) {
      lines.push('    ready_strategy: tcp', '    ready_timeout_sec: 30', `    ready_params: { port: ${a.readyTcpPort}, host: "127.0.0.1" }`);
    }
  }
  return lines.join('\n') + '\n';
}

export class PilotSystem extends BaseSystem {
  static id = 'pilot';
  static supportsDeps = true;
  static monitors = true;
  static downIsSafe = true;

  static probe() {
    const bin = process.env.PILOT_BIN ? which(process.env.PILOT_BIN) : isExecutable(REPO_BIN) && existsSync(BUILT) ? REPO_BIN : null;
    if (!bin) {
      return process.env.PILOT_BIN
        ? { ok: false, reason: `PILOT_BIN=${process.env.PILOT_BIN} is not an executable` }
        : { ok: false, reason: 'pilot is not built', install: 'npm run build' };
    }
    let version;
    try {
      version = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim().split('\n')[0];
    } catch {
      return { ok: false, reason: `${bin} --version failed` };
    }
    return { ok: true, bin, version };
  }

  constructor(run, probe) {
    super(run, probe);
    this.bin = probe.bin;
    this.home = join(run.dir, 'pilot-home');
    mkdirSync(this.home, { recursive: true });
    this.env.PILOT_HOME = this.home;
    this.manifest = join(run.dir, 'pilot.yaml');
  }

  writeConfig(apps, opts = {}) {
    this.apps = apps;
    writeFileSync(this.manifest, renderManifest(apps, opts));
  }

  /** `<PILOT_HOME>/<stack>/logs/NAME.log`. */
  logFile(name) {
    return join(this.stackDir() ?? join(this.home, 'unknown-stack'), 'logs', `${name}.log`);
  }

  upArgv() {
    return [this.bin, 'up', this.manifest, '-d'];
  }

  downArgv() {
    return [this.bin, 'down', '--file', this.manifest];
  }

  statusArgv() {
    return [this.bin, 'ps', '--file', this.manifest];
  }

  restartArgv(name) {
    return [this.bin, 'restart', name, '--file', this.manifest];
  }

  /** The supervisor, from the stack's state file. */
  daemonPids() {
    const dir = this.stackDir();
    if (!dir) return [];
    try {
      const pid = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).supervisor.pid;
      return Number.isInteger(pid) && isAlive(pid) ? [pid] : [];
    } catch {
      return [];
    }
  }

  // The one stack directory under PILOT_HOME (its name hashes the manifest's path).
  stackDir() {
    try {
      const dir = readdirSync(this.home, { withFileTypes: true }).find((e) => e.isDirectory());
      return dir ? join(this.home, dir.name) : null;
    } catch {
      return null;
    }
  }
}
