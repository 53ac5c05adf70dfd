// One frame of `pilot top`, as lines that fit the terminal: a header with the stack and the host, a row per
// process with a CPU sparkline, the outcome of the last key, and the keys.
import { safeName } from '../../logs/prefix.js';
import type { HostFacts } from '../../stats/host-info.js';
import type { Paint } from '../colors.js';
import { formatUptime } from '../format/duration.js';
import { formatBytes, formatPercent } from '../format/resources.js';
import { stateColor } from '../format/state-style.js';
import { uptimeOf } from '../format/status-table.js';
import { fitWidths, renderTable, type Cell, type Column } from '../format/table.js';
import { KEY_HELP } from './keys.js';
import type { TopModel } from './model.js';
import { sparkline } from './sparkline.js';

export interface TopView {
  width: number;
  height: number;
  now: number;
  paint: Paint;
  /** The manifest as the user knows it. */
  manifest: string;
  supervisorPid: number;
  /** When the supervisor started, ms since the epoch. */
  supervisorSince: number;
}

const COLUMNS: Column[] = [
  { header: ' ' },
  { header: 'NAME', minWidth: 6 },
  { header: 'STATE' },
  { header: 'PID', align: 'right' },
  { header: 'CPU', align: 'right' },
  { header: 'MEM', align: 'right' },
  { header: 'RESTARTS', align: 'right' },
  { header: 'UPTIME', align: 'right' },
  { header: 'CPU HISTORY' },
];
/** Lines around the table: header, host, blank, column names … message, keys. */
const CHROME = 6;
const MAX_HISTORY = 40;

/** `host  2 × AMD EPYC · CPU 37% busy · load 1.40 2.83 3.91 (1/5/15 min) · memory 20.8 GB available of 23.5 GB`, or a placeholder. */
export function hostLine(host: HostFacts | null): string {
  if (host === null) return 'host  …';
  const cpus = `${host.cpus} × ${host.cpuModel || 'CPU'}`;
  const load = host.loadAverage.map((l) => l.toFixed(2)).join(' ');
  return `host  ${cpus} · CPU ${Math.round(host.busyPercent)}% busy · load ${load} (1/5/15 min) · memory ${formatBytes(host.availableBytes)} available of ${formatBytes(host.totalBytes)}`;
}

/** The frame's lines (at most `view.height`), each cut to `view.width`. */
export function renderTop(model: TopModel, view: TopView): string[] {
  const { paint } = view;
  const capacity = Math.max(1, view.height - CHROME);
  const offset = Math.max(0, model.selectedIndex - capacity + 1);
  const shown = model.statuses.slice(offset, offset + capacity);
  const rows: Cell[][] = shown.map((s) => [
    { text: s.name === model.selected ? '>' : ' ' },
    { text: safeName(s.name), paint: paint.bold },
    { text: s.state, paint: stateColor(s.state, paint) },
    { text: s.pid === null ? '-' : String(s.pid) },
    { text: s.pid === null ? '-' : formatPercent(s.cpu_percent) },
    { text: s.pid === null ? '-' : formatBytes(s.memory_bytes) },
    { text: String(s.restarts) },
    { text: uptimeOf(s, view.now) },
    { text: '' },
  ]);
  // the sparkline gets what the other columns leave, newest points kept
  const widths = fitWidths(COLUMNS, rows, view.width);
  const used = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  const historyWidth = Math.max(0, Math.min(MAX_HISTORY, view.width - used));
  shown.forEach((s, i) => {
    const last = rows[i]?.[COLUMNS.length - 1];
    if (last) Object.assign(last, { text: sparkline(model.cpuHistory(s.name), historyWidth), paint: paint.cyan });
  });
  const [head = '', ...lines] = renderTable(COLUMNS, rows, { maxWidth: view.width, paintHeader: paint.dim });
  const selectedRow = model.selectedIndex - offset;
  // the selected row in reverse video across the screen (without colour, the `>` marks it)
  const body = lines.map((line, i) => (i === selectedRow && paint.enabled ? paint.inverse(padTo(line, view.width)) : line));
  const stopping = model.stackStopping ? paint.yellow('  stopping') : '';
  const title = `${paint.bold('pilot top')}  ${view.manifest}  ${paint.dim(`supervisor pid ${view.supervisorPid}, up ${formatUptime(view.now - view.supervisorSince)}`)}${stopping}`;
  const filler = Array.from({ length: Math.max(0, capacity - shown.length) }, () => '');
  const more = model.statuses.length > shown.length ? paint.dim(`  (${model.statuses.length - shown.length} more: ↑/↓ to scroll)`) : '';
  return [cut(title, view.width), cut(paint.dim(hostLine(model.host)), view.width), '', head, ...body, ...filler, cut(messageText(model, paint) + more, view.width), cut(paint.dim(KEY_HELP), view.width)];
}

function messageText(model: TopModel, paint: Paint): string {
  const m = model.message;
  if (m === null) return '';
  return m.tone === 'error' ? paint.red(m.text) : m.tone === 'ok' ? paint.green(m.text) : m.text;
}

// Pads a line (which may hold colour codes) to `width` visible characters.
function padTo(line: string, width: number): string {
  return line + ' '.repeat(Math.max(0, width - visibleLength(line)));
}

// eslint-disable-next-line no-control-regex -- colour codes start with ESC: that is what this matches
const ANSI = /\u001b\[[0-9;]*m/;
const visibleLength = (line: string): number => [...line.replace(new RegExp(ANSI.source, 'g'), '')].length;

// Cuts a line that may hold colour codes to `width` visible characters (the codes are kept).
function cut(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  let out = '';
  let seen = 0;
  for (const part of line.split(new RegExp(`(${ANSI.source})`))) {
    if (part.startsWith('\u001b[')) {
      out += part;
      continue;
    }
    const chars = [...part];
    const room = width - seen;
    out += chars.slice(0, Math.max(0, room)).join('');
    seen += Math.min(chars.length, Math.max(0, room));
  }
  return ANSI.test(line) ? `${out}\u001b[0m` : out;
}
