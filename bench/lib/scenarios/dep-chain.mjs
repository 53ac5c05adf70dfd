// A dependency chain: c1 ← c2 ← … ← c5, each `node tcp-ready.cjs` listening on its port 200 ms after it starts,
// each allowed to start only once its predecessor accepts connections. The clock starts when `up` is spawned and
// stops when the last port accepts (all ports probed every 5 ms). Only pilot orders start-up; PM2 and supervisord
// start all five at once, which is the unordered baseline. The children log when they were exec'd, started and
// ready, which splits pilot's chain into the children's own time and the supervisor's.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { nowMs, waitFor } from '../clock.mjs';
import { ProcScanner, pidsMatching } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { round } from '../stats.mjs';
import { daemonPidsOf, downAndWait, interleave, startUp, systemResult, withSystem } from './common.mjs';

export const id = 'dep_chain';

export const summary = [
  { key: 'last_ready_ms', label: (p) => `dependency chain ${p.links} × ${p.delay_ms} ms tcp: up → last ready`, unit: 'ms' },
  { key: 'overhead_ms', label: () => 'chain: supervisor time between links (total)', unit: 'ms' },
];

export const title = (p) => `dependency chain: ${p.links} processes, each ready (tcp) ${p.delay_ms} ms after it starts (${p.runs} runs per system)`;

export const details = [
  { key: 'last_ready_ms', label: 'up → last ready', unit: 'ms' },
  { key: 'first_spawn_ms', label: 'up → first process exec’d', unit: 'ms' },
  { key: 'child_startup_ms', label: "children's own start-up (sum)", unit: 'ms' },
  { key: 'overhead_ms', label: 'ready → next exec’d (sum of the links)', unit: 'ms' },
];

export const notes = (sys) => [
  sys.variant === 'unordered' ? 'no dependency ordering: all five start at once (baseline)' : null,
  sys.order_violations !== null && sys.order_violations !== undefined ? `order violations: ${sys.order_violations}` : null,
  sys.link_gaps_ms ? `per-link gaps (ms): ${sys.link_gaps_ms.map((g) => g.join(' / ')).join('; ')}` : null,
];

export const cases = (cfg) => [{ links: cfg.links, delay_ms: cfg.delayMs, runs: cfg.runs }];

function freePorts(k) {
  return new Promise((resolve, reject) => {
    const servers = [];
    const next = () => {
      if (servers.length === k) {
        const ports = servers.map((s) => s.address().port);
        let open = servers.length;
        for (const s of servers) s.close(() => --open === 0 && resolve(ports));
        return;
      }
      const s = net.createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => {
        servers.push(s);
        next();
      });
    };
    next();
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(200, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

// chain.log: `<name> origin|start|ready <epoch ms> <pid>`, first of each kept
function readChainLog(file) {
  const ev = {};
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [name, what, ts] = line.split(' ');
      if (name && !ev[name]?.[what]) (ev[name] ??= {})[what] = Number.parseFloat(ts);
    }
  } catch {
    // none written
  }
  return ev;
}

export async function run(ctx, cfg, { links, delay_ms: delayMs, runs }) {
  const per = await interleave(ctx, 'dep_chain', runs, (s) =>
    withSystem(ctx, 'chain', s, async (system, r) => {
      const ports = await freePorts(links);
      const names = ports.map((_, i) => `c${i + 1}`);
      const script = join(r.dir, 'tcp-ready.cjs');
      system.writeConfig(names.map((name, i) => app(r, name, 'node', [script, String(ports[i]), String(delayMs), r.dir, name], { dependsOn: i ? names[i - 1] : null, readyTcpPort: ports[i] })));
      const up = startUp(ctx, system);
      const readyAt = ports.map(() => null);
      await waitFor('every port of the chain', async () => {
        const open = await Promise.all(ports.map((p, i) => (readyAt[i] !== null ? true : accepts(p))));
        const t = nowMs();
        open.forEach((ok, i) => ok && readyAt[i] === null && (readyAt[i] = t - up.t0));
        return readyAt.every((x) => x !== null);
      }, { timeoutMs: ctx.timeoutMs, intervalMs: 5 });
      await up.done;
      const ev = readChainLog(join(r.dir, 'chain.log'));
      const o = { lastReadyMs: Math.max(...readyAt), violations: names.slice(1).filter((n, i) => !(ev[n]?.start >= ev[names[i]]?.ready)).length };
      if (names.every((n) => ev[n]?.origin && ev[n]?.start && ev[n]?.ready)) {
        o.startupMs = names.map((n) => ev[n].start - ev[n].origin);
        o.gapsMs = names.slice(1).map((n, i) => ev[n].origin - ev[names[i]].ready);
        o.chainMs = ev[names.at(-1)].ready - ev[names[0]].origin;
        o.firstSpawnMs = o.lastReadyMs - o.chainMs;
      }
      const pids = pidsMatching(script);
      await downAndWait(ctx, system, new ProcScanner(script), daemonPidsOf(system, pids));
      return o;
    }));
  const systems = {};
  for (const s of ctx.systems) {
    const slot = per.get(s.id);
    const v = slot.values;
    const ordered = s.System.supportsDeps;
    const metrics = { last_ready_ms: v.map((o) => o.lastReadyMs) };
    if (ordered) {
      metrics.overhead_ms = v.map((o) => (o.gapsMs ? o.gapsMs.reduce((a, b) => a + b, 0) : null));
      metrics.first_spawn_ms = v.map((o) => o.firstSpawnMs ?? null);
      metrics.child_startup_ms = v.map((o) => (o.startupMs ? o.startupMs.reduce((a, b) => a + b, 0) : null));
    }
    systems[s.id] = systemResult(s, slot, {
      variant: ordered ? 'ordered' : 'unordered',
      metrics,
      order_violations: ordered ? Math.max(0, ...v.map((o) => o.violations)) : null,
      link_gaps_ms: ordered ? v.map((o) => (o.gapsMs ?? []).map((g) => round(g))) : undefined,
    });
  }
  return { params: { links, delay_ms: delayMs, runs, ideal_ms: links * delayMs }, systems };
}
