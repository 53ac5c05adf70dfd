// supervisord: $SUPERVISORD_BIN / $SUPERVISORCTL_BIN, else PATH (Debian: `apt-get install -y supervisor`).
// A private config, socket, pid file and logs in the run directory; the system's supervisor service is never used.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { which } from '../commands.mjs';
import { readCmdline } from '../proc.mjs';
import { BaseSystem } from './base.mjs';

// supervisord splits `command=` with shlex and expands %(name)s in values.
const quote = (s) => (/^[A-Za-z0-9_/.:=@+-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'"'"'`)}'`);
const esc = (s) => String(s).replace(/%/g, '%%');

export class SupervisordSystem extends BaseSystem {
  static id = 'supervisord';
  static supportsDeps = false;
  static monitors = false;
  static downIsSafe = false;

  static probe() {
    const bin = which(process.env.SUPERVISORD_BIN) ?? which('supervisord');
    const ctl = which(process.env.SUPERVISORCTL_BIN) ?? which('supervisorctl');
    if (!bin || !ctl) return { ok: false, reason: 'supervisord not found', install: 'apt-get install -y supervisor (or set SUPERVISORD_BIN and SUPERVISORCTL_BIN)' };
    let version;
    try {
      version = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
    } catch {
      return { ok: false, reason: `${bin} --version failed` };
    }
    return { ok: true, bin, ctl, version };
  }

  constructor(run, probe) {
    super(run, probe);
    this.bin = probe.bin;
    this.ctl = probe.ctl;
    this.conf = join(run.dir, 'supervisord.conf');
    this.pidfile = join(run.dir, 'supervisord.pid');
  }

  writeConfig(apps) {
    this.apps = apps;
    const d = this.run.dir;
    const socket = esc(join(d, 'supervisor.sock'));
    const lines = [
      '[unix_http_server]', `file=${socket}`, '',
      '[supervisord]', `logfile=${esc(join(d, 'supervisord.log'))}`, `pidfile=${esc(this.pidfile)}`, `childlogdir=${esc(join(d, 'logs'))}`,
      'user=root', `minfds=${Math.max(1024, apps.length * 6 + 100)}`, '',
      '[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '',
      '[supervisorctl]', `serverurl=unix://${socket}`, '',
    ];
    for (const a of apps) {
      const argv = a.kind === 'node' ? [process.execPath, ...a.argv] : a.argv;
      lines.push(
        `[program:${a.name}]`,
        `command=${esc(argv.map(quote).join(' '))}`,
        `directory=${esc(a.cwd)}`,
        'autostart=true',
        'autorestart=true',
        'startsecs=0', // RUNNING at once: no start-up grace period to wait out
        'startretries=3',
        'stopsignal=TERM',
        'stopwaitsecs=10',
        `stdout_logfile=${esc(a.out)}`,
        'stdout_logfile_maxbytes=0', // no rotation (the log burst writes 20 MB)
        'stdout_logfile_backups=0',
        `stderr_logfile=${esc(a.err)}`,
        'stderr_logfile_maxbytes=0',
        'stderr_logfile_backups=0',
        '',
      );
    }
    writeFileSync(this.conf, lines.join('\n'));
  }

  upArgv() {
    return [this.bin, '-c', this.conf]; // daemonises and returns before it spawns anything
  }

  downArgv() {
    return [this.ctl, '-c', this.conf, 'shutdown'];
  }

  statusArgv() {
    return [this.ctl, '-c', this.conf, 'status'];
  }

  restartArgv(name) {
    return [this.ctl, '-c', this.conf, 'restart', name];
  }

  daemonPids() {
    try {
      const pid = Number.parseInt(readFileSync(this.pidfile, 'utf8'), 10);
      return pid && (readCmdline(pid) ?? '').includes('supervisord') ? [pid] : [];
    } catch {
      return [];
    }
  }
}
