// A real terminal for tests of full-screen commands: a tmux server of the test's own (its own socket),
// one window running a command; keys go in with send-keys, the screen comes out with capture-pane.
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { waitFor } from './wait-for.js';

let servers = 0;

/** True when tmux can be run here. */
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class TmuxPane {
  private readonly socket = `pilot-test-${process.pid}-${++servers}`;

  /** Starts `shellCommand` (run by sh) in a `width`×`height` terminal with `env` added; the server is killed in t.after. */
  constructor(t: TestContext, shellCommand: string, env: Record<string, string>, size = { width: 110, height: 30 }) {
    const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux(['new-session', '-d', '-s', 'test', '-x', String(size.width), '-y', String(size.height), ...vars, shellCommand]);
    t.after(() => {
      try {
        this.tmux(['kill-server']);
      } catch {
        // already gone
      }
    });
  }

  /** The screen as text (with `escapes`, its colour codes too). */
  screen(escapes = false): string {
    return this.tmux(['capture-pane', '-p', '-t', 'test', ...(escapes ? ['-e'] : [])]);
  }

  /** Types keys (tmux key names: `j`, `Up`, `C-c`). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'test', ...keys]);
  }

  /** A tmux format of the pane, e.g. `#{alternate_on}` (1 while on the alternate screen), `#{cursor_flag}`. */
  info(format: string): string {
    return this.tmux(['display-message', '-p', '-t', 'test', format]).trim();
  }

  /** Waits until the screen matches `pattern`; returns the screen. */
  async waitFor(pattern: RegExp, what: string, timeoutMs = 15_000): Promise<string> {
    let last = '';
    try {
      return await waitFor(() => {
        last = this.screen();
        return pattern.test(last) ? last : null;
      }, what, timeoutMs, 50);
    } catch (err) {
      throw new Error(`${(err as Error).message}; the screen:\n${last}`, { cause: err });
    }
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', timeout: 10_000 });
  }
}
