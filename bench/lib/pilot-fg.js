'use strict';
// Runs a foreground `pilot up` as if it were a daemon, for pilots without `up -d`:
//   node pilot-fg.js up PILOT_BIN MANIFEST PIDFILE LOG   starts it detached, writes its pid, exits at once
//   node pilot-fg.js down PIDFILE                         SIGTERM, then waits until the supervisor is gone
// The harness times `up` from the spawn of this launcher, so its own start-up (~40 ms of node) counts against pilot.
const fs = require('fs');
const cp = require('child_process');

const [cmd, ...rest] = process.argv.slice(2);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

if (cmd === 'up') {
  const [bin, manifest, pidFile, log] = rest;
  const fd = fs.openSync(log, 'a');
  // Run the bin itself (not `node bin`), so the node flags in its shebang apply as they do for users.
  const child = cp.spawn(bin, ['up', manifest], { detached: true, stdio: ['ignore', fd, fd], env: process.env });
  fs.writeFileSync(pidFile, String(child.pid));
  child.unref();
  process.exit(0);
} else if (cmd === 'down') {
  const [pidFile] = rest;
  let pid = 0;
  try { pid = parseInt(fs.readFileSync(pidFile, 'utf8'), 10); } catch { process.exit(0); }
  try { process.kill(pid, 'SIGTERM'); } catch { process.exit(0); }
  const deadline = Date.now() + 30000;
  const tick = () => {
    if (!alive(pid)) process.exit(0);
    if (Date.now() > deadline) { try { process.kill(pid, 'SIGKILL'); } catch {} process.exit(1); }
    setTimeout(tick, 2);
  };
  tick();
} else {
  process.stderr.write('usage: pilot-fg.js up BIN MANIFEST PIDFILE LOG | down PIDFILE\n');
  process.exit(2);
}
