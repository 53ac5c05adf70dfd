// One fault-injection case: a stack with its own PILOT_HOME and a marker of its own in the supervisor's
// environment, run through the real CLI (bin/pilot.js) in the foreground, under a terminal, or detached;
// everything it started is killed in t.after, whatever happened.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { stackPaths } from '../../src/control/state-dir.js';
import { listLogNames, logFileOf } from '../../src/logs/log-dir.js';
import { parseLogLine } from '../../src/logs/log-format.js';
import { readStateFile } from '../../src/supervisor/state-file.js';
import { runPilot, type CliResult } from '../cli/run-cli.js';
import { expandManifest, writeManifest } from '../helpers/manifest-file.js';
import { pilotBin } from '../helpers/paths.js';
import { isAlive, killAll } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { census, describeSurvivors, type Survivor } from './census.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Foreground {
  /** The spawned process: pilot itself, or `script` (the terminal) around it. */
  child: ChildProcess;
  /** pilot's pid. */
  pid: () => number;
  output: () => string;
  exited: Promise<Exit>;
}

/** How much of a log's end lastLogLine reads: many of its records. */
const TAIL_BYTES = 4096;

export class StackCase {
  readonly file: string;
  readonly home: string;
  readonly stackId: string;
  readonly caseMark = randomUUID();
  /** Supervisors seen so far (roots for the census). */
  private readonly supervisors = new Set<number>();

  constructor(private readonly t: TestContext, yaml: string) {
    this.file = writeManifest(t, yaml);
    const home = tmpDir('pilot-rel-home-');
    this.home = home.path;
    this.stackId = stackPaths(this.file, { PILOT_HOME: this.home }).stackId;
    t.after(() => {
      for (const pid of this.supervisors) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      killAll(this.survivors().map((p) => p.pid));
      home.remove();
    });
  }

  /** Changes the manifest (the stack stays the same one: it is identified by the manifest's path). */
  rewrite(yaml: string): void {
    writeFileSync(this.file, expandManifest(yaml));
  }

  /** How many lines each process's log has now (pass to waitForLines to wait for new ones only). */
  logMark(): Record<string, number> {
    const names = listLogNames(stackPaths(this.file, { PILOT_HOME: this.home }).logsDir);
    return Object.fromEntries(names.map((n) => [n, this.logLines(n).length]));
  }

  /** The environment of every pilot command (no colour, this case's PILOT_HOME). */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PILOT_HOME: this.home, NO_COLOR: '1', ...extra };
  }

  /** The environment of `pilot up`: also the case's marker, which every descendant inherits. */
  upEnv(): NodeJS.ProcessEnv {
    return this.env({ PILOT_RELIABILITY_CASE: this.caseMark });
  }

  /** Runs a pilot command to its end (bounded). */
  cli(args: string[], options: { timeoutMs?: number; up?: boolean } = {}): Promise<CliResult> {
    return runPilot(args, { env: options.up ? this.upEnv() : this.env(), timeoutMs: options.timeoutMs ?? 30_000 });
  }

  /** `pilot up -d`; resolves with the supervisor's pid once the stack is up. */
  async upDetached(): Promise<number> {
    const res = await this.cli(['up', '-d', this.file], { up: true });
    if (res.code !== 0) throw new Error(`pilot up -d exited ${res.code}:\n${res.stdout}${res.stderr}`);
    const pid = Number(/supervisor pid (\d+)/.exec(res.stdout)?.[1]);
    this.supervisors.add(pid);
    return pid;
  }

  /** `pilot up` in the foreground, in its own process group as a shell runs a job (`terminal`: under `script`, a real pty). */
  upForeground(options: { terminal?: boolean } = {}): Foreground {
    return this.foreground(['up', this.file], options);
  }

  /** `pilot ARGS…` in the foreground, as upForeground. */
  foreground(args: string[], options: { terminal?: boolean } = {}): Foreground {
    let child: ChildProcess;
    if (options.terminal) {
      const command = ['env', `PILOT_RELIABILITY_CASE=${this.caseMark}`, process.execPath, pilotBin, ...args].map(shellQuote).join(' ');
      child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, ...this.env(), SHELL: '/bin/sh' }, stdio: ['pipe', 'pipe', 'pipe'] });
    } else {
      const env = { ...process.env, ...this.upEnv() };
      delete env.FORCE_COLOR;
      child = spawn(process.execPath, [pilotBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      if (child.pid) this.supervisors.add(child.pid);
    }
    let text = '';
    child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
    const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    this.t.after(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const pid = (): number => {
      const found = options.terminal ? this.supervisorPid() : child.pid;
      if (!found) throw new Error('pilot has not started yet');
      this.supervisors.add(found);
      return found;
    };
    return { child, pid, output: () => text, exited };
  }

  /** The supervisor recorded in the state file, if any. */
  supervisorPid(): number | null {
    const pid = readStateFile(stackPaths(this.file, { PILOT_HOME: this.home }).stateFile)?.supervisor.pid ?? null;
    if (pid !== null) this.supervisors.add(pid);
    return pid;
  }

  /** The lines of a process's log file so far. */
  logLines(name: string): string[] {
    let text: string;
    try {
      text = readFileSync(logFileOf(stackPaths(this.file, { PILOT_HOME: this.home }).logsDir, name), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((l) => {
      const record = l === '' ? null : parseLogLine(l);
      return record ? [record.line] : [];
    });
  }

  /** The last line of a process's log file so far, reading only its tail (cheap enough to poll on big logs). */
  lastLogLine(name: string): string | undefined {
    let fd: number;
    try {
      fd = openSync(logFileOf(stackPaths(this.file, { PILOT_HOME: this.home }).logsDir, name), 'r');
    } catch {
      return undefined;
    }
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.min(size, TAIL_BYTES));
      const n = readSync(fd, buf, 0, buf.length, size - buf.length);
      const lines = buf.toString('utf8', 0, n).split('\n');
      if (size > buf.length) lines.shift(); // the first may be the end of a longer one
      for (const line of lines.reverse()) {
        const record = line === '' ? null : parseLogLine(line);
        if (record) return record.line;
      }
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Waits until each process's log has a line matching its pattern; returns the first match of each. */
  async waitForLines(patterns: Record<string, RegExp>, options: { since?: Record<string, number>; timeoutMs?: number } = {}): Promise<Record<string, RegExpExecArray>> {
    const found: Record<string, RegExpExecArray> = {};
    await waitFor(
      () => Object.entries(patterns).every(([name, re]) => {
        if (found[name]) return true;
        for (const line of this.logLines(name).slice(options.since?.[name] ?? 0)) {
          const m = re.exec(line);
          if (m) {
            found[name] = m;
            return true;
          }
        }
        return false;
      }),
      `log lines ${JSON.stringify(Object.fromEntries(Object.entries(patterns).map(([k, v]) => [k, String(v)])))}; missing: ${Object.keys(patterns).filter((k) => !found[k]).join(', ')}`,
      options.timeoutMs ?? 20_000,
      20,
    );
    return found;
  }

  /** Processes of this stack alive now (see census.ts). */
  survivors(): Survivor[] {
    return census({ stackId: this.stackId, caseMark: this.caseMark, roots: [...this.supervisors] });
  }

  /** Asserts that no process of this stack is alive, listing the ones that are (one census). */
  assertNothingLeft(): void {
    const list = this.survivors();
    assert.deepEqual(list, [], `${list.length} process(es) of stack ${this.stackId} left alive:\n${describeSurvivors(list)}`);
  }
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Resolves with the exit of `p`, or rejects after `timeoutMs` (a hang is a failure, not a wait). */
export async function exitWithin(p: Promise<Exit>, timeoutMs: number, what: string): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not exit within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
