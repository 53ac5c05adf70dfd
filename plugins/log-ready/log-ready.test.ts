// The log ready strategy on real stacks: a fixture that prints its ready line when told, on stdout or
// stderr; a line already printed counts; the failure says what was printed; bad patterns are refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { firstPartyPlugins } from '../../test/helpers/first-party.js';
import { makeHarness } from '../../test/helpers/supervisor-harness.js';
import { fixtureSpec } from '../../test/helpers/supervisor-spec.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { readSettings } from './lib/settings.js';

const plugins = () => firstPartyPlugins('log-ready');

/** A process printing `line` on SIGUSR1 (flags: --stderr, --at-start), ready by `params`. */
function printer(name: string, line: string, flags: string[], params: Record<string, unknown>, readyTimeoutSec = 10) {
  return fixtureSpec(name, 'prints-when-told.js', [line, ...flags], { readyStrategy: 'log', readyTimeoutSec, readyParams: params });
}

describe('log ready strategy on a real stack', () => {
  test('ready at the first matching line, not before; flags apply; dependents wait', async (t) => {
    const h = makeHarness(t, [printer('api', 'Listening on PORT 8080', [], { pattern: 'listening on port \\d+', flags: 'i' }), fixtureSpec('worker', 'forever.js', [], { dependencies: ['api'] })], { pilot: { plugins: await plugins() } });
    const started = h.pilot.start();
    await waitFor(() => h.lines('api').includes('warming up'), 'the fixture booting');
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['starting', 'pending']);
    const pid = h.pilot.status()[0]?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGUSR1');
    await started;
    assert.equal(h.ofType('ready').find((e) => e.process === 'api')?.detail, 'log /listening on port \\d+/i');
  });

  test('stream: stderr lines count for stderr and both, not for stdout; a line printed at once counts', async (t) => {
    const all = await plugins();
    const h = makeHarness(t, [printer('err', 'ready!', ['--stderr', '--at-start'], { pattern: '^ready!$', stream: 'stderr' }), printer('both', 'ready!', ['--stderr', '--at-start'], { pattern: 'ready!' })], { pilot: { plugins: all } });
    await h.pilot.start();
    assert.deepEqual(h.ofType('ready').map((e) => e.detail).sort(), ['log /^ready!$/ on stderr', 'log /ready!/']);

    const wrong = makeHarness(t, [printer('out', 'ready!', ['--stderr', '--at-start'], { pattern: 'ready!', stream: 'stdout' }, 0.5)], { pilot: { plugins: all } });
    const err = await wrong.pilot.start().then(() => assert.fail('a stderr line must not count for stdout'), (e: unknown) => e);
    assert.ok(err instanceof PilotError && err.code === 'BOOT_FAILED');
    assert.match(err.message, /"out" not ready: log \/ready!\/ on stdout not printed after 0\.5s \(last error: 1 line of stdout, none matching; the last: "booting"\)/);
  });

  test('a bad pattern is refused before the stack starts (exit 2), naming the process and the parameter', async (t) => {
    const all = await plugins();
    const h = makeHarness(t, [printer('api', 'x', [], { pattern: '(unclosed' })], { pilot: { plugins: all } });
    const err = await h.pilot.start().then(() => assert.fail('should refuse'), (e: unknown) => e);
    assert.ok(err instanceof PilotError && err.code === 'PLUGIN_INVALID' && err.exitCode === 2);
    assert.equal(err.message, 'invalid plugin parameters: process "api": ready_params.pattern is not a valid regular expression: /(unclosed/: Unterminated group');
    assert.deepEqual(h.ofType('spawn'), [], 'nothing was spawned');
  });
});

describe('log ready: parameters', () => {
  test('pattern required and compiled; flags among i m s u v d, each once; stream both, stdout or stderr', () => {
    const problems = (params: Record<string, unknown>) => readSettings(params).problems.map((p) => [p.key ?? null, p.message]);
    assert.deepEqual(problems({}), [[null, 'pattern is required']]);
    assert.deepEqual(problems({ pattern: 'a', flags: 'g' }), [['flags', 'must be regular expression flags among i, m, s, u, v and d, each once, got "g"']]);
    assert.deepEqual(problems({ pattern: 'a', flags: 'ii' }), [['flags', 'must be regular expression flags among i, m, s, u, v and d, each once, got "ii"']]);
    assert.deepEqual(problems({ pattern: 'a', flags: 'uv' }), [['flags', 'may have u or v, not both']]);
    assert.deepEqual(problems({ pattern: '[', stream: 'stdin', patern: 1 }), [
      ['patern', 'is not a parameter of the log strategy'],
      ['stream', 'must be one of both, stdout, stderr, got "stdin"'],
      ['pattern', 'is not a valid regular expression: /[/: Unterminated character class'],
    ]);
    const { settings } = readSettings({ pattern: 'ready', flags: 'is', stream: 'stdout' });
    assert.deepEqual([settings.regex.source, settings.regex.flags, settings.stream], ['ready', 'is', 'stdout']);
  });
});
