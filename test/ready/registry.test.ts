import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { ReadyRegistry, createDefaultRegistry } from '../../src/ready/registry.js';
import type { ReadyStrategy } from '../../src/ready/types.js';

const http: ReadyStrategy = { name: 'http', describe: () => 'http', check: () => true };

describe('ReadyRegistry', () => {
  test('the default registry holds the built-in strategies', () => {
    const registry = createDefaultRegistry();
    assert.deepEqual(registry.names(), ['file', 'pipe', 'tcp']);
    assert.equal(registry.get('tcp')?.name, 'tcp');
    assert.equal(registry.sourceOf('pipe'), 'built-in');
    assert.equal(registry.get('http'), undefined);
  });

  test('a plugin strategy registers beside the built-ins', () => {
    const registry = createDefaultRegistry();
    registry.register(http, '/plugins/http.js');
    assert.equal(registry.get('http'), http);
    assert.equal(registry.sourceOf('http'), '/plugins/http.js');
    assert.deepEqual(registry.names(), ['file', 'http', 'pipe', 'tcp']);
  });

  test('a duplicate name is an error naming both sources', () => {
    const registry = new ReadyRegistry();
    registry.register(http, '/plugins/a.js');
    assert.throws(
      () => registry.register({ ...http }, '/plugins/b.js'),
      (err: unknown) => {
        assert.ok(err instanceof PilotError);
        assert.match(err.message, /"http".*\/plugins\/a\.js.*\/plugins\/b\.js/);
        assert.deepEqual(err.context.sources, ['/plugins/a.js', '/plugins/b.js']);
        return true;
      },
    );
    assert.throws(() => createDefaultRegistry().register({ ...http, name: 'tcp' }, '/plugins/c.js'), /defined twice: by built-in and by \/plugins\/c\.js/);
  });

  test('a strategy with neither wait nor check, or no name, is refused', () => {
    const registry = new ReadyRegistry();
    assert.throws(() => registry.register({ name: 'nothing', describe: () => 'x' }, '/p.js'), /neither wait\(\) nor check\(\)/);
    assert.throws(() => registry.register({ ...http, name: '' }, '/p.js'), /has no name/);
    assert.deepEqual(registry.names(), []);
  });
});
