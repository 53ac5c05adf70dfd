import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LogFiles } from '../../src/logs/log-files.js';
import { parseLogLine } from '../../src/logs/log-format.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';

type Warning = [string | null, string];

describe('LogFiles', () => {
  test('one file per process, records formatted with time and stream', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const warnings: Warning[] = [];
    const logs = new LogFiles(join(tmp.path, 'logs'), { maxSizeBytes: 1 << 20, maxFiles: 3 }, (p, m) => warnings.push([p, m]));
    const at = Date.UTC(2026, 10, 23, 18, 0, 0, 123);
    logs.write('api', 'stdout', 'listening', at);
    logs.write('db', 'stdout', 'ready', at + 1);
    logs.write('api', 'stderr', 'warn: slow', at + 2);
    await logs.close();
    logs.write('api', 'stdout', 'after close', at + 3);
    assert.equal(readFileSync(logs.pathOf('api'), 'utf8'), '2026-11-23T18:00:00.123Z out listening\n2026-11-23T18:00:00.125Z err warn: slow\n');
    assert.deepEqual(parseLogLine(readFileSync(join(tmp.path, 'logs', 'db.log'), 'utf8')), { at: at + 1, stream: 'stdout', line: 'ready' });
    assert.deepEqual(warnings, []);
  });

  test('open() creates an empty log file before any output, and keeps what an existing one holds', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const logs = new LogFiles(join(tmp.path, 'logs'), { maxSizeBytes: 1 << 20, maxFiles: 3 }, () => {});
    logs.open('quiet');
    await logs.flush();
    assert.equal(readFileSync(logs.pathOf('quiet'), 'utf8'), '');
    logs.write('quiet', 'stdout', 'finally', Date.UTC(2026, 0, 1));
    await logs.close();
    const again = new LogFiles(join(tmp.path, 'logs'), { maxSizeBytes: 1 << 20, maxFiles: 3 }, () => {});
    again.open('quiet');
    await again.close();
    assert.equal(readFileSync(logs.pathOf('quiet'), 'utf8'), '2026-01-01T00:00:00.000Z out finally\n');
  });

  test('a name that is not a plain file name cannot escape the directory', () => {
    const logs = new LogFiles('/x/logs', { maxSizeBytes: 1000, maxFiles: 2 }, () => {});
    assert.equal(logs.pathOf('api'), '/x/logs/api.log');
    assert.equal(logs.pathOf('../etc/passwd'), '/x/logs/.._etc_passwd.log');
  });

  test('a full disk warns once naming the file and the error, then reports the dropped lines once writable', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const warnings: Warning[] = [];
    const logs = new LogFiles(tmp.path, { maxSizeBytes: 1 << 20, maxFiles: 2, retryMs: 10 }, (p, m) => warnings.push([p, m]));
    t.after(() => logs.close());
    const path = logs.pathOf('api');
    symlinkSync('/dev/full', path);
    let written = 0;
    for (; written < 100; written++) logs.write('api', 'stdout', `line ${written}`, Date.now());
    await logs.flush();
    assert.deepEqual(warnings, [['api', `logs: cannot write ${path}: ENOSPC (no space left on device); dropping output until it can be written`]]);

    unlinkSync(path);
    await waitFor(async () => {
      logs.write('api', 'stdout', `line ${written++}`, Date.now());
      await logs.flush();
      return warnings.length > 1;
    }, 'writing to work again');
    await logs.close();
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    const dropped = written - lines.length;
    assert.ok(dropped >= 100, `${dropped} dropped`);
    assert.equal(warnings.length, 2);
    assert.deepEqual(warnings[1], ['api', `logs: writing ${path} again; ${dropped} lines were dropped`]);
    assert.equal(parseLogLine(lines.at(-1) ?? '')?.line, `line ${written - 1}`);
  });
});
