// The supervisor's own CPU use while it supervises N idle processes: after boot and a warm-up, utime + stime of
// the supervisor (/proc/PID/stat) over a fixed window, as a percentage of one core. Two modes:
//   sampling — each system measuring every process's CPU and memory every second: pilot `stats_interval_sec: 1`,
//              PM2's worker at PM2_WORKER_INTERVAL=1000 with max_memory_restart (so it reads them); supervisord
//              has no resource monitoring (n/a);
//   defaults — out of the box: pilot samples every 5 s, PM2's worker runs every 30 s, supervisord's main loop
//              wakes every second.
import { nowMs, sleep } from '../clock.mjs';
import { cpuMs, ProcScanner, rssKbOf } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { bootAndWait, daemonPidsOf, downAndWait, interleave, systemResult, withSystem } from './common.mjs';

export const id = 'monitor_cpu';

export const summary = [
  { key: 'cpu_percent', label: (p) => `supervisor CPU, ${p.n} idle processes, ${p.mode === 'sampling' ? 'sampling each every 1 s' : 'default settings'}, ${p.seconds} s`, unit: '% of a core', digits: 2 },
];

export const title = (p) => `supervisor CPU with ${p.n} idle processes over ${p.seconds} s, ${p.mode === 'sampling' ? 'each sampled every 1 s' : 'default settings'}`;

export const details = [
  { key: 'cpu_percent', label: 'CPU', unit: '% of a core', digits: 2 },
  { key: 'cpu_percent_with_reaped', label: 'CPU with reaped subprocesses', unit: '% of a core', digits: 2 },
  { key: 'cpu_ms', label: 'CPU time', unit: 'ms', digits: 0 },
  { key: 'rss_mb', label: 'supervisor RSS', unit: 'MB' },
];

export const notes = (sys) => [sys.status === 'n/a' ? `n/a: ${sys.reason}` : null];

export const cases = (cfg) => cfg.modes.map((mode) => ({ mode, n: cfg.n, seconds: cfg.seconds, runs: cfg.runs }));

export async function run(ctx, cfg, { mode, n, seconds, runs }) {
  const sampling = mode === 'sampling';
  const applicable = { ...ctx, systems: ctx.systems.filter((s) => !sampling || s.System.monitors) };
  const per = await interleave(applicable, `monitor_cpu ${mode}`, runs, (s) =>
    withSystem(ctx, `cpu-${mode}`, s, async (system, r) => {
      system.writeConfig(Array.from({ length: n }, (_, i) => app(r, `x${i}`, 'exec', [r.bsleep, '100000'])), sampling ? { monitorIntervalS: 1 } : {});
      const scanner = new ProcScanner(r.bsleep);
      scanner.scan();
      await bootAndWait(ctx, system, scanner, n);
      await sleep(cfg.warmS * 1000); // boot work done, a few ticks in
      const daemons = daemonPidsOf(system, scanner.scan({ verify: true }));
      const before = daemons.map(cpuMs);
      const t0 = nowMs();
      await sleep(seconds * 1000);
      const after = daemons.map(cpuMs);
      const wallMs = nowMs() - t0;
      if ([...before, ...after].some((c) => c === null)) throw new Error('the supervisor exited during the measurement');
      const own = after.reduce((a, c, i) => a + c.own - before[i].own, 0);
      const reaped = after.reduce((a, c, i) => a + c.children - before[i].children, 0);
      const o = { ownPct: (own / wallMs) * 100, withChildrenPct: ((own + reaped) / wallMs) * 100, cpuMs: own, rssKb: rssKbOf(daemons) };
      await downAndWait(ctx, system, scanner, daemons);
      return o;
    }));
  const systems = {};
  for (const s of ctx.systems) {
    if (sampling && !s.System.monitors && s.probe.ok) {
      systems[s.id] = { status: 'n/a', reason: 'no resource monitoring of its own', version: s.probe.version ?? null };
      continue;
    }
    const slot = per.get(s.id);
    const col = (k) => slot.values.map((v) => v[k]);
    systems[s.id] = systemResult(s, slot, {
      metrics: { cpu_percent: col('ownPct'), cpu_percent_with_reaped: col('withChildrenPct'), cpu_ms: col('cpuMs'), rss_mb: col('rssKb').map((kb) => kb / 1024) },
    });
  }
  return { params: { mode, n, seconds, runs, warm_s: cfg.warmS }, systems };
}
