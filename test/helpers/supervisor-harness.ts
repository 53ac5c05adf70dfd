// A Pilot under test: its own PILOT_HOME, every event recorded, and a teardown that leaves nothing running.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { stackPaths } from '../../src/control/state-dir.js';
import type { Manifest, ProcessSpec } from '../../src/manifest/types.js';
import type { EventOf, PilotEvent, PilotEventType } from '../../src/supervisor/events.js';
import { Pilot, type PilotOptions } from '../../src/supervisor/pilot.js';
import { killAll, pidsWithEnv } from './procs.js';
import { makeManifest } from './supervisor-spec.js';
import { tmpDir } from './tmp.js';
import { WaitTimeoutError } from './wait-for.js';

export interface Harness {
  pilot: Pilot;
  manifest: Manifest;
  /** The temporary PILOT_HOME (also the manifest's directory). */
  home: string;
  stackId: string;
  events: PilotEvent[];
  /** The first event of `type` matching `match`, recorded from event index `since` on (default: any). */
  waitEvent<T extends PilotEventType>(type: T, match: (e: EventOf<T>) => boolean, what: string, timeoutMs?: number, since?: number): Promise<EventOf<T>>;
  /** Recorded events of one type. */
  ofType<T extends PilotEventType>(type: T): EventOf<T>[];
  /** Lines of one process recorded so far. */
  lines(process: string): string[];
}

/** A Pilot over `processes` with a fresh PILOT_HOME; torn down (killed, checked, removed) after the test. */
export function makeHarness(t: TestContext, processes: ProcessSpec[], opts: { manifest?: Partial<Manifest>; pilot?: PilotOptions; home?: string } = {}): Harness {
  const tmp = opts.home ? null : tmpDir('pilot-sup-');
  const home = opts.home ?? (tmp as { path: string }).path;
  const manifest = makeManifest(home, processes, { killTimeout: 2, ...opts.manifest });
  const paths = stackPaths(manifest.file, { PILOT_HOME: home });
  const pilot = new Pilot(manifest, { stateDir: paths, ...opts.pilot });
  const events: PilotEvent[] = [];
  pilot.on((e) => events.push(e));
  const ofType = <T extends PilotEventType>(type: T): EventOf<T>[] => events.filter((e): e is EventOf<T> => e.type === type);

  t.after(async () => {
    await Promise.race([pilot.kill(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    const left = pidsWithEnv('PILOT_STACK', paths.stackId);
    killAll(left);
    tmp?.remove();
    const internal = ofType('warning').filter((w) => w.message.includes('internal error'));
    assert.deepEqual(internal, [], 'the supervisor hit an internal error');
    assert.deepEqual(left, [], `processes of stack ${paths.stackId} survived the stop`);
  });

  return {
    pilot,
    manifest,
    home,
    stackId: paths.stackId,
    events,
    ofType,
    lines: (process) => ofType('line').filter((e) => e.process === process).map((e) => e.line),
    waitEvent: <T extends PilotEventType>(type: T, match: (e: EventOf<T>) => boolean, what: string, timeoutMs = 10_000, since = 0) => {
      const hit = (e: PilotEvent): e is EventOf<T> => e.type === type && match(e as EventOf<T>);
      for (let i = since; i < events.length; i++) {
        const e = events[i];
        if (e && hit(e)) return Promise.resolve(e);
      }
      return new Promise<EventOf<T>>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        const off = pilot.on((e) => {
          if (!hit(e)) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      });
    },
  };
}
