// `pilot top` on a terminal: a live full-screen view over the control socket. Redrawn when the stack reports
// something (stats ticks, state changes) and every interval; keys act on the selected process. Whatever ends
// it — q, Ctrl-C, a signal, an error, the stack going away — the terminal is given back as it was.
import { PilotError } from '../../errors.js';
import type { PilotEvent } from '../../supervisor/events.js';
import type { CliContext } from '../context.js';
import { HostWatch } from './host-watch.js';
import { parseKeys, type TopAction } from './keys.js';
import { TopModel } from './model.js';
import { renderTop } from './render.js';
import { HOST_REFRESH_MS, type TopOptions, type TopSession } from './session.js';
import { Terminal, type Ending } from './terminal.js';

const VERBS = { restart: ['restarting', 'restarted'], stop: ['stopping', 'stopped'], start: ['starting', 'started'] } as const;

export async function interactiveTop(ctx: CliContext, session: TopSession, options: TopOptions): Promise<number> {
  const { client } = session;
  const model = new TopModel();
  const terminal = new Terminal({ stdin: process.stdin, stdout: process.stdout });
  let finish!: (ending: Ending) => void;
  const finished = new Promise<Ending>((resolve) => (finish = resolve));

  let drawQueued = false;
  const draw = (): void => {
    if (drawQueued) return;
    drawQueued = true;
    setImmediate(() => {
      drawQueued = false;
      const view = { width: terminal.width, height: terminal.height, now: Date.now(), paint: ctx.out.paint, manifest: session.manifest, supervisorPid: session.ping.pid, supervisorSince: Date.parse(session.ping.startedAt) };
      terminal.draw(renderTop(model, view));
    });
  };

  // One status call at a time; events during it ask for one more afterwards.
  let refreshing = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        model.setStatuses(await client.call('status'));
        draw();
      } while (again);
    } catch {
      // the stack went away: `closed` below ends the view
    } finally {
      refreshing = false;
    }
  };

  const act = (action: TopAction): void => {
    if (action === 'quit') return finish({ code: 0 });
    if (action === 'up' || action === 'down') model.move(action === 'up' ? -1 : 1);
    else if (action === 'first' || action === 'last') model.move(action === 'first' ? -Infinity : Infinity);
    else {
      const name = model.selected;
      if (name === null) return;
      const [doing, done] = VERBS[action];
      model.message = { text: `${doing} ${name}…`, tone: 'info' };
      client.call(action, { names: [name] }).then(
        () => (model.message = { text: `${name} ${done}`, tone: 'ok' }),
        (err: unknown) => (model.message = { text: `${action} ${name}: ${err instanceof PilotError ? err.message : String(err)}`, tone: 'error' }),
      ).finally(() => void refresh());
    }
    draw();
  };

  const onEvent = (event: PilotEvent): void => {
    if (event.type === 'stats') model.addTick(event);
    else if (event.type === 'stack' && event.phase === 'stopping') model.stackStopping = true;
    else if (event.type !== 'warning') void refresh();
    draw();
  };

  const host = new HostWatch((facts) => {
    model.host = facts;
    draw();
  }, HOST_REFRESH_MS);
  const ticker = setInterval(draw, options.intervalMs);
  try {
    terminal.enter({ keys: (chunk) => parseKeys(chunk).forEach(act), resize: draw, end: finish });
    void client.closed.then(() => finish({ code: 0, message: 'pilot top: the stack stopped' }));
    draw();
    // subscribed before the first status, so no change between the two is missed
    await client.subscribe({ events: true, logs: false }, onEvent).catch(() => {});
    await refresh();
    host.start();
    const ending = await finished;
    terminal.leave();
    if (ending.message) await ctx.err.line(ending.message);
    return ending.code;
  } finally {
    terminal.leave();
    clearInterval(ticker);
    host.stop();
  }
}
