import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LineSplitter } from '../../src/logs/line-splitter.js';
import { LogFiles } from '../../src/logs/log-files.js';
import { parseLogLine } from '../../src/logs/log-format.js';
import { fixtureBin } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';

test('a child writing 200,000 lines and a last unterminated one: every line in the log files once, in order', async (t) => {
  const count = 200_000;
  const tmp = tmpDir();
  t.after(tmp.remove);
  const maxFiles = 50;
  const warnings: string[] = [];
  const logs = new LogFiles(tmp.path, { maxSizeBytes: 1 << 20, maxFiles }, (_p, m) => warnings.push(m));
  t.after(() => logs.close());

  const child = spawn(process.execPath, [fixtureBin('output-burst.js'), String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let truncated = 0;
  const splitter = new LineSplitter((line, cut) => {
    if (cut) truncated++;
    logs.write('burst', 'stdout', line, Date.now());
  });
  const started = performance.now();
  const done = new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('output-burst did not finish within 20 s')), 20_000);
    child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.stdout.on('end', () => splitter.end());
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  assert.equal(await done, 0);
  await logs.close();
  console.log(`# ${count} lines piped, split and written in ${(performance.now() - started).toFixed(0)} ms`);

  const path = logs.pathOf('burst');
  const files: string[] = [];
  for (let k = maxFiles - 1; k >= 1; k--) if (existsSync(`${path}.${k}`)) files.push(`${path}.${k}`);
  files.push(path);
  assert.ok(files.length > 2, `expected rotation, got ${files.length} file(s)`);

  let expected = 1;
  let lastAt = 0;
  let bad = 0;
  let total = 0;
  for (const file of files) {
    for (const text of readFileSync(file, 'utf8').split('\n').slice(0, -1)) {
      total++;
      const record = parseLogLine(text);
      const want = expected <= count ? `line ${expected}` : `end ${count}`;
      if (!record || record.line !== want || record.stream !== 'stdout' || record.at < lastAt) {
        if (bad++ < 5) console.log(`# unexpected record ${JSON.stringify(text)}, wanted ${want}`);
      }
      lastAt = record?.at ?? lastAt;
      expected++;
    }
  }
  assert.equal(bad, 0);
  assert.equal(total, count + 1);
  assert.equal(truncated, 0);
  assert.deepEqual(warnings, []);
});
