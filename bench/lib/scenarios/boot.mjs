// Boot N trivial processes from a cold start (no daemon running), the supervisor's memory with them, and the
// shutdown of all of them. Each run: write the config, spawn `up`, poll /proc until N children are alive,
// wait settleMs, read the supervisor's RSS, spawn `down`, poll until the children and the supervisor are gone.
import { sleep } from '../clock.mjs';
import { ProcScanner, rssKbOf } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { bootAndWait, daemonPidsOf, downAndWait, interleave, systemResult, withSystem } from './common.mjs';

export const id = 'boot';

export const summary = [
  { key: 'ready_ms', label: (p) => `boot ${p.n}: up → all alive`, unit: 'ms' },
  { key: 'down_ms', label: (p) => `shutdown of ${p.n}: down → all exited`, unit: 'ms' },
  { key: 'rss_mb', label: (p) => `supervisor RSS with ${p.n}`, unit: 'MB' },
];

export const title = (p) => `boot, RSS and shutdown of ${p.n} processes (${p.runs} runs per system)`;

export const details = [
  { key: 'ready_ms', label: 'up → all alive', unit: 'ms' },
  { key: 'up_cli_ms', label: 'up command exits', unit: 'ms' },
  { key: 'rss_mb', label: 'supervisor RSS', unit: 'MB' },
  { key: 'down_ms', label: 'down → all exited', unit: 'ms' },
  { key: 'down_daemon_ms', label: 'down → supervisor exited', unit: 'ms' },
  { key: 'harness_cpu_ms', label: "harness's CPU while polling the boot", unit: 'ms' },
];

export const notes = (sys) => [sys.daemon_processes?.length ? `supervisor processes: ${sys.daemon_processes.join(', ')}` : null, sys.warning];

export const cases = (cfg) => cfg.ns.map((n) => ({ n, runs: cfg.runs[n] ?? cfg.runs.default }));

export async function run(ctx, cfg, { n, runs }) {
  // /proc is polled every 10 ms; a scan with 1000 processes costs more, so it is polled less often (the figures are seconds)
  const pollMs = Math.max(10, Math.round(n / 20));
  const per = await interleave(ctx, `boot n=${n}`, runs, (s) =>
    withSystem(ctx, `boot${n}`, s, async (system, r) => {
      system.writeConfig(Array.from({ length: n }, (_, i) => app(r, `x${i}`, 'exec', [r.bsleep, '100000'])));
      const scanner = new ProcScanner(r.bsleep);
      scanner.scan(); // the processes already there are read once, before the clock starts
      const boot = await bootAndWait(ctx, system, scanner, n, pollMs);
      await sleep(cfg.settleMs);
      const alive = scanner.scan({ verify: true });
      const daemons = daemonPidsOf(system, alive);
      const rss = rssKbOf(daemons);
      const down = await downAndWait(ctx, system, scanner, daemons, pollMs);
      return { ...boot, ...down, rssKb: rss, alive: alive.length, daemons: daemons.length };
    }));
  const systems = {};
  for (const s of ctx.systems) {
    const slot = per.get(s.id);
    const col = (k) => slot.values.map((v) => v[k]);
    const extra = {
      metrics: {
        ready_ms: col('readyMs'), down_ms: col('downMs'), rss_mb: col('rssKb').map((kb) => kb / 1024),
        up_cli_ms: col('upCliMs'), down_daemon_ms: col('downDaemonMs'), down_cli_ms: col('downCliMs'), harness_cpu_ms: col('harnessCpuMs'),
      },
      daemon_processes: [...new Set(col('daemons'))],
    };
    const wrong = col('alive').filter((a) => a !== n);
    if (wrong.length > 0) extra.warning = `${wrong.join(', ')} processes alive after boot, not ${n}`;
    systems[s.id] = systemResult(s, slot, extra);
  }
  return { params: { n, runs, poll_ms: pollMs, settle_ms: cfg.settleMs }, systems };
}
