// PM2: $PM2_BIN, else pm2 on PATH, else /tmp/peers/node_modules/.bin/pm2 (`npm install --prefix /tmp/peers pm2`).
// Every command runs with PM2_HOME in the run directory: any pm2 command without it would start a God daemon in ~/.pm2.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { which } from '../commands.mjs';
import { readCmdline } from '../proc.mjs';
import { BaseSystem } from './base.mjs';

export const PEERS_PREFIX = '/tmp/peers';

// PM2's version from its package.json (`pm2 --version` would need a PM2_HOME and may start a daemon).
function packageVersion(bin) {
  try {
    let dir = dirname(realpathSync(bin));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === 'pm2') return pkg.version;
    }
  } catch {
    // unknown
  }
  return null;
}

export class Pm2System extends BaseSystem {
  static id = 'pm2';
  static supportsDeps = false;
  static monitors = true;

  static probe() {
    const bin = which(process.env.PM2_BIN) ?? which('pm2') ?? which(join(PEERS_PREFIX, 'node_modules/.bin/pm2'));
    if (!bin) return { ok: false, reason: 'pm2 not found', install: `npm install --prefix ${PEERS_PREFIX} pm2 (or set PM2_BIN)` };
    return { ok: true, bin, version: packageVersion(bin) };
  }

  constructor(run, probe) {
    super(run, probe);
    this.bin = probe.bin;
    this.home = join(run.dir, 'pm2home');
    mkdirSync(this.home, { recursive: true });
    this.env.PM2_HOME = this.home;
    this.ecosystem = join(run.dir, 'ecosystem.config.js');
  }

  writeConfig(apps, opts = {}) {
    this.apps = apps;
    // PM2's own monitoring is the God daemon's worker: every PM2_WORKER_INTERVAL ms (default 30 s) it reads each
    // process's CPU and memory (pidusage) to enforce max_memory_restart.
    if (opts.monitorIntervalS) this.env.PM2_WORKER_INTERVAL = String(opts.monitorIntervalS * 1000);
    const conf = {
      apps: apps.map((a) => ({
        name: a.name,
        script: a.argv[0],
        args: a.argv.slice(1),
        // 'none' execs the binary itself; node scripts run in PM2's node wrapper (ProcessContainerFork), as PM2 users run them
        interpreter: a.kind === 'node' ? 'node' : 'none',
        exec_mode: 'fork',
        cwd: a.cwd,
        autorestart: true,
        restart_delay: 0,
        max_restarts: 100_000, // never "too many unstable restarts" in a benchmark
        out_file: a.out,
        error_file: a.err,
        merge_logs: true,
        ...(opts.monitorIntervalS ? { max_memory_restart: '1G' } : {}),
      })),
    };
    writeFileSync(this.ecosystem, `module.exports = ${JSON.stringify(conf, null, 2)};\n`);
  }

  upArgv() {
    return [this.bin, 'start', this.ecosystem];
  }

  downArgv() {
    return [this.bin, 'kill'];
  }

  statusArgv() {
    return [this.bin, 'jlist'];
  }

  restartArgv(name) {
    return [this.bin, 'restart', name];
  }

  daemonPids() {
    try {
      const pid = Number.parseInt(readFileSync(join(this.home, 'pm2.pid'), 'utf8'), 10);
      return pid && (readCmdline(pid) ?? '').includes('PM2') ? [pid] : [];
    } catch {
      return [];
    }
  }
}
