#!/usr/bin/env node
// A pretend database: "loads" for a moment, then logs that it accepts connections (what `log` waits for).
console.log('db: loading data files…');
setTimeout(() => console.log('db: ready to accept connections'), 300);
const timer = setInterval(() => {}, 1 << 30);
function shutdown() {
  clearInterval(timer);
  console.log('db: bye');
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
