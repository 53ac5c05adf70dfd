'use strict';
// supervisord adapter. Binaries: $SUPERVISORD_BIN / $SUPERVISORCTL_BIN, else PATH
// (Debian: apt-get install -y supervisor). Private config, socket, pidfile and
// logs live in the run dir; the system-wide supervisor service is not used.

const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const U = require('../util');
const { BaseAdapter } = require('./base');

// supervisord splits `command=` with shlex and expands %(...)s in values.
const q = (s) => (/^[A-Za-z0-9_/.:=@+-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'"'"'`)}'`);
const esc = (s) => String(s).replace(/%/g, '%%');

class SupervisordAdapter extends BaseAdapter {
  static id = 'supervisord';
  static supportsDeps = false;

  static probe() {
    const d = U.which(process.env.SUPERVISORD_BIN) || U.which('supervisord');
    const c = U.which(process.env.SUPERVISORCTL_BIN) || U.which('supervisorctl');
    if (!d || !c) return { ok: false, reason: 'supervisord/supervisorctl not found (apt-get install -y supervisor)' };
    let version = null;
    try { version = cp.execFileSync(d, ['--version'], { timeout: 10000, encoding: 'utf8' }).trim(); } catch {}
    return { ok: true, bin: d, ctl: c, version };
  }

  constructor(run, probe) {
    super(run, probe);
    this.bin = probe.bin;
    this.ctl = probe.ctl;
    this.conf = path.join(run.dir, 'supervisord.conf');
    this.pidfile = path.join(run.dir, 'supervisord.pid');
  }

  writeConfig(apps) {
    this.apps = apps;
    const d = this.run.dir;
    const L = [
      '[unix_http_server]',
      `file=${esc(path.join(d, 'supervisor.sock'))}`,
      '',
      '[supervisord]',
      `logfile=${esc(path.join(d, 'supervisord.log'))}`,
      `pidfile=${esc(this.pidfile)}`,
      `childlogdir=${esc(path.join(d, 'logs'))}`,
      'user=root',
      '',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '',
      '[supervisorctl]',
      `serverurl=unix://${esc(path.join(d, 'supervisor.sock'))}`,
      '',
    ];
    for (const a of apps) {
      const argv = a.kind === 'node' ? [process.execPath, ...a.argv] : a.argv;
      L.push(
        `[program:${a.name}]`,
        `command=${esc(argv.map(q).join(' '))}`,
        `directory=${esc(a.cwd)}`,
        'autostart=true',
        'autorestart=true',
        'startsecs=0', // RUNNING immediately; no backoff bookkeeping
        'startretries=3',
        'stopsignal=TERM',
        'stopwaitsecs=10',
        `stdout_logfile=${esc(a.out)}`,
        'stdout_logfile_maxbytes=0', // no rotation (log_throughput writes ~20 MB)
        'stdout_logfile_backups=0',
        `stderr_logfile=${esc(a.err)}`,
        'stderr_logfile_maxbytes=0',
        'stderr_logfile_backups=0',
        '',
      );
    }
    fs.mkdirSync(path.join(d, 'logs'), { recursive: true });
    fs.writeFileSync(this.conf, L.join('\n'));
  }

  upArgv() { return [this.bin, '-c', this.conf]; } // daemonises, returns early
  downArgv() { return [this.ctl, '-c', this.conf, 'shutdown']; }
  statusArgv() { return [this.ctl, '-c', this.conf, 'status']; }
  restartArgv(name) { return [this.ctl, '-c', this.conf, 'restart', name]; }

  daemonPids() {
    try {
      const pid = parseInt(fs.readFileSync(this.pidfile, 'utf8'), 10);
      const cmd = U.readCmdline(pid) || '';
      return pid && cmd.includes('supervisord') ? [pid] : [];
    } catch { return []; }
  }
}

module.exports = SupervisordAdapter;
