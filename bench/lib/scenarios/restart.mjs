// Restart latency after `kill -9`: one process; SIGKILL its child, poll /proc every millisecond until a child
// with a new pid is alive. The first kill of each boot is a warm-up and is not counted.
import { sleep, waitFor, nowMs } from '../clock.mjs';
import { killPid, ProcScanner } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { bootAndWait, daemonPidsOf, downAndWait, interleave, systemResult, withSystem } from './common.mjs';

export const id = 'restart';

export const summary = [{ key: 'restart_ms', label: () => 'kill -9 → new process alive', unit: 'ms' }];

export const title = (p) => `restart after kill -9 (${p.rounds} boots × ${p.reps_per_round} kills per system)`;

export const details = [{ key: 'restart_ms', label: 'kill -9 → new process alive', unit: 'ms' }];

export const cases = (cfg) => [{ rounds: cfg.rounds, reps_per_round: cfg.repsPerRound }];

export async function run(ctx, cfg, { rounds, reps_per_round: reps }) {
  const per = await interleave(ctx, 'restart', rounds, (s) =>
    withSystem(ctx, 'restart', s, async (system, r) => {
      system.writeConfig([app(r, 'x', 'exec', [r.bsleep, '100000'])]);
      const scanner = new ProcScanner(r.bsleep);
      scanner.scan();
      await bootAndWait(ctx, system, scanner, 1);
      await sleep(cfg.settleMs);
      const latencies = [];
      for (let i = 0; i < 1 + reps; i++) {
        const current = scanner.scan({ verify: true });
        if (current.length !== 1) throw new Error(`expected 1 child before the kill, found ${current.length}`);
        const t0 = nowMs();
        killPid(current[0], 'SIGKILL');
        scanner.exclude(current[0]);
        const hit = await waitFor('the replacement child', () => scanner.scan().length > 0, { timeoutMs: 30_000, intervalMs: 1 });
        if (i > 0) latencies.push(hit.t - t0);
        await sleep(cfg.gapMs); // let it settle: no system is measured mid-restart
      }
      await downAndWait(ctx, system, scanner, daemonPidsOf(system, scanner.scan({ verify: true })));
      return latencies;
    }));
  const systems = {};
  for (const s of ctx.systems) {
    const slot = per.get(s.id);
    systems[s.id] = systemResult(s, slot, { metrics: { restart_ms: slot.values.flat() } });
  }
  return { params: { rounds, reps_per_round: reps, gap_ms: cfg.gapMs }, systems };
}
