// The watchdog as users see it: `pilot up` says which limit was crossed and what became of the process,
// and `pilot ps` shows the reason — while it is down, and after it was restarted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { startUp } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { waitFor } from '../helpers/wait-for.js';
import { runPilot } from './run-cli.js';

test('pilot up logs why the watchdog stopped a process; pilot ps shows the reason, also after a restart', async (t) => {
  // quiet's silence counts from its readiness: its ready file is written once its SIGTERM handler is in place,
  // however slowly node starts. batch restarts without limit (max_restarts: 0), so ps finds it running however late.
  const file = writeManifest(t, `processes:
  - name: quiet
    path: $NODE
    args: [$FIX(forever.js), --ready-file=quiet.ready]
    ready_strategy: file
    ready_params: { path: quiet.ready }
    shutdown_strategy: do_not_restart
    watchdog: { silence_timeout_sec: 0.5 }
  - name: batch
    path: $NODE
    args: [$FIX(chatty.js), 100]
    restart_policy: { backoff_initial_sec: 0, max_restarts: 0 }
    watchdog: { max_runtime_sec: 0.5 }
`);
  const up = startUp(t, file);
  await up.waitForText(/pilot +> quiet watchdog: no output for 0\.5 s; stopping it \(pid \d+\)\n/);
  await up.waitForText(/pilot +> quiet stopped \(exited with code 0\)\npilot +> quiet failed: watchdog: no output for 0\.5 s\n/);
  await up.waitForText(/pilot +> batch watchdog: ran for 0\.5 s > max_runtime_sec 0\.5; stopping it \(pid \d+\)\n/);
  await up.waitForText(/pilot +> batch restarted \(pid \d+, start #2\)/);

  const ps = (args: string[]) => runPilot(['ps', '--file', file, ...args], { env: { PILOT_HOME: up.home } });
  const statuses = async (): Promise<ProcessStatus[]> => JSON.parse((await ps(['--json'])).stdout) as ProcessStatus[];
  const batch = await waitFor(async () => (await statuses()).find((s) => s.name === 'batch' && s.state === 'running'), 'batch running again');
  assert.equal(batch.watchdog, 'ran for 0.5 s > max_runtime_sec 0.5');
  const quiet = (await statuses()).find((s) => s.name === 'quiet');
  assert.deepEqual([quiet?.state, quiet?.reason, quiet?.watchdog], ['failed', 'watchdog: no output for 0.5 s', 'no output for 0.5 s']);

  const table = await waitFor(async () => {
    const r = await ps([]);
    return /^batch +running .*; last watchdog stop: ran for 0\.5 s > max_runtime_sec 0\.5$/m.test(r.stdout) ? r.stdout : null;
  }, 'the table with batch running');
  assert.match(table, /^quiet +failed +- +- +0 +- +- +0 +watchdog: no output for 0\.5 s$/m);
});
