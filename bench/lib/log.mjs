// Progress lines on stderr (stdout carries the table or the JSON).
export function log(...parts) {
  if (process.env.BENCH_QUIET) return;
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);
}
