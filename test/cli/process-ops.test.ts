// `pilot restart|stop|start NAME…` against a stack run by `pilot up` in the foreground.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { startUp, type UpRun } from '../helpers/cli-up.js';
import { freePort } from '../helpers/free-port.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { isAlive } from '../helpers/procs.js';
import { accepts } from '../helpers/tcp-probe.js';
import { runPilot, type CliResult } from './run-cli.js';

interface Stack {
  file: string;
  up: UpRun;
  pilot: (...args: string[]) => Promise<CliResult>;
  status: () => Promise<Map<string, ProcessStatus>>;
}

// Boots `yaml` with `pilot up` (own PILOT_HOME) and waits until every process is ready.
async function bootStack(t: TestContext, yaml: string): Promise<Stack> {
  const file = writeManifest(t, yaml);
  const up = startUp(t, file);
  await up.waitForText('all processes ready');
  const pilot = (...args: string[]): Promise<CliResult> => runPilot([...args, '--file', file], { env: { PILOT_HOME: up.home } });
  const status = async (): Promise<Map<string, ProcessStatus>> => {
    const r = await pilot('ps', '--json');
    assert.equal(r.code, 0, r.stderr);
    return new Map((JSON.parse(r.stdout) as ProcessStatus[]).map((s) => [s.name, s]));
  };
  return { file, up, pilot, status };
}

const pidOf = (statuses: Map<string, ProcessStatus>, name: string): number | null => statuses.get(name)?.pid ?? null;

const tcpProcess = (name: string, port: number, delayMs: number, extra = ''): string =>
  `  - name: ${name}\n    path: $NODE\n    args: [$FIX(tcp-after.js), "${port}", "${delayMs}"]\n    ready_strategy: tcp\n    ready_params: { port: ${port} }\n${extra}`;

describe('pilot restart', () => {
  test('changes exactly the named pids and reports each old → new pid with its readiness', async (t) => {
    const stack = await bootStack(
      t,
      `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)], dependencies: [a] }\n  - { name: c, path: $NODE, args: [$FIX(forever.js)] }\n`,
    );
    const before = await stack.status();
    const r = await stack.pilot('restart', 'b');
    assert.equal(r.code, 0, r.stderr);
    const after = await stack.status();
    assert.equal(r.stdout, `restarted b (pid ${pidOf(before, 'b')} → ${pidOf(after, 'b')}), ready in ${/ready in (\d+ ms)/.exec(r.stdout)?.[1]}\n`);
    assert.notEqual(pidOf(after, 'b'), pidOf(before, 'b'));
    assert.equal(pidOf(after, 'a'), pidOf(before, 'a'), 'a (a dependency of b) is untouched');
    assert.equal(pidOf(after, 'c'), pidOf(before, 'c'));
    assert.ok(!isAlive(pidOf(before, 'b') ?? 0), 'the old b is gone');

    const two = await stack.pilot('restart', 'c', 'a');
    assert.equal(two.code, 0, two.stderr);
    const last = await stack.status();
    assert.notEqual(pidOf(last, 'a'), pidOf(after, 'a'));
    assert.notEqual(pidOf(last, 'c'), pidOf(after, 'c'));
    assert.equal(pidOf(last, 'b'), pidOf(after, 'b'), 'b (a dependent of a) is untouched without --with-dependents');
    assert.deepEqual(two.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').slice(0, 2).join(' ')), ['restarted a', 'restarted c'], 'one line each, in the stack\'s order');
  });

  test('--with-dependents restarts what depends on them too, each dependency ready before its dependent respawns', async (t) => {
    const port = await freePort();
    const stack = await bootStack(
      t,
      `processes:\n${tcpProcess('db', port, 200)}  - { name: web, path: $NODE, args: [$FIX(forever.js)], dependencies: [db] }\n  - { name: other, path: $NODE, args: [$FIX(forever.js)] }\n`,
    );
    const before = await stack.status();
    const r = await stack.pilot('restart', 'db', '--with-dependents');
    assert.equal(r.code, 0, r.stderr);
    const after = await stack.status();
    assert.match(r.stdout, /^restarted db \(pid \d+ → \d+\), ready in \d+ ms\nrestarted web \(pid \d+ → \d+\), ready in \d+ ms\n$/);
    assert.notEqual(pidOf(after, 'db'), pidOf(before, 'db'));
    assert.notEqual(pidOf(after, 'web'), pidOf(before, 'web'));
    assert.equal(pidOf(after, 'other'), pidOf(before, 'other'));
    const dbReady = Date.parse(after.get('db')?.ready_at ?? '');
    const webStarted = Date.parse(after.get('web')?.started_at ?? '');
    assert.ok(dbReady <= webStarted, `web respawned (${webStarted}) after db was ready (${dbReady})`);
  });

  test('an unknown name: exit 2 listing the valid ones, nothing restarted', async (t) => {
    const stack = await bootStack(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)] }\n`);
    const before = await stack.status();
    const r = await stack.pilot('restart', 'a', 'nope', 'zilch');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'pilot: unknown processes "nope", "zilch" (processes: a, b)\n');
    const after = await stack.status();
    assert.deepEqual([...after.values()].map((s) => [s.pid, s.restarts]), [...before.values()].map((s) => [s.pid, s.restarts]));
  });

  test('two restarts of one process at once join: one new pid, both report it', async (t) => {
    const port = await freePort();
    // Ready 3 s after each start: the second request arrives while the first restart waits, however much
    // longer one CLI takes to start than the other on a loaded machine.
    const stack = await bootStack(t, `processes:\n${tcpProcess('slow', port, 3000)}`);
    const before = await stack.status();
    const [one, two] = await Promise.all([stack.pilot('restart', 'slow'), stack.pilot('restart', 'slow')]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const after = await stack.status();
    assert.equal(after.get('slow')?.restarts, (before.get('slow')?.restarts ?? 0) + 1, 'restarted once');
    const newPid = pidOf(after, 'slow');
    // The later of the two may have found the restart under way (the old pid already gone).
    for (const r of [one, two]) assert.match(r.stdout, new RegExp(`^restarted slow \\(pid (${pidOf(before, 'slow')} → )?${newPid}\\), ready in \\d+ ms\\n$`));
    assert.match(one.stdout + two.stdout, new RegExp(`pid ${pidOf(before, 'slow')} → ${newPid}`));
  });

  test('a restart that fails readiness: exit 1 with the reason and the process\'s last lines', async (t) => {
    const port = await freePort();
    const marker = join(tmpdir(), `pilot-first-run-${process.pid}-${port}`);
    t.after(async () => (await import('node:fs')).rmSync(marker, { force: true }));
    const stack = await bootStack(
      t,
      `processes:\n  - name: flaky\n    path: $NODE\n    args: [$FIX(listens-first-run-only.js), "${port}", ${JSON.stringify(marker)}]\n    ready_strategy: tcp\n    ready_timeout_sec: 3\n    ready_params: { port: ${port} }\n    restart_policy: { max_restarts: 0 }\n`,
    );
    const r = await stack.pilot('restart', 'flaky');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^pilot: restart flaky failed: .*not accepting connections/);
    assert.match(r.stderr, /\n {2}flaky is (failed|backoff|starting)/);
    assert.match(r.stderr, /\n {4}flaky \| not listening this time\n/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('--json prints the statuses after the restart', async (t) => {
    const stack = await bootStack(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n`);
    const r = await stack.pilot('restart', 'a', '--json');
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as ProcessStatus[];
    assert.deepEqual(list.map((s) => [s.name, s.state, s.restarts]), [['a', 'running', 1]]);
    assert.equal(list[0]?.pid, pidOf(await stack.status(), 'a'));
  });
});

describe('pilot stop / start', () => {
  test('a stopped process stays stopped until started; start waits for its readiness', async (t) => {
    const port = await freePort();
    const clockPort = await freePort();
    const stack = await bootStack(t, `processes:\n${tcpProcess('api', port, 400)}${tcpProcess('clock', clockPort, 300)}`);
    const before = await stack.status();

    const stopped = await stack.pilot('stop', 'api');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.stdout, 'stopped api\n');
    assert.ok(!isAlive(pidOf(before, 'api') ?? 0));
    // A restart of another process takes longer than any automatic restart's backoff would.
    assert.equal((await stack.pilot('restart', 'clock')).code, 0);
    const still = await stack.status();
    assert.equal(still.get('api')?.state, 'stopped');
    assert.equal(still.get('api')?.pid, null);
    assert.equal(still.get('api')?.restarts, 0, 'no automatic restart');
    assert.equal(await accepts(port), false);
    assert.equal((await stack.pilot('stop', 'api')).stdout, 'api was already stopped\n', 'stopping again is harmless');

    const started = performance.now();
    const r = await stack.pilot('start', 'api');
    const elapsed = performance.now() - started;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await accepts(port), true, 'ready (listening) when start returns');
    assert.ok(elapsed >= 400, `start waited for readiness (${Math.round(elapsed)} ms)`);
    const after = await stack.status();
    assert.equal(after.get('api')?.state, 'running');
    const ready = /ready in (\d+) ms/.exec(r.stdout);
    assert.match(r.stdout, new RegExp(`^started api \\(pid ${pidOf(after, 'api')}\\), ready in \\d+ ms\\n$`));
    assert.ok(Number(ready?.[1]) >= 400);
    assert.equal((await stack.pilot('start', 'api')).stdout, `api already running (pid ${pidOf(after, 'api')})\n`);
  });

  test('start of a process whose dependency is stopped starts the dependency first', async (t) => {
    const port = await freePort();
    const stack = await bootStack(t, `processes:\n${tcpProcess('db', port, 100)}  - { name: web, path: $NODE, args: [$FIX(forever.js)], dependencies: [db] }\n`);
    assert.equal((await stack.pilot('stop', 'web', 'db')).stdout, 'stopped db\nstopped web\n');
    const r = await stack.pilot('start', 'web');
    assert.equal(r.code, 0, r.stderr);
    const after = await stack.status();
    assert.match(r.stdout, /^started db \(pid \d+\), ready in \d+ ms\nstarted web \(pid \d+\), ready in \d+ ms\n$/);
    assert.ok(Date.parse(after.get('db')?.ready_at ?? '') <= Date.parse(after.get('web')?.started_at ?? ''));
  });

  test('no running stack: exit 3', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n`);
    const home = (await import('../helpers/tmp.js')).tmpDir('pilot-home-');
    t.after(home.remove);
    const r = await runPilot(['stop', 'a', '--file', file], { env: { PILOT_HOME: home.path } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^pilot: no running stack for /);
  });
});
