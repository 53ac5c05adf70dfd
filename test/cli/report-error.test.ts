// How thrown errors reach the user: PilotError as one line (+ hint) with its exit code; anything else as an internal error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { reportError } from '../../src/cli/report-error.js';
import { hasStackTrace } from './run-cli.js';
import { memoryContext } from './memory-streams.js';

describe('reportError', () => {
  test('a PilotError: `pilot: message`, its hint, its exit code, no stack', async () => {
    const { ctx, stderr } = memoryContext({ cwd: '/' });
    const err = new PilotError('GRAPHVIZ_MISSING', 'dot is missing', { context: { hint: 'apt-get install graphviz' }, exitCode: 1 });
    assert.equal(await reportError(err, ctx), 1);
    assert.equal(stderr.text(), 'pilot: dot is missing\n  hint: apt-get install graphviz\n');
  });

  test('any other error: internal error, exit 1; the stack only with --debug', async () => {
    const quiet = memoryContext({ cwd: '/' });
    assert.equal(await reportError(new TypeError('boom'), quiet.ctx), 1);
    assert.match(quiet.stderr.text(), /^pilot: internal error: boom\n/);
    assert.ok(!hasStackTrace(quiet.stderr.text()), quiet.stderr.text());

    const debug = memoryContext({ cwd: '/', debug: true });
    assert.equal(await reportError(new TypeError('boom'), debug.ctx), 1);
    assert.ok(hasStackTrace(debug.stderr.text()), debug.stderr.text());
  });

  test('a thrown non-Error value is reported as text', async () => {
    const { ctx, stderr } = memoryContext({ cwd: '/' });
    assert.equal(await reportError('weird', ctx), 1);
    assert.match(stderr.text(), /^pilot: internal error: weird\n/);
  });
});
