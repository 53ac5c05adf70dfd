// What the foreground prints about reloads and watch mode: one line per event, new processes widening the
// prefix column, and a rejected manifest's diagnostics as `pilot validate` prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleOut } from '../../src/cli/up/console-out.js';
import { eventText } from '../../src/cli/up/event-text.js';
import { ForegroundPrinter } from '../../src/cli/up/foreground-printer.js';
import type { ReloadApplied } from '../../src/supervisor/reload-result.js';
import { MemoryStream } from './memory-streams.js';

const applied = (over: Partial<ReloadApplied>): ReloadApplied => ({
  valid: true,
  file: '/s/pilot.yaml',
  diagnostics: [],
  added: [],
  removed: [],
  changed: [],
  dependents: [],
  restarted: [],
  kept_stopped: [],
  rewatched: [],
  untouched: [],
  failed: [],
  settings: [],
  ...over,
});

function printer(names: string[]): { printer: ForegroundPrinter; text: () => string } {
  const stream = new MemoryStream(false);
  const out = new ConsoleOut(stream as unknown as NodeJS.WriteStream);
  return {
    printer: new ForegroundPrinter(out, names, false),
    text: () => {
      out.flush();
      return stream.text();
    },
  };
}

test('a reload is one line saying what was added, removed and restarted, and why', () => {
  const result = applied({ added: ['cache'], removed: ['old'], changed: [{ name: 'db', keys: ['args', 'env (global)'] }], restarted: ['db', 'api'], settings: [{ key: 'logs', applied: false, note: 'log rotation settings apply at the next pilot up' }] });
  assert.equal(
    eventText({ type: 'reload', at: 0, result }),
    'manifest reloaded: added cache; removed old; restarted db (args, env (global)), api (dependency changed); logs not applied (log rotation settings apply at the next pilot up)',
  );
  assert.equal(eventText({ type: 'reload', at: 0, result: applied({ untouched: ['a'] }) }), 'manifest reloaded: nothing changed');
});

test('a change is one line naming the files and the processes restarting', () => {
  const files = Array.from({ length: 10 }, (_v, i) => `${process.cwd()}/src/f${i}.js`);
  assert.equal(eventText({ type: 'watch', at: 0, process: 'api', files: files.slice(0, 1), more: 0, restart: ['api', 'worker'] }), 'src/f0.js changed; restarting api, worker');
  assert.match(eventText({ type: 'watch', at: 0, process: 'api', files, more: 5, restart: ['api'] }) ?? '', /src\/f9\.js and 5 more changed; restarting api$/);
  assert.equal(eventText({ type: 'watch', at: 0, process: 'api', files: files.slice(0, 1), more: 0, restart: [] }), 'src/f0.js changed; not restarted (stopped)');
});

test('processes added by a reload widen the prefix column; it never narrows', () => {
  const p = printer(['db']);
  p.printer.handle({ type: 'line', at: 0, process: 'db', stream: 'stdout', line: 'before' });
  p.printer.handle({ type: 'reload', at: 0, result: applied({ added: ['a-longer-name'] }) });
  p.printer.handle({ type: 'line', at: 0, process: 'a-longer-name', stream: 'stdout', line: 'new' });
  p.printer.handle({ type: 'line', at: 0, process: 'db', stream: 'stdout', line: 'after' });
  const lines = p.text().split('\n');
  assert.ok(lines.includes('db    | before'), lines.join('\n'));
  assert.ok(lines.includes('a-longer-name | new'), lines.join('\n'));
  assert.ok(lines.includes('db            | after'), lines.join('\n'));
});

test('a rejected manifest: the summary line, then each diagnostic with its location and source line', () => {
  const p = printer(['db']);
  const diagnostic = { code: 'unknown-key', severity: 'error' as const, message: 'unknown key "sheduled"', file: `${process.cwd()}/pilot.yaml`, line: 4, column: 5, sourceLine: '    sheduled: yes', hint: 'remove it' };
  p.printer.handle({ type: 'reload', at: 0, result: { valid: false, file: diagnostic.file, diagnostics: [diagnostic] } });
  const text = p.text();
  assert.match(text, /pilot +> manifest reload failed \(1 error\): the stack goes on unchanged/);
  assert.match(text, /^pilot\.yaml:4:5: error: unknown key "sheduled" \[unknown-key\]$/m);
  assert.match(text, /^ +4 \| {5}sheduled: yes$/m);
  assert.match(text, /hint: remove it/);
});
