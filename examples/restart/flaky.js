#!/usr/bin/env node
// Runs for FLAKY_LIFETIME_MS, then crashes with exit code 1 — something for restart_policy to handle.
const lifetimeMs = Number(process.env.FLAKY_LIFETIME_MS ?? 1500);
console.log(`flaky: started (pid ${process.pid}); will crash in ${lifetimeMs} ms`);
const timer = setTimeout(() => {
  console.error('flaky: crashing now');
  process.exit(1);
}, lifetimeMs);
process.on('SIGTERM', () => {
  clearTimeout(timer);
  console.log('flaky: stopping');
  process.exit(0);
});
