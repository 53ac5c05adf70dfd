// A watchdog limit crossed at the wrong moment, against a real stack's units: while the process is already
// stopping, backing off, or for a child that is gone. Nothing happens but `false`; supervision goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackPaths } from '../../src/control/state-dir.js';
import { createDefaultRegistry } from '../../src/ready/registry.js';
import { realClock } from '../../src/supervisor/clock.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { realKill } from '../../src/supervisor/kill-group.js';
import { detectPlatform } from '../../src/supervisor/platform.js';
import { realSpawn } from '../../src/supervisor/spawn-child.js';
import { Stack } from '../../src/supervisor/stack.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';

test('trip() while stopping, while backing off, or for an earlier child does nothing and says so with false', async (t) => {
  const home = tmpDir('pilot-trip-');
  const manifest = makeManifest(home.path, [
    fixtureSpec('stubborn', 'ignores-sigterm.js', [], { timeout: 0.5 }),
    fixtureSpec('loop', 'crash-loop.js', [], { restartPolicy: { backoffInitialSec: 30 } }),
  ]);
  const stack = new Stack(manifest, {
    paths: stackPaths(manifest.file, { PILOT_HOME: home.path }),
    color: false,
    strict: false,
    registry: createDefaultRegistry(),
    writeLogFiles: false,
    platform: detectPlatform(),
    clock: realClock,
    spawn: realSpawn,
    kill: realKill,
    statsSource: null,
    watch: false,
    watchManifest: false,
    loadOptions: {},
  });
  const events: PilotEvent[] = [];
  stack.bus.on((e) => events.push(e));
  t.after(async () => {
    await stack.kill();
    home.remove();
  });
  await stack.start().catch(() => {}); // loop crashes at once: the boot may fail or not, the units stay
  const stubborn = stack.unit('stubborn');
  const pid = stubborn.pid;
  assert.ok(pid);
  assert.equal(stubborn.trip(pid + 1, 'memory', 'memory 9 MB > 1 MB'), false, 'not its current child');
  const stopping = stubborn.stop();
  assert.equal(stubborn.state, 'stopping');
  assert.equal(stubborn.trip(pid, 'memory', 'memory 9 MB > 1 MB'), false, 'already stopping');
  await stopping;
  assert.equal(stubborn.state, 'stopped');
  assert.equal(stubborn.reason, 'stop requested');
  await waitFor(() => stack.unit('loop').state === 'backoff' || stack.unit('loop').state === 'failed', 'loop to back off');
  assert.equal(stack.unit('loop').trip(pid, 'runtime', 'ran for 1 s > max_runtime_sec 1'), false, 'no child while backing off');
  assert.deepEqual(events.filter((e) => e.type === 'watchdog'), []);
});
