// A fuzzing worker thread: runs the built CLI's main() (the bundle bin/pilot.js runs) on each case it is sent,
// with stdout and stderr captured, and posts back the exit code and output.
import { parentPort } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

export interface WorkRequest {
  id: number;
  argv: string[];
}

export interface WorkResult {
  id: number;
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const { main } = (await import(pathToFileURL(join(repoRoot, 'dist/cli/main.js')).href)) as { main: (argv: string[]) => Promise<number> };

let captured = { stdout: '', stderr: '' };
// In a worker, process.stdout/stderr are this thread's own streams: replacing write() captures what main() prints.
for (const name of ['stdout', 'stderr'] as const) {
  const stream = process[name];
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    // through bytes, as the real stdout does (a lone surrogate becomes U+FFFD on the way out)
    captured[name] += Buffer.from(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk).toString('utf8');
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as typeof stream.write;
}

parentPort?.on('message', (request: WorkRequest) => {
  captured = { stdout: '', stderr: '' };
  const started = performance.now();
  void main(request.argv).then((code) => {
    // each main() adds an 'error' listener to stdout and stderr (createOutput); the real CLI runs it once
    process.stdout.removeAllListeners('error');
    process.stderr.removeAllListeners('error');
    const result: WorkResult = { id: request.id, code, stdout: captured.stdout, stderr: captured.stderr, ms: performance.now() - started };
    parentPort?.postMessage(result);
  });
});
parentPort?.postMessage('ready');
