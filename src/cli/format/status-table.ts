// The `pilot ps` table: one row per process with its state, pid, uptime, restarts, CPU, memory, last exit and readiness.
import { safeName } from '../../logs/prefix.js';
import type { ProcessStatus } from '../../supervisor/status.js';
import type { Paint } from '../colors.js';
import { formatElapsed, formatUptime } from './duration.js';
import { formatBytes, formatPercent } from './resources.js';
import { stateColor } from './state-style.js';
import { renderTable, type Cell, type Column } from './table.js';

const COLUMNS: Column[] = [
  { header: 'NAME', minWidth: 8 },
  { header: 'STATE' },
  { header: 'PID', align: 'right' },
  { header: 'UPTIME', align: 'right' },
  { header: 'RESTARTS', align: 'right' },
  { header: 'CPU', align: 'right' },
  { header: 'MEM', align: 'right' },
  { header: 'LAST EXIT' },
  { header: 'READY', minWidth: 5 },
];

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** How long the current child has been up, while there is one; `-` otherwise. */
export function uptimeOf(s: ProcessStatus, now: number): string {
  const started = ms(s.started_at);
  if (s.pid === null || started === null) return '-';
  return formatUptime(now - started);
}

/** The last exit: the signal that ended it, else its exit code, else `-`. */
export function lastExitOf(s: ProcessStatus): string {
  if (s.signal !== null) return s.signal;
  return s.exit_code === null ? '-' : String(s.exit_code);
}

/** What the READY column says: how long readiness took, what is awaited, or why the process is down. */
export function readinessOf(s: ProcessStatus): string {
  const started = ms(s.started_at);
  const ready = ms(s.ready_at);
  switch (s.state) {
    case 'running': {
      const took = started !== null && ready !== null ? `ready in ${formatElapsed(ready - started)}` : 'ready';
      // no ready strategy: ready once spawned, nothing more to say
      const readiness = s.ready_detail && s.ready_detail !== 'spawned' ? `${s.ready_detail} (${took})` : took;
      return s.watchdog === null ? readiness : `${readiness}; last watchdog stop: ${s.watchdog}`;
    }
    case 'starting':
      return 'awaiting readiness';
    case 'pending':
      return s.reason ?? 'awaiting dependencies';
    default:
      return s.reason ?? '-';
  }
}

/** The table's lines, header first; `maxWidth` (the terminal's width) cuts the READY column, then NAME. */
export function statusTable(statuses: readonly ProcessStatus[], options: { now: number; paint: Paint; maxWidth?: number }): string[] {
  const { paint } = options;
  const rows: Cell[][] = statuses.map((s) => [
    { text: safeName(s.name), paint: paint.bold },
    { text: s.state, paint: stateColor(s.state, paint) },
    { text: s.pid === null ? '-' : String(s.pid) },
    { text: uptimeOf(s, options.now) },
    { text: String(s.restarts) },
    { text: s.pid === null ? '-' : formatPercent(s.cpu_percent) },
    { text: s.pid === null ? '-' : formatBytes(s.memory_bytes) },
    { text: lastExitOf(s), paint: s.signal === null && (s.exit_code ?? 0) !== 0 ? paint.red : undefined },
    { text: readinessOf(s), paint: s.state === 'failed' ? paint.red : s.state === 'running' ? undefined : paint.dim },
  ]);
  return renderTable(COLUMNS, rows, { maxWidth: options.maxWidth, paintHeader: paint.dim });
}
