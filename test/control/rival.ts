// A rival supervisor for the single-instance races: waits for "go" on stdin, then claims the stack —
// `socket` (its control socket) or `state` (its state file) — prints `won` or `lost CODE/PID`, and holds
// what it won until stdin closes. Run as `node dist/test/control/rival.js socket|state PILOT_HOME MANIFEST`.
import { createInterface } from 'node:readline';
import { startControlServer } from '../../src/control/server.js';
import { ensureStackDirs, stackPaths } from '../../src/control/state-dir.js';
import { PilotError } from '../../src/errors.js';
import { claimStateFile } from '../../src/supervisor/state-claim.js';
import { supervisorAlive } from '../../src/supervisor/sweep.js';
import { FakeTarget } from './fake-target.js';

const [mode, home, manifest] = process.argv.slice(2);
if ((mode !== 'socket' && mode !== 'state') || !home || !manifest) throw new Error('usage: rival.js socket|state PILOT_HOME MANIFEST');
const paths = stackPaths(manifest, { PILOT_HOME: home });
const lines = createInterface({ input: process.stdin });
const ended = new Promise((resolve) => lines.once('close', resolve));
console.log('ready');
await new Promise((resolve) => lines.once('line', resolve));

if (mode === 'socket') {
  try {
    const server = await startControlServer(new FakeTarget(manifest), paths);
    console.log('won');
    await ended;
    await server.close();
  } catch (err) {
    console.log(`lost ${err instanceof PilotError ? err.code : String(err)}`);
  }
} else {
  ensureStackDirs(paths);
  const claim = await claimStateFile(paths.stateFile, { version: 1, supervisor: { pid: process.pid, startTime: null }, children: [] }, supervisorAlive);
  console.log(claim.claimed ? `won ${claim.previous?.supervisor.pid ?? '-'}` : `lost ${claim.holder.supervisor.pid}`);
  await ended;
}
