// Command latency with one process running: the wall time of the status command (`pilot ps`, `pm2 jlist`,
// `supervisorctl status`) and of `restart x`, from spawn to exit, interpreter start-up included (it is what the
// user waits for). After each restart the harness waits for the new child plus a gap. One warm-up call of each.
import { basename } from 'node:path';
import { nowMs, sleep, waitFor } from '../clock.mjs';
import { ProcScanner } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { bootAndWait, daemonPidsOf, downAndWait, interleave, systemResult, withSystem } from './common.mjs';

export const id = 'cli';

export const summary = [
  { key: 'status_ms', label: () => 'status command (`ps`)', unit: 'ms' },
  { key: 'restart_ms', label: () => '`restart` command', unit: 'ms' },
];

export const title = (p) => `status and restart commands, one process running (${p.rounds} boots × ${p.reps_per_round} calls per system)`;

export const details = [
  { key: 'status_ms', label: 'status command', unit: 'ms' },
  { key: 'restart_ms', label: 'restart command', unit: 'ms' },
  { key: 'restart_to_new_pid_ms', label: 'restart → new process alive', unit: 'ms' },
];

export const notes = (sys) => [sys.commands ? `\`${sys.commands.status}\`, \`${sys.commands.restart}\`` : null, sys.warning];

export const cases = (cfg) => [{ rounds: cfg.rounds, reps_per_round: cfg.repsPerRound }];

// `supervisorctl -c /tmp/…/supervisord.conf status` → `supervisorctl status`
function shortCommand(argv) {
  const out = [basename(argv[0]).replace(/\.js$/, '')]; // bin/pilot.js → pilot
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-c' || argv[i] === '--file') i++;
    else if (!argv[i].startsWith('/')) out.push(argv[i]);
  }
  return out.join(' ');
}

export async function run(ctx, cfg, { rounds, reps_per_round: reps }) {
  const per = await interleave(ctx, 'cli', rounds, (s) =>
    withSystem(ctx, 'cli', s, async (system, r) => {
      system.writeConfig([app(r, 'x', 'exec', [r.bsleep, '100000'])]);
      const scanner = new ProcScanner(r.bsleep);
      scanner.scan();
      await bootAndWait(ctx, system, scanner, 1);
      await sleep(cfg.settleMs);
      const o = { status: [], restart: [], toNewPid: [], exits: new Set(), commands: { status: shortCommand(system.statusArgv()), restart: shortCommand(system.restartArgv('x')) } };
      for (let i = 0; i < 1 + reps; i++) {
        const res = system.cmd(system.statusArgv(), 30_000);
        o.exits.add(res.status);
        if (i > 0) o.status.push(res.ms);
      }
      for (let i = 0; i < 1 + reps; i++) {
        const [old] = scanner.scan({ verify: true });
        const t0 = nowMs();
        const res = system.cmd(system.restartArgv('x'), 60_000);
        o.exits.add(res.status);
        const { t } = await waitFor('the restarted child', () => scanner.scan({ verify: true }).some((p) => p !== old), { timeoutMs: 30_000, intervalMs: 2 });
        if (i > 0) {
          o.restart.push(res.ms);
          o.toNewPid.push(t - t0);
        }
        await sleep(cfg.gapMs);
      }
      await downAndWait(ctx, system, scanner, daemonPidsOf(system, scanner.scan({ verify: true })));
      return o;
    }));
  const systems = {};
  for (const s of ctx.systems) {
    const slot = per.get(s.id);
    const pool = (k) => slot.values.flatMap((o) => o[k]);
    const exits = [...new Set(slot.values.flatMap((o) => [...o.exits]))];
    const extra = { metrics: { status_ms: pool('status'), restart_ms: pool('restart'), restart_to_new_pid_ms: pool('toNewPid') }, exit_codes: exits };
    if (slot.values.length > 0) extra.commands = slot.values[0].commands;
    if (exits.some((c) => c !== 0)) extra.warning = `exit codes ${exits.join(', ')}`;
    systems[s.id] = systemResult(s, slot, extra);
  }
  return { params: { rounds, reps_per_round: reps, gap_ms: cfg.gapMs }, systems };
}
