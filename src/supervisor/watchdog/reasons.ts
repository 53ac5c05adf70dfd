// Why the watchdog stopped a process, in words (shown in events, the foreground and `pilot ps`).

const MIB = 1024 * 1024;

/** Seconds for reasons, to a tenth below 100 s: `0.5`, `60`, `3600`. */
const seconds = (ms: number): string => {
  const tenths = Math.round(ms / 100) / 10;
  return tenths >= 100 ? String(Math.round(tenths)) : String(tenths);
};

/** `memory 812 MB > 512 MB` (MB of 1,048,576 bytes; a tenth shown when rounding would hide the excess). */
export function memoryReason(bytes: number, limitMb: number): string {
  const mb = bytes / MIB;
  return `memory ${Math.round(mb) > limitMb ? Math.round(mb) : Math.ceil(mb * 10) / 10} MB > ${limitMb} MB`;
}

/** `cpu 180% > 150% for 30 s`. */
export function cpuReason(percent: number, limitPercent: number, forMs: number): string {
  return `cpu ${Math.round(percent)}% > ${limitPercent}% for ${seconds(forMs)} s`;
}

/** `no output for 60 s`. */
export function silenceReason(quietMs: number): string {
  return `no output for ${seconds(quietMs)} s`;
}

/** `heartbeat file not touched for 30 s`, with why it could not be read when it could not. */
export function heartbeatReason(sinceMs: number, problem: string | null): string {
  return `heartbeat file not touched for ${seconds(sinceMs)} s${problem === null ? '' : ` (${problem})`}`;
}

/** `ran for 3600 s > max_runtime_sec 3600`. */
export function runtimeReason(ranMs: number, limitSec: number): string {
  return `ran for ${seconds(ranMs)} s > max_runtime_sec ${limitSec}`;
}

/** A `max_memory_mb` limit in bytes. */
export function limitBytes(limitMb: number): number {
  return limitMb * MIB;
}
