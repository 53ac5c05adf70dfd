// A burst of output: one child writes N numbered 100-byte lines (`L000123 <91 characters>`) to stdout, 100 lines
// per write, as fast as the pipe takes them. The clock starts when the harness signals the child (SIGUSR2) and
// stops when the system's log file ends with the last line (its tail is polled every 5 ms); then the whole file is
// checked: every line once, in order. Also the supervisor's CPU time over the burst (+300 ms).
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nowMs, sleep, waitFor } from '../clock.mjs';
import { cpuMs, isAlive, ProcScanner, rssKbOf } from '../proc.mjs';
import { app } from '../run-dir.mjs';
import { daemonPidsOf, downAndWait, interleave, startUp, systemResult, withSystem } from './common.mjs';

export const id = 'log_burst';

export const summary = [
  { key: 'complete_ms', label: (p) => `${p.lines.toLocaleString('en')}-line burst: signal → last line in the log`, unit: 'ms' },
  { key: 'supervisor_cpu_ms', label: (p) => `supervisor CPU for the ${p.lines.toLocaleString('en')} lines`, unit: 'ms', digits: 0 },
  { key: 'intact', label: () => 'every line once, in order', unit: 'runs', kind: 'count' },
];

export const title = (p) => `log burst: ${p.lines.toLocaleString('en')} lines of 100 bytes (${p.runs} runs per system)`;

export const details = [
  { key: 'complete_ms', label: 'signal → last line in the log', unit: 'ms' },
  { key: 'producer_ms', label: "the child's own write time", unit: 'ms' },
  { key: 'supervisor_cpu_ms', label: 'supervisor CPU', unit: 'ms', digits: 0 },
  { key: 'rss_mb_after', label: 'supervisor RSS after', unit: 'MB' },
];

export const notes = (sys) => [
  sys.counts ? `${sys.counts.intact.count}/${sys.counts.intact.of} runs with every line once, in order` : null,
  sys.worst ? `worst run: ${sys.worst.missing} missing, ${sys.worst.duplicated} duplicated, ${sys.worst.out_of_order} out of order, ${sys.worst.malformed} malformed` : null,
];

export const cases = (cfg) => [{ lines: cfg.lines, runs: cfg.runs }];

// must match children/logger.cjs
export const PAYLOAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, 91);
const lineText = (i) => `L${String(i).padStart(6, '0')} ${PAYLOAD}`;

/** The log stopped growing this long after the logger finished: lines are missing. */
const STALL_MS = 5000;

const fileSize = (file) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** Whether the file's last bytes end with `text` and a newline (cheap: one small read). */
function endsWithLine(file, text) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const want = Buffer.from(`${text}\n`);
    const size = fstatSync(fd).size;
    if (size < want.length) return false;
    const buf = Buffer.alloc(want.length);
    readSync(fd, buf, 0, want.length, size - want.length);
    return buf.equals(want);
  } finally {
    closeSync(fd);
  }
}

/**
 * Counts, over the whole log: line numbers never seen, extra copies, lines that came after a later one, and
 * lines not of the expected form. pilot's log lines start with `<ISO time> out `; the others' are raw.
 */
export function checkLog(text, lines) {
  const seen = new Uint32Array(lines);
  const re = /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z (?:out|err) )?L(\d{6}) (.*)$/;
  let malformed = 0;
  let outOfOrder = 0;
  let highest = -1;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = re.exec(line);
    const n = m ? Number(m[1]) : -1;
    if (!m || m[2] !== PAYLOAD || n >= lines) {
      malformed++;
      continue;
    }
    seen[n]++;
    if (n < highest) outOfOrder++;
    else highest = n;
  }
  let missing = 0;
  let duplicated = 0;
  for (let i = 0; i < lines; i++) {
    if (seen[i] === 0) missing++;
    else duplicated += seen[i] - 1;
  }
  return { missing, duplicated, out_of_order: outOfOrder, malformed };
}

export async function run(ctx, cfg, { lines, runs }) {
  const last = lineText(lines - 1);
  const per = await interleave(ctx, 'log_burst', runs, (s) =>
    withSystem(ctx, 'log', s, async (system, r) => {
      system.writeConfig([app(r, 'logger', 'node', [join(r.dir, 'logger.cjs'), r.dir, String(lines)])]);
      const readyFile = join(r.dir, 'logger.ready');
      const doneFile = join(r.dir, 'logger.done');
      const up = startUp(ctx, system);
      const { value: pid } = await waitFor('the logger to start', () => {
        if (!existsSync(readyFile)) return false;
        const p = Number.parseInt(readFileSync(readyFile, 'utf8'), 10);
        return isAlive(p) ? p : false;
      }, { timeoutMs: ctx.timeoutMs, intervalMs: 20 });
      await up.done;
      await sleep(cfg.settleMs);
      const logPath = system.logFile('logger');
      await waitFor(`the log file ${logPath}`, () => existsSync(logPath), { timeoutMs: 10_000, intervalMs: 20 });
      const daemons = daemonPidsOf(system, [pid]);
      const cpu0 = daemons.map(cpuMs);
      const t0 = nowMs();
      process.kill(pid, 'SIGUSR2');
      // done when the file ends with the last line; given up when the logger is done and the file stopped growing
      let size = -1;
      let grewAt = t0;
      const done = await waitFor('the last line in the log', () => {
        if (endsWithLine(logPath, last)) return { complete: true };
        const now = nowMs();
        const current = fileSize(logPath);
        if (current !== size) [size, grewAt] = [current, now];
        return existsSync(doneFile) && now - grewAt > STALL_MS ? { complete: false } : false;
      }, { timeoutMs: ctx.timeoutMs, intervalMs: 5 });
      await sleep(300);
      const cpu1 = daemons.map(cpuMs);
      if ([...cpu0, ...cpu1].some((c) => c === null)) throw new Error('the supervisor exited during the burst');
      const check = checkLog(readFileSync(logPath, 'latin1'), lines);
      const { value: producer } = await waitFor('the logger to finish', () => existsSync(doneFile) && JSON.parse(readFileSync(doneFile, 'utf8')), { timeoutMs: 10_000, intervalMs: 20 });
      const rss = rssKbOf(daemons);
      await downAndWait(ctx, system, new ProcScanner(join(r.dir, 'logger.cjs')), daemons);
      return {
        completeMs: done.value.complete ? done.t - t0 : null,
        producerMs: producer.write_ms,
        cpuMs: cpu1.reduce((a, c, i) => a + c.own - cpu0[i].own, 0),
        rssKb: rss,
        check,
      };
    }));
  const systems = {};
  for (const s of ctx.systems) {
    const slot = per.get(s.id);
    const col = (k) => slot.values.map((v) => v[k]);
    const checks = col('check');
    const intact = checks.filter((c) => c.missing === 0 && c.duplicated === 0 && c.out_of_order === 0 && c.malformed === 0).length;
    const worst = (k) => Math.max(0, ...checks.map((c) => c[k]));
    systems[s.id] = systemResult(s, slot, {
      metrics: { complete_ms: col('completeMs'), supervisor_cpu_ms: col('cpuMs'), producer_ms: col('producerMs'), rss_mb_after: col('rssKb').map((kb) => kb / 1024) },
      counts: { intact: { of: checks.length, count: intact } },
      worst: { missing: worst('missing'), duplicated: worst('duplicated'), out_of_order: worst('out_of_order'), malformed: worst('malformed') },
    });
  }
  return { params: { lines, runs, bytes_per_line: 100 }, systems };
}
