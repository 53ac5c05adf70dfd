// What a child is started with: layered environment, working directory, CPU affinity through taskset, setpriv.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { PilotError } from '../../src/errors.js';
import { buildArgv } from '../../src/supervisor/child-argv.js';
import { buildChildEnv } from '../../src/supervisor/child-env.js';
import { detectPlatform } from '../../src/supervisor/platform.js';
import { fixtureBin } from '../helpers/paths.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { tmpDir } from '../helpers/tmp.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const cpusAllowed = (pid: number): string => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
const host = detectPlatform();

describe('environment and working directory', () => {
  test('layers pilot, global and process env; the markers cannot be overridden', async (t) => {
    const names = ['A', 'B', 'C', 'PYTHONUNBUFFERED', 'FORCE_COLOR', 'PILOT_STACK', 'PILOT_PROCESS', 'PATH'];
    const h = makeHarness(t, [fixtureSpec('envy', 'print-env.js', names, { env: { B: 'process', C: 'process', PILOT_PROCESS: 'forged' } })], {
      manifest: { env: { A: 'global', B: 'global' } },
      pilot: { color: true },
    });
    await h.pilot.start();
    const line = await h.waitEvent('line', (e) => e.process === 'envy', 'env printed');
    assert.deepEqual(JSON.parse(line.line), {
      A: 'global',
      B: 'process',
      C: 'process',
      PYTHONUNBUFFERED: '1',
      FORCE_COLOR: '1',
      PILOT_STACK: h.stackId,
      PILOT_PROCESS: 'envy',
      PATH: process.env.PATH ?? null,
    });
  });

  test('the ready strategy’s env comes last; colour only when asked', () => {
    const env = buildChildEnv({ manifest: { env: {} }, spec: { name: 'x', env: { PILOT_READY_PIPE: 'mine' } }, stackId: 's', color: false, prepared: { PILOT_READY_PIPE: '/run/x.fifo' }, base: { HOME: '/h' } });
    assert.deepEqual(env, { HOME: '/h', PYTHONUNBUFFERED: '1', PILOT_READY_PIPE: '/run/x.fifo', PILOT_STACK: 's', PILOT_PROCESS: 'x' });
  });

  test('runs in working_directory', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const h = makeHarness(t, [fixtureSpec('where', 'print-cwd.js', [], { workingDirectory: dir.path })]);
    await h.pilot.start();
    const line = await h.waitEvent('line', (e) => e.process === 'where', 'cwd printed');
    assert.equal(line.line, realpathSync(dir.path));
  });
});

describe('wrappers and affinity', { skip: process.platform !== 'linux' }, () => {
  test('affinity [0] pins the process itself (same pid) to CPU 0', { skip: !host.taskset && 'taskset not installed' }, async (t) => {
    const h = makeHarness(t, [fixtureSpec('pinned', 'forever.js', [], { affinity: [0] })]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'armed', 'pinned armed');
    const spawn = h.ofType('spawn')[0];
    assert.ok(spawn);
    assert.equal(cpusAllowed(spawn.pid), '0');
    assert.match(readFileSync(`/proc/${spawn.pid}/cmdline`, 'utf8'), /forever\.js/, 'the wrappers exec the command');
    assert.deepEqual(spawn.argv.slice(-5), [host.taskset, '-c', '0', process.execPath, fixtureBin('forever.js')]);
  });

  test('buildArgv: setpriv outermost, then taskset, then the command', () => {
    const spec = fixtureSpec('x', 'forever.js', [], { affinity: [0, 1] });
    const argv = buildArgv(spec, { os: 'linux', setpriv: '/usr/bin/setpriv', taskset: '/usr/bin/taskset' });
    assert.deepEqual(argv, ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--', '/usr/bin/taskset', '-c', '0,1', ...[spec.command, ...spec.args]]);
    assert.deepEqual(buildArgv(spec, { os: 'darwin', setpriv: null, taskset: null }), [spec.command, ...spec.args]);
  });

  test('without taskset, affinity is a warning and the process runs unpinned', async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { affinity: [0, 1] })], { pilot: { platform: { ...host, taskset: null } } });
    await h.pilot.start();
    const warning = await h.waitEvent('warning', (e) => e.message.includes('affinity'), 'affinity warning');
    assert.equal(warning.message, 'affinity [0,1] for "api" ignored: taskset not found (apt-get install util-linux)');
    assert.ok(!h.ofType('spawn')[0]?.argv.includes('-c'));
  });

  test('on macOS, affinity is reported as unsupported', async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { affinity: [1] })], { pilot: { platform: { os: 'darwin', setpriv: null, taskset: null } } });
    await h.pilot.start();
    assert.ok(h.ofType('warning').some((e) => e.message === 'affinity [1] for "api" ignored: not supported on macOS'));
  });

  test('strict: an affinity that cannot be honoured is an error before anything starts', async (t) => {
    const h = makeHarness(t, [fixtureSpec('ok', 'forever.js'), fixtureSpec('api', 'forever.js', [], { affinity: [0] })], {
      pilot: { strict: true, platform: { ...host, taskset: null } },
    });
    const err = await h.pilot.start().then(() => null, (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.message, 'affinity [0] for "api" ignored: taskset not found (apt-get install util-linux)');
    assert.equal(h.ofType('spawn').length, 0);
    assert.equal((await h.pilot.done).exitCode, 1);
  });

  test('children run under setpriv --pdeathsig when available', { skip: !host.setpriv && 'setpriv not installed' }, async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')]);
    await h.pilot.start();
    assert.deepEqual(h.ofType('spawn')[0]?.argv.slice(0, 4), [host.setpriv, '--pdeathsig', 'SIGKILL', '--']);
  });
});
