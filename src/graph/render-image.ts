// SVG/PNG through Graphviz: the DOT text is piped into `dot -Tsvg|-Tpng` (spawned, no shell).
import { spawn } from 'node:child_process';
import { PilotError } from '../errors.js';

export type ImageFormat = 'svg' | 'png';

const INSTALL_HINT = 'install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), or use --format dot|mermaid, which need nothing';

/** Renders `dot` source to an image with Graphviz's `dot` (found on PATH); bytes of the image. */
export function renderImage(dot: string, format: ImageFormat, options: { dotCommand?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const command = options.dotCommand ?? 'dot';
  return new Promise((resolve, reject) => {
    const child = spawn(command, [`-T${format}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    // Our own timer rather than spawn's `timeout`, whose timer outlives a child that never started.
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // EPIPE on stdin means dot died early; its exit code and stderr tell why.
    child.stdin.on('error', () => {});
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(new PilotError('GRAPHVIZ_MISSING', `cannot render ${format}: Graphviz \`${command}\` is not installed (not found on PATH)`, { context: { hint: INSTALL_HINT, format } }));
      } else {
        reject(new PilotError('INTERNAL', `cannot run Graphviz \`${command}\`: ${error.message}`, { cause: error }));
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(out));
      const why = timedOut ? `timed out after ${timeoutMs} ms` : signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(new PilotError('INTERNAL', `Graphviz \`${command} -T${format}\` failed (${why})${stderr === '' ? '' : `: ${stderr}`}`, { context: { format } }));
    });
    child.stdin.end(dot);
  });
}
