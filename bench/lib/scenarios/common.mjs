// What the scenarios share: a system instance per run, booting and stopping it while watching /proc, and
// interleaving the systems' repetitions.
import { TimeoutError, waitFor } from '../clock.mjs';
import { track, untrack } from '../cleanup.mjs';
import { runAsync } from '../commands.mjs';
import { log } from '../log.mjs';
import { isAlive, readStat } from '../proc.mjs';
import { newRun } from '../run-dir.mjs';

/** A run failing this many times drops the system from the rest of the scenario. */
const MAX_FAILURES = 2;

/** Runs `fn(system, run)` with a fresh run directory and instance; cleans up whatever happens (the directory is kept if it failed). */
export async function withSystem(ctx, scenario, s, fn) {
  const run = newRun(ctx.session, scenario, s.id);
  const system = new s.System(run, s.probe);
  track(system);
  let failed = false;
  try {
    return await fn(system, run);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    untrack(system);
    system.cleanup({ keepDir: failed });
  }
}

/**
 * `reps` repetitions of `once(s, rep)` for every installed system, interleaved — the order rotating with each
 * repetition (pilot pm2 supervisord, pm2 supervisord pilot, …) — so that a burst of background load, or being
 * first after a pause, falls on all systems alike. Returns Map id → { values, errors }.
 */
export async function interleave(ctx, scenario, reps, once) {
  const systems = ctx.systems.filter((s) => s.probe.ok);
  const out = new Map(ctx.systems.map((s) => [s.id, { values: [], errors: [] }]));
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < systems.length; k++) {
      const s = systems[(rep + k) % systems.length];
      const slot = out.get(s.id);
      if (slot.errors.length >= MAX_FAILURES) continue;
      log(`${scenario} ${s.id} ${rep + 1}/${reps}`);
      try {
        slot.values.push(await once(s, rep));
      } catch (err) {
        log(`${scenario} ${s.id} failed: ${err.message}`);
        slot.errors.push(err.message);
      }
    }
  }
  return out;
}

/** The supervisor's pid(s): from the system's pid file, else the parents of its children. */
export function daemonPidsOf(system, childPids) {
  let pids = [];
  try {
    pids = system.daemonPids().filter(isAlive);
  } catch {
    // no pid file
  }
  if (pids.length === 0) {
    const parents = new Set();
    for (const pid of childPids) {
      const st = readStat(pid);
      if (st && st.ppid > 1 && st.ppid !== process.pid) parents.add(st.ppid);
    }
    pids = [...parents];
  }
  system.noteDaemons(pids);
  return pids;
}

/** Spawns the system's up command (marked as invoked, for cleanup); returns runAsync's handle. */
export function startUp(ctx, system) {
  system.upInvoked = true;
  return runAsync(system.upArgv(), { env: system.env, cwd: system.cwd, timeoutMs: ctx.timeoutMs, logFile: system.run.logFile });
}

/**
 * Spawns the system's up command and waits until `n` children matching `scanner` are alive. The clock starts
 * when the up command is spawned. Also returns the up command's own wall time and the harness's CPU while it polled.
 */
export async function bootAndWait(ctx, system, scanner, n, pollMs = 10) {
  const cpu0 = process.cpuUsage();
  const up = startUp(ctx, system);
  let upResult = null;
  void up.done.then((r) => (upResult = r));
  let hit;
  try {
    hit = await waitFor(`${n} children alive`, () => {
      if (upResult && (upResult.status !== 0 || upResult.error)) {
        throw new Error(`the up command failed (exit ${upResult.status ?? upResult.signal} ${upResult.error ?? ''}); see ${system.run.logFile}`);
      }
      if (scanner.scan().length < n) return false;
      const alive = scanner.scan({ verify: true });
      return alive.length >= n ? alive : false;
    }, { timeoutMs: ctx.timeoutMs, intervalMs: pollMs });
  } catch (err) {
    if (err instanceof TimeoutError) err.message += ` (${scanner.scan({ verify: true }).length} alive)`;
    throw err;
  }
  const cpu = process.cpuUsage(cpu0);
  const res = await up.done;
  return { readyMs: hit.t - up.t0, upCliMs: res.ms, pids: hit.value, harnessCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Spawns the down command; times until every child is gone, and until the daemon is gone too. */
export async function downAndWait(ctx, system, scanner, daemons, pollMs = 10) {
  const down = runAsync(system.downArgv(), { env: system.env, cwd: system.cwd, timeoutMs: ctx.timeoutMs, logFile: system.run.logFile });
  const gone = await waitFor('the children to exit', () => scanner.scan({ verify: true }).length === 0, { timeoutMs: ctx.timeoutMs, intervalMs: pollMs });
  const daemonGone = await waitFor('the supervisor to exit', () => daemons.every((p) => !isAlive(p)), { timeoutMs: ctx.timeoutMs, intervalMs: pollMs });
  const res = await down.done;
  system.downDone = true;
  return { downMs: gone.t - down.t0, downDaemonMs: daemonGone.t - down.t0, downCliMs: res.ms, downExit: res.status };
}

/** The result record of one system in a scenario. */
export function systemResult(s, slot, extra = {}) {
  if (!s.probe.ok) return { status: 'skipped', reason: s.probe.reason, version: null };
  const status = slot.values.length === 0 ? 'failed' : 'ok';
  return { status, version: s.probe.version ?? null, runs: slot.values.length, errors: slot.errors, ...extra };
}
