// What every system adapter provides, and the cleanup they share. One instance per measured run.
//
//   static id, static title        'pilot' | 'pm2' | 'supervisord'
//   static probe()                 { ok, reason?, install?, version?, ... }; cheap, never starts a daemon
//   static supportsDeps            can order start-up on readiness
//   static monitors                samples its processes' CPU and memory by itself
//   writeConfig(apps, opts)        the system's config for the apps (see run-dir.mjs app()); opts.monitorIntervalS
//   upArgv() / downArgv()          boot daemon and apps / stop apps and daemon
//   statusArgv() / restartArgv(n)  list processes / restart one
//   daemonPids()                   the supervisor's pid(s), [] when unknown (the harness then uses the children's parents)
//   logFile(name)                  where the app's stdout is captured
//   env, cwd                       for every command
import { rmSync } from 'node:fs';
import { waitForSync } from '../clock.mjs';
import { runSync } from '../commands.mjs';
import { log } from '../log.mjs';
import { descendantsOf, isAlive, killPid, pidsMatching } from '../proc.mjs';

export class BaseSystem {
  /** The system's down command has no side effect when nothing runs (pm2's would start a daemon). */
  static downIsSafe = false;

  constructor(run, probe) {
    this.run = run;
    this.probe = probe;
    this.env = { ...process.env };
    this.cwd = run.dir;
    this.apps = [];
    this.upInvoked = false;
    this.downDone = false;
    this.knownDaemonPids = [];
    this.cleaned = false;
  }

  logFile(name) {
    return this.apps.find((a) => a.name === name)?.out ?? null;
  }

  cmd(argv, timeoutMs = 60_000) {
    return runSync(argv, { env: this.env, cwd: this.cwd, timeoutMs, logFile: this.run.logFile });
  }

  /** Remembers the daemon pids seen during the run, for cleanup. */
  noteDaemons(pids) {
    this.knownDaemonPids = [...new Set([...this.knownDaemonPids, ...pids])];
  }

  /**
   * Synchronous, idempotent: the system's own down command while its daemon lives, then SIGKILL by pid for the
   * daemon and anything whose command line names the run directory; then the directory goes (unless kept).
   */
  cleanup({ keepDir = false } = {}) {
    if (this.cleaned) return;
    this.cleaned = true;
    let daemons = [];
    try {
      daemons = this.daemonPids();
    } catch {
      // no pid file
    }
    daemons = [...new Set([...daemons, ...this.knownDaemonPids])].filter(isAlive);
    const tracked = new Set([...descendantsOf(daemons), ...pidsMatching(this.run.dir)]);
    if (daemons.length > 0 || (this.constructor.downIsSafe && this.upInvoked && !this.downDone)) {
      const r = this.cmd(this.downArgv(), 20_000);
      if (r.status !== 0) log(`cleanup ${this.constructor.id}: down exited ${r.status ?? r.signal} ${r.error ?? ''}`);
      waitForSync(() => daemons.every((p) => !isAlive(p)), { timeoutMs: 10_000 });
    }
    for (const pid of pidsMatching(this.run.dir)) tracked.add(pid);
    for (const pid of [...daemons, ...tracked]) {
      if (!isAlive(pid)) continue;
      log(`cleanup ${this.constructor.id}: SIGKILL ${pid}, still alive after down`);
      killPid(pid);
    }
    if (keepDir || process.env.BENCH_KEEP) log(`kept ${this.run.dir} (the systems' output is in cli.log)`);
    else rmSync(this.run.dir, { recursive: true, force: true });
  }
}
