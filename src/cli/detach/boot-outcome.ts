// What a background supervisor tells `pilot up -d` about its boot: one JSON line on an extra pipe (fd 3).

/** The launcher passes the pipe's fd number in this variable; the supervisor removes it from its environment. */
export const REPORT_FD_ENV = 'PILOT_DETACHED_REPORT_FD';
/** The pipe's place in the background supervisor's stdio. */
export const REPORT_FD = 3;

export type BootOutcome =
  /** Every process is ready; `pid` is the supervisor's. */
  | { ok: true; pid: number }
  /** The boot failed (or never began): pilot's exit code and the report to show, without colour. */
  | { ok: false; exitCode: number; report: string[] };

/** One outcome as a line of the pipe. */
export function encodeOutcome(outcome: BootOutcome): string {
  return `${JSON.stringify(outcome)}\n`;
}

/** The outcome in `line`, or null when it is not one. */
export function parseOutcome(line: string): BootOutcome | null {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const o = data as Record<string, unknown>;
  if (o.ok === true && typeof o.pid === 'number') return { ok: true, pid: o.pid };
  if (o.ok === false && typeof o.exitCode === 'number' && Array.isArray(o.report)) {
    return { ok: false, exitCode: o.exitCode, report: o.report.map(String) };
  }
  return null;
}
