// Subscriptions: events and lines streamed, filtered and stopped; slow readers cost lines, never memory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectControl } from '../../src/control/client.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { waitFor } from '../helpers/wait-for.js';
import { RawSocket } from './raw-socket.js';
import { makeHome, serveFake } from './setup.js';

const line = (process: string, text: string): PilotEvent => ({ type: 'line', at: 1, process, stream: 'stdout', line: text });
const state = (process: string): PilotEvent => ({ type: 'state', at: 2, process, from: 'running', to: 'stopping', pid: 5 });
const warning = (message: string): PilotEvent => ({ type: 'warning', at: 3, process: null, message });

describe('subscriptions', () => {
  test('events by default, lines with logs, names filter, stack-wide events always', async (t) => {
    const home = makeHome(t);
    const { server, target } = await serveFake(t, home);
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());
    const all: PilotEvent[] = [];
    const logs: PilotEvent[] = [];
    const web: PilotEvent[] = [];
    await client.subscribe({}, (e) => all.push(e));
    await client.subscribe({ logs: true, events: false }, (e) => logs.push(e));
    await client.subscribe({ logs: true, names: ['web'] }, (e) => web.push(e));
    const sent = [line('db', 'a'), state('db'), line('web', 'b'), state('web'), warning('disk full'), { type: 'stack', at: 4, phase: 'stopped' } as PilotEvent];
    for (const e of sent) target.emit(e);
    await waitFor(() => all.length === 4 && logs.length === 2 && web.length === 4, 'every subscription to get its events');
    assert.deepEqual(all, [sent[1], sent[3], sent[4], sent[5]]);
    assert.deepEqual(logs, [sent[0], sent[2]]);
    assert.deepEqual(web, [sent[2], sent[3], sent[4], sent[5]]);
  });

  test('unknown names in the filter are refused', async (t) => {
    const home = makeHome(t);
    const { server } = await serveFake(t, home);
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());
    await assert.rejects(client.subscribe({ names: ['ghost'] }, () => {}), { code: 'UNKNOWN_PROCESS' });
    assert.equal(server.stats().subscriptions, 0);
  });

  test('unsubscribe stops the stream at the server; closing the client ends its subscriptions', async (t) => {
    const home = makeHome(t);
    const { server, target } = await serveFake(t, home);
    const client = await connectControl(server.socketPath);
    const got: PilotEvent[] = [];
    const unsubscribe = await client.subscribe({ logs: true }, (e) => got.push(e));
    target.emit(line('db', 'one'));
    await waitFor(() => got.length === 1, 'the first line');
    unsubscribe();
    await waitFor(() => server.stats().subscriptions === 0, 'the server to drop the subscription');
    target.emit(line('db', 'two'));
    assert.equal((await client.call('ping')).pid, process.pid); // a round trip after the emit: nothing else arrived
    assert.deepEqual(got.map((e) => (e.type === 'line' ? e.line : e.type)), ['one']);

    await client.subscribe({}, () => {});
    assert.equal(server.stats().subscriptions, 1);
    client.close();
    await waitFor(() => server.stats().connections === 0, 'the server to see the client go');
    assert.equal(target.listeners.size, 1, 'the server keeps one listener on the target, not one per subscription');
  });

  test('a paused subscriber: lines dropped past the limit, then one dropped notice; nothing lost unaccounted', async (t) => {
    const home = makeHome(t);
    const limit = 64 * 1024;
    const { server, target } = await serveFake(t, home, 'pilot.yaml', { limits: { dropLinesAbove: limit, disconnectAbove: 32 * 1024 * 1024 } });
    const raw = await RawSocket.connect(server.socketPath);
    t.after(() => raw.destroy());
    raw.request('s', 'subscribe', { logs: true });
    await raw.reply('s');
    raw.socket.pause();

    const total = 20_000;
    const text = 'x'.repeat(100);
    let maxBuffered = 0;
    for (let i = 0; i < total; i++) {
      target.emit(line('db', `${i} ${text}`));
      maxBuffered = Math.max(maxBuffered, server.stats().bufferedBytes);
    }
    target.emit(warning('end of burst'));
    // Bounded: the limit plus the one message that crossed it, plus the never-dropped warning.
    assert.ok(maxBuffered <= limit + 1024, `buffered up to ${maxBuffered} bytes`);

    raw.socket.resume();
    const count = (): { lines: number; dropped: number; end: boolean } => {
      let lines = 0;
      let dropped = 0;
      let end = false;
      for (const m of raw.messages) {
        const e = m.event as PilotEvent | undefined;
        if (e?.type === 'line') lines++;
        if (e?.type === 'warning') end = true;
        if (typeof m.dropped === 'number') dropped += m.dropped;
      }
      return { lines, dropped, end };
    };
    await waitFor(() => count().end && count().lines + count().dropped === total, 'every line delivered or counted as dropped');
    const { lines, dropped } = count();
    assert.ok(dropped > 0 && lines > 0, `lines ${lines}, dropped ${dropped}`);
    assert.ok(raw.messages.every((m) => m.sub === 's' || m.id === 's'));

    // caught up: lines flow again
    target.emit(line('db', 'after'));
    await waitFor(() => raw.messages.some((m) => (m.event as PilotEvent | undefined)?.type === 'line' && (m.event as { line: string }).line === 'after'), 'a line after catching up');
  });

  test('a subscriber that never reads is disconnected before it holds more than the hard limit', async (t) => {
    const home = makeHome(t);
    const { server, target } = await serveFake(t, home, 'pilot.yaml', { limits: { dropLinesAbove: 16 * 1024, disconnectAbove: 256 * 1024 } });
    const raw = await RawSocket.connect(server.socketPath);
    t.after(() => raw.destroy());
    raw.request(1, 'subscribe', {});
    await raw.reply(1);
    raw.socket.pause();
    let maxBuffered = 0;
    for (let i = 0; i < 20_000 && server.stats().connections > 0; i++) {
      target.emit(warning(`warning ${i} ${'y'.repeat(200)}`));
      maxBuffered = Math.max(maxBuffered, server.stats().bufferedBytes);
    }
    await waitFor(() => server.stats().connections === 0, 'the stalled subscriber to be disconnected');
    assert.ok(maxBuffered <= 256 * 1024 + 1024, `buffered up to ${maxBuffered} bytes`);
  });
});
