// The watchdog's policy in virtual time, against stand-in units: when each limit fires, with which reason,
// what resets it, and that nothing fires once the child is no longer running or the stack is stopping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchdogSpec } from '../../src/manifest/types.js';
import type { PilotEvent, WatchdogLimit } from '../../src/supervisor/events.js';
import type { Beat } from '../../src/supervisor/watchdog/heartbeat-file.js';
import { Watchdog, type WatchedUnit } from '../../src/supervisor/watchdog/watchdog.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { VirtualClock } from '../helpers/supervisor-clock.js';

const MIB = 1024 * 1024;
const PID = 4242;

interface Trip {
  at: number;
  limit: WatchdogLimit;
  reason: string;
}

function setup(watchdog: WatchdogSpec, opts: { accept?: boolean; beats?: Map<string, Beat> } = {}) {
  const clock = new VirtualClock();
  const trips: Trip[] = [];
  const warnings: string[] = [];
  const unit: WatchedUnit = {
    spec: fixtureSpec('api', 'forever.js', [], { watchdog }),
    trip: (pid, limit, reason) => {
      assert.equal(pid, PID);
      trips.push({ at: clock.now(), limit, reason });
      return opts.accept ?? true;
    },
  };
  const beats = opts.beats ?? new Map<string, Beat>();
  const dog = new Watchdog({ clock, lookup: (name) => (name === 'api' ? unit : undefined), warn: (_p, m) => warnings.push(m), mtimeOf: async (path) => beats.get(path) ?? { problem: `${path} does not exist` } });
  const base = { at: 0, process: 'api', pid: PID };
  const send = (e: PilotEvent): void => dog.handle(e);
  return {
    clock,
    trips,
    warnings,
    dog,
    beats,
    spawn: () => send({ ...base, type: 'spawn', attempt: 1, argv: [] }),
    ready: () => send({ ...base, type: 'ready', elapsedMs: 0, detail: 'spawned' }),
    line: () => send({ ...base, type: 'line', stream: 'stdout', line: 'x' }),
    sample: (cpuPercent: number, memoryBytes = 0, pid = PID) => send({ type: 'stats', at: 0, intervalMs: 1000, samples: [{ process: 'api', pid, cpuPercent, memoryBytes, processCount: 1 }] }),
    state: (to: 'stopping' | 'running') => send({ ...base, type: 'state', from: 'running', to, pid: PID }),
    stackStopping: () => send({ type: 'stack', at: 0, phase: 'stopping' }),
  };
}

describe('watchdog limits in virtual time', () => {
  test('silence: fires when no line came for silence_timeout_sec since the last one (or since ready)', async () => {
    const w = setup({ silenceTimeoutSec: 60 });
    w.spawn();
    w.ready();
    await w.clock.advance(59_000);
    w.line();
    await w.clock.advance(59_999);
    assert.deepEqual(w.trips, []);
    await w.clock.advance(1);
    assert.deepEqual(w.trips, [{ at: 119_000, limit: 'silence', reason: 'no output for 60 s' }]);
    await w.clock.advance(600_000);
    assert.equal(w.trips.length, 1, 'fires once');
  });

  test('run time: fires max_runtime_sec after the spawn, counting the time to become ready', async () => {
    const w = setup({ maxRuntimeSec: 3600 });
    w.spawn();
    await w.clock.advance(5000);
    w.ready();
    await w.clock.advance(3_594_999);
    assert.deepEqual(w.trips, []);
    await w.clock.advance(1);
    assert.deepEqual(w.trips, [{ at: 3_600_000, limit: 'runtime', reason: 'ran for 3600 s > max_runtime_sec 3600' }]);
  });

  test('heartbeat: touched in time it never fires; stale, it fires heartbeat_timeout_sec after the last touch', async () => {
    const w = setup({ heartbeatFile: '/run/hb', heartbeatTimeoutSec: 30 });
    w.beats.set('/run/hb', { at: w.clock.wall() - 3_600_000 }); // left by an earlier run: does not count
    w.spawn();
    w.ready();
    for (let i = 0; i < 10; i++) {
      await w.clock.advance(20_000);
      w.beats.set('/run/hb', { at: w.clock.wall() });
    }
    assert.deepEqual(w.trips, []);
    const lastTouch = w.clock.now();
    await w.clock.advance(29_999);
    assert.deepEqual(w.trips, []);
    await w.clock.advance(1);
    assert.deepEqual(w.trips, [{ at: lastTouch + 30_000, limit: 'heartbeat', reason: 'heartbeat file not touched for 30 s' }]);
  });

  test('heartbeat: a file that never existed, or was deleted, fires with what is wrong', async () => {
    const never = setup({ heartbeatFile: '/run/hb', heartbeatTimeoutSec: 30 });
    never.spawn();
    never.ready();
    await never.clock.advance(30_000);
    assert.deepEqual(never.trips, [{ at: 30_000, limit: 'heartbeat', reason: 'heartbeat file not touched for 30 s (/run/hb does not exist)' }]);

    const deleted = setup({ heartbeatFile: '/run/hb', heartbeatTimeoutSec: 30 });
    deleted.spawn();
    deleted.ready();
    await deleted.clock.advance(10_000);
    deleted.beats.set('/run/hb', { at: deleted.clock.wall() });
    await deleted.clock.advance(25_000); // checked at 30 s: touched 20 s ago, next look at 40 s
    deleted.beats.delete('/run/hb');
    await deleted.clock.advance(5000);
    assert.deepEqual(deleted.trips, [{ at: 40_000, limit: 'heartbeat', reason: 'heartbeat file not touched for 30 s (/run/hb does not exist)' }]);
  });

  test('memory: the first sample above max_memory_mb fires, with both numbers', async () => {
    const w = setup({ maxMemoryMb: 512 });
    w.spawn();
    w.ready();
    w.sample(10, 512 * MIB);
    assert.deepEqual(w.trips, []);
    w.sample(10, 812 * MIB);
    assert.deepEqual(w.trips, [{ at: 0, limit: 'memory', reason: 'memory 812 MB > 512 MB' }]);
    const close = setup({ maxMemoryMb: 512 });
    close.spawn();
    close.ready();
    close.sample(10, 512.2 * MIB);
    assert.equal(close.trips[0]?.reason, 'memory 512.2 MB > 512 MB', 'not "512 MB > 512 MB"');
  });

  test('cpu: fires once every sample for [percent, seconds] was above percent; one sample below starts over', async () => {
    const w = setup({ maxCpuPercentSec: [150, 30] });
    w.spawn();
    w.ready();
    for (const cpu of [180, 190, 100, 180, 180, 180, 180, 180]) {
      await w.clock.advance(10_000);
      w.sample(cpu);
    }
    // above since 30 s (the start of the interval of the sample taken at 40 s): 30 s above at 60 s
    assert.deepEqual(w.trips, [{ at: 60_000, limit: 'cpu', reason: 'cpu 180% > 150% for 30 s' }]);
  });

  test('nothing fires for another child, once the unit left running, or once the stack is stopping', async () => {
    const other = setup({ maxMemoryMb: 1, silenceTimeoutSec: 1 });
    other.spawn();
    other.ready();
    other.sample(0, 100 * MIB, PID + 1);
    other.state('stopping');
    other.sample(0, 100 * MIB);
    await other.clock.advance(10_000);
    assert.deepEqual(other.trips, []);
    assert.equal(other.clock.pending, 0, 'its timers are gone');

    const stopping = setup({ silenceTimeoutSec: 1, maxRuntimeSec: 2 });
    stopping.spawn();
    stopping.ready();
    stopping.stackStopping();
    await stopping.clock.advance(10_000);
    stopping.ready(); // a late ready while stopping arms nothing
    await stopping.clock.advance(10_000);
    assert.deepEqual(stopping.trips, []);
  });

  test('a limit crossed while the unit is already stopping or restarting: a clear warning, nothing else', async () => {
    const w = setup({ silenceTimeoutSec: 1 }, { accept: false });
    w.spawn();
    w.ready();
    await w.clock.advance(1000);
    assert.equal(w.trips.length, 1);
    assert.deepEqual(w.warnings, ['watchdog: no output for 1 s, but "api" is no longer running (already stopping or restarting): nothing to do']);
    assert.equal(w.dog.lastReason('api'), null, 'not recorded as a watchdog stop');
  });

  test('no limits set: nothing is armed', async () => {
    const w = setup({});
    w.spawn();
    w.ready();
    assert.equal(w.clock.pending, 0);
  });
});
