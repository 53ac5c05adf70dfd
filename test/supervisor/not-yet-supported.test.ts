// Settings this version validates but does not act on yet are named in a warning, never silently ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notYetSupported } from '../../src/supervisor/not-yet-supported.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';

test('a plain manifest gets no warning', () => {
  assert.deepEqual(notYetSupported(makeManifest('/tmp', [fixtureSpec('a', 'forever.js')])), []);
});

test('plugins, hooks, handlers, watch and watchdog are each named with the processes using them', () => {
  const watch = { paths: ['src'], ignore: [], debounceMs: 300, restartDependents: false };
  const manifest = makeManifest(
    '/tmp',
    [
      fixtureSpec('a', 'forever.js', [], { lifecycleHooks: ['notify'], watch }),
      fixtureSpec('b', 'forever.js', [], { statHandlers: ['csv'], watchdog: { maxMemoryMb: 100 } }),
    ],
    { pluginDirectory: '/tmp/plugins', controlServer: 'http' },
  );
  const warnings = notYetSupported(manifest);
  assert.equal(warnings.length, 6);
  assert.match(warnings.join('\n'), /plugin_directory \/tmp\/plugins is ignored/);
  assert.match(warnings.join('\n'), /control_server "http" is ignored/);
  assert.match(warnings.join('\n'), /lifecycle_hooks \(a\)/);
  assert.match(warnings.join('\n'), /stat_handlers \(b\)/);
  assert.match(warnings.join('\n'), /watch \(a\)/);
  assert.match(warnings.join('\n'), /watchdog \(b\)/);
});
