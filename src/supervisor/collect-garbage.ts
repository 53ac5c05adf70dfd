// A full garbage collection at a moment of pilot's choosing, when node allows it.

/**
 * Runs a full garbage collection when node was started with `--expose-gc`; does nothing otherwise.
 * Before a boot, the old generation holds megabytes of garbage from loading the manifest (the YAML
 * parse tree outlives many young-generation collections) and modules; collected now, that memory is
 * reused for the stack's long-lived objects instead of the heap growing around it.
 */
export function collectGarbage(): void {
  const { gc } = globalThis as { gc?: unknown };
  if (typeof gc === 'function') gc();
}
