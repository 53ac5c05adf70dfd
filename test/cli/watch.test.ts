// `pilot up` and watch mode through the built CLI: on by default, off under CI unless --watch, a clear line
// per change, passed on to the background supervisor of `up -d`, and chokidar never loaded without `watch`.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { startUp } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { fixturesDir, pilotBin } from '../helpers/paths.js';
import { killAll, pidsWithCmdline } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { runPilot } from './run-cli.js';

const WATCHED = 'processes:\n  - { name: api, path: $NODE, args: [$FIX(forever.js)], watch: { paths: [src], debounce_ms: 100 } }\n';

/** A manifest whose directory has `src/app.js`. */
function watchedStack(t: TestContext, yaml = WATCHED): { file: string; src: string } {
  const file = writeManifest(t, yaml);
  const src = join(dirname(file), 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'app.js'), '1');
  return { file, src };
}

describe('pilot up and watch mode', () => {
  test('on by default: a line when watching starts, and one naming the file and the processes on each change', async (t) => {
    const s = watchedStack(t);
    const up = startUp(t, s.file, { env: { CI: '' } });
    await up.waitForText(/api watching .*src \(\d+ files and directories, \d+ ms\)/);
    writeFileSync(join(s.src, 'app.js'), '2');
    await up.waitForText(/pilot +> api .*src\/app\.js changed; restarting api/);
    await up.waitForText('api restarted (pid');
    up.child.kill('SIGTERM');
    assert.equal(await up.exited, 0);
  });

  test('off under CI (saying so), unless --watch; --no-watch turns it off', async (t) => {
    const s = watchedStack(t);
    const ci = startUp(t, s.file, { env: { CI: 'true' } });
    await ci.waitForText('all processes ready');
    await ci.waitForText('watch mode is off for api (CI is set; --watch turns it on)');
    ci.child.kill('SIGTERM');
    assert.equal(await ci.exited, 0);
    assert.doesNotMatch(ci.output(), /watching/);

    const forced = startUp(t, s.file, { env: { CI: 'true' }, args: ['--watch'] });
    await forced.waitForText(/api watching/);
    forced.child.kill('SIGTERM');
    assert.equal(await forced.exited, 0);

    const off = startUp(t, s.file, { env: { CI: '' }, args: ['--no-watch'] });
    await off.waitForText('watch mode is off for api (--no-watch)');
    off.child.kill('SIGTERM');
    assert.equal(await off.exited, 0);
  });

  test('up -d passes watch mode on to the background supervisor', async (t) => {
    const s = watchedStack(t);
    const home = tmpDir('pilot-home-');
    t.after(() => {
      killAll(pidsWithCmdline(` up ${s.file}`));
      home.remove();
    });
    const env = { PILOT_HOME: home.path, NO_COLOR: '1', CI: '' };
    const up = await runPilot(['up', s.file, '-d'], { env, timeoutMs: 15_000 });
    assert.equal(up.code, 0, up.stderr);
    const restarts = async (): Promise<number> => ((JSON.parse((await runPilot(['ps', '--json', '-f', s.file], { env })).stdout) as ProcessStatus[])[0]?.restarts ?? -1);
    // the watcher starts once the stack is up: keep saving until a restart shows
    let n = 0;
    await waitFor(async () => {
      writeFileSync(join(s.src, 'app.js'), String(n++));
      return (await restarts()) >= 1;
    }, 'a restart of api after a change', 15_000, 200);
    const down = await runPilot(['down', '-f', s.file], { env });
    assert.equal(down.code, 0, down.stderr);
  });

  test('a stack without watch settings never loads the file watcher (chokidar); one with them does', async (t) => {
    const runTraced = async (file: string): Promise<string> => {
      const traceDir = tmpDir('pilot-trace-');
      t.after(traceDir.remove);
      const trace = join(traceDir.path, 'modules.txt');
      writeFileSync(trace, '');
      const home = tmpDir('pilot-home-');
      t.after(home.remove);
      const child = spawn(process.execPath, ['--import', join(fixturesDir, 'trace-modules/register.js'), pilotBin, 'up', file], {
        env: { ...process.env, PILOT_HOME: home.path, PILOT_TRACE_MODULES: trace, NO_COLOR: '1', CI: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      t.after(() => child.kill('SIGKILL'));
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(() => out.includes('all processes ready'), `the stack up; output:\n${out}`, 15_000);
      if (file.includes('watched')) await waitFor(() => out.includes('watching'), 'watching', 15_000);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      return readFileSync(trace, 'utf8');
    };
    const plain = await runTraced(writeManifest(t, 'processes:\n  - { name: api, path: $NODE, args: [$FIX(forever.js)] }\n'));
    assert.match(plain, /dist\/cli\/main\.js/, 'the trace sees the CLI');
    assert.doesNotMatch(plain, /watch-process/);
    const watchedDir = watchedStack(t);
    const renamed = join(dirname(watchedDir.file), 'watched.yaml');
    writeFileSync(renamed, readFileSync(watchedDir.file));
    assert.match(await runTraced(renamed), /watch-process/);
  });
});
