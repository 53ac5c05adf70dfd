// Per-process numbers where there is no /proc (macOS, the BSDs): one `ps` per tick for every process
// at once, run asynchronously. CPU time has ps's resolution (1/100 s on macOS, 1 s with procps);
// the CPU of children that ended between samples is not available there, only that of live processes.
import { execFile } from 'node:child_process';
import { inSlices, type MemberReading, type ProcessSource, type TargetReading } from './source.js';

// lstart last: it has spaces (`Mon Nov 23 21:33:14 2026`); with the pid it identifies a process across samples
const COLUMNS = 'pid=,ppid=,pgid=,rss=,time=,etime=,stat=,lstart=';
const TIMEOUT_MS = 5000;

interface PsRow {
  pid: number;
  ppid: number;
  pgid: number;
  rssBytes: number;
  cpuMs: number;
  ageMs: number;
  ended: boolean;
  key: string;
}

/** ps's durations, `[[dd-]hh:]mm:ss[.cc]` (time and etime), in ms; NaN when malformed. */
export function parsePsDuration(text: string): number {
  const dash = text.indexOf('-');
  const days = dash >= 0 ? Number(text.slice(0, dash)) : 0;
  const parts = text.slice(dash + 1).split(':').map(Number);
  if (parts.length < 2 || parts.length > 3) return Number.NaN;
  const [s = 0, m = 0, h = 0] = parts.reverse();
  return (((days * 24 + h) * 60 + m) * 60 + s) * 1000;
}

/** One line of `ps -o COLUMNS`, or null. */
export function parsePsLine(line: string): PsRow | null {
  const f = line.trim().split(/\s+/);
  if (f.length < 8) return null;
  const [pid, ppid, pgid, rssKb] = f.slice(0, 4).map(Number) as [number, number, number, number];
  const row = { pid, ppid, pgid, rssBytes: rssKb * 1024, cpuMs: parsePsDuration(f[4] ?? ''), ageMs: parsePsDuration(f[5] ?? ''), ended: /^[ZX]/.test(f[6] ?? '') };
  if (!Object.values(row).every((v) => typeof v === 'boolean' || Number.isFinite(v))) return null;
  return { ...row, key: `${pid}:${f.slice(7).join(' ')}` };
}

function runPs(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', args, { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      // ps exits 1 when none of the -p pids exists: that is an empty answer, not a failure
      if (err && !(typeof err.code === 'number' && stdout.trim() === '')) reject(new Error(`ps failed: ${err.message}`));
      else resolve(stdout);
    });
  });
}

const member = (r: PsRow): MemberReading => ({ key: r.key, pid: r.pid, ppid: r.ppid, ownMs: r.cpuMs, reapedMs: 0, rssBytes: r.rssBytes });

export class PsSource implements ProcessSource {
  readonly name = 'ps';

  async read(pids: readonly number[], groups: boolean): Promise<Map<number, TargetReading>> {
    const out = new Map<number, TargetReading>();
    if (pids.length === 0) return out;
    const text = await runPs(groups ? ['-A', '-o', COLUMNS] : ['-o', COLUMNS, '-p', pids.join(',')]);
    const rows: PsRow[] = [];
    await inSlices(text.split('\n'), 256, (line) => {
      const row = parsePsLine(line);
      if (row) rows.push(row);
    });
    const wanted = new Set(pids);
    const byGroup = new Map<number, PsRow[]>();
    for (const row of groups ? rows : []) {
      if (!wanted.has(row.pgid) || row.pid === row.pgid) continue;
      const list = byGroup.get(row.pgid);
      if (list) list.push(row);
      else byGroup.set(row.pgid, [row]);
    }
    for (const leader of rows) {
      if (!wanted.has(leader.pid) || leader.ended) continue;
      const members = [leader, ...(byGroup.get(leader.pid) ?? [])].map(member);
      out.set(leader.pid, { pid: leader.pid, key: leader.key, ageMs: leader.ageMs, members, countsReaped: false });
    }
    return out;
  }
}
