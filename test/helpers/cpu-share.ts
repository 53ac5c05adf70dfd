// What "busy" can promise on a shared machine: a busy loop gets its fair share of the cores, not one of
// them (16-23% of a core seen on two cores beside six other loops), but never little; an idle node, ~0%.

/** Least CPU % of one core a busy loop shows however loaded the machine. */
export const BUSY_FLOOR_PERCENT = 5;

/**
 * Whether `percent` is a busy loop's: at least the floor, and well above `idle`, an idle process's over
 * the same time (a multiple, not a margin: one 10 ms step of /proc's times is 3.3% of a 0.3 s interval).
 */
export function looksBusy(percent: number | null | undefined, idle = 0): boolean {
  return typeof percent === 'number' && percent >= BUSY_FLOOR_PERCENT && percent > 3 * idle;
}
