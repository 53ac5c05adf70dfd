// `pilot run [FILE] [--timeout S] -- CMD ARGS…`, the CI pattern: boot the stack, run CMD against it,
// tear the stack down, exit with CMD's code. Stack output goes to the log files; pilot's own lines to stderr.
import { startControlServer } from '../../control/server.js';
import { pilotTarget } from '../../control/target.js';
import { ExitCode, PilotError } from '../../errors.js';
import type { Manifest } from '../../manifest/types.js';
import type { PluginSet } from '../../plugins/plugin-set.js';
import { Pilot } from '../../supervisor/pilot.js';
import type { CliContext } from '../context.js';
import { loadStack, printPluginStacks } from '../load-stack.js';
import { processTails } from '../run/process-tails.js';
import { runCommandChild, type CommandEnd, type RunningCommand } from '../run/run-child.js';
import { splitRunArgv } from '../run/run-argv.js';
import { handleRunSignals, type RunSignals } from '../run/run-signals.js';
import { stackEnvironment } from '../run/stack-env.js';
import { resolveManifestPath } from '../manifest-path.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { bootFailureReport } from '../up/boot-report.js';
import { ConsoleOut } from '../up/console-out.js';
import { ForegroundPrinter } from '../up/foreground-printer.js';

// How long CMD gets to end after SIGTERM (or the forwarded signal) before SIGKILL.
const COMMAND_GRACE_MS = 10_000;

/** `pilot run`: FILE and CMD are read from the raw arguments (see run-argv.ts), not from commander's split. */
export async function runCommand(ctx: CliContext, _file: string | undefined, _cmd: string[], options: { timeoutSec?: number; plugins?: string }): Promise<number> {
  const { file, cmd } = splitRunArgv(ctx.argv);
  const { result: loaded, plugins } = await loadStack(resolveManifestPath(file, ctx.cwd), { cwd: ctx.cwd, pluginsFlag: options.plugins });
  if (loaded.diagnostics.length > 0) await ctx.err.write(renderDiagnostics(loaded.diagnostics, ctx.cwd, ctx.err.paint));
  await printPluginStacks(ctx, plugins);
  if (!loaded.manifest) return ExitCode.USAGE;
  return new RunSession(ctx, loaded.manifest, cmd, plugins).run(options.timeoutSec);
}

class RunSession {
  private readonly pilot: Pilot;
  private readonly out = new ConsoleOut(process.stderr);
  private readonly printer: ForegroundPrinter;
  private readonly label: string;
  private command: RunningCommand | null = null;
  private stackStopping: Promise<string>;

  constructor(private readonly ctx: CliContext, private readonly manifest: Manifest, private readonly cmd: [string, ...string[]], plugins: PluginSet | null) {
    this.pilot = new Pilot(manifest, { color: false, ...(plugins ? { plugins } : {}) });
    const names = manifest.processes.map((p) => p.name);
    this.printer = new ForegroundPrinter(this.out, names, ctx.err.paint.enabled, ctx.debug);
    this.pilot.on((event) => {
      if (event.type !== 'line') this.printer.handle(event);
    });
    this.stackStopping = new Promise((resolve) => {
      this.pilot.on((event) => {
        if (event.type === 'stack' && event.phase === 'stopping') resolve(event.reason ?? 'stop requested');
      });
    });
    const shown = cmd.join(' ');
    // cut in the middle: the end names the script (`…/bin/check.js`), which the start (`/usr/bin/node /long/path`) does not
    this.label = shown.length > 60 ? `${shown.slice(0, 24)}…${shown.slice(-35)}` : shown;
  }

  /** Boots, runs CMD, tears down; resolves with pilot's exit code. */
  async run(timeoutSec: number | undefined): Promise<number> {
    // The socket first: it refuses to run a stack that is already up, and `pilot ps`/`logs` work meanwhile.
    const control = await startControlServer(pilotTarget(this.pilot), this.pilot.paths);
    void this.pilot.done.then(() => control.close());
    const signals = handleRunSignals({
      stop: (signal) => {
        this.printer.message(null, `received ${signal}, stopping`);
        if (this.command) void this.endCommand(signal);
        else void this.pilot.stop(`received ${signal}`);
      },
      kill: () => {
        this.printer.message(null, 'killing every process now');
        this.command?.signal('SIGKILL');
        void this.pilot.kill();
      },
    });
    try {
      const booted = await this.boot(timeoutSec, signals);
      if (booted !== null) return booted;
      return await this.runCommandAgainstStack(signals);
    } finally {
      await this.pilot.stop('pilot run is done');
      await this.pilot.done;
      await control.close();
      this.out.flush();
      signals.remove();
    }
  }

  // Null once every process is ready; else the exit code (the stack is stopped by then).
  private async boot(timeoutSec: number | undefined, signals: RunSignals): Promise<number | null> {
    let timedOut = false;
    const timer =
      timeoutSec === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            const pending = this.pilot.status().filter((p) => p.state !== 'running').map((p) => `${p.name} (${p.state})`);
            this.printer.message(null, `not ready within ${timeoutSec} s (still waiting for: ${pending.join(', ')}); stopping`);
            void this.pilot.stop(`not ready within ${timeoutSec} s`);
          }, timeoutSec * 1000);
    try {
      await this.pilot.start();
    } catch (err) {
      await this.pilot.done;
      if (signals.received) return signals.exitCode();
      if (timedOut) return ExitCode.FAILED;
      if (!(err instanceof PilotError) || err.code !== 'BOOT_FAILED') throw err;
      for (const line of bootFailureReport(err)) this.out.line(line);
      this.out.line(`pilot: ${this.label} was not run`);
      return ExitCode.FAILED;
    } finally {
      clearTimeout(timer);
    }
    if (signals.received) return signals.exitCode();
    return null;
  }

  // Runs CMD with the stack's environment until it ends, or the stack ends under it.
  private async runCommandAgainstStack(signals: RunSignals): Promise<number> {
    this.out.flush();
    const env = stackEnvironment(this.manifest, this.pilot.paths);
    const command = runCommandChild(this.cmd, { env, cwd: this.ctx.cwd });
    this.command = command;
    const first = await Promise.race([command.ended, this.stackStopping]);
    if (typeof first === 'string') {
      if (signals.received) return signals.exitCode();
      this.printer.message(null, `the stack is stopping while ${this.label} runs (${first}); stopping it`);
      await this.endCommand('SIGTERM');
      return ExitCode.FAILED;
    }
    this.report(first, signals);
    return signals.received ? signals.exitCode() : first.exitCode;
  }

  // What CMD's end means, and on failure the last lines of every process (they explain most CI failures).
  private report(end: CommandEnd, signals: RunSignals): void {
    if (end.notRun) {
      this.printer.message(null, `${this.label}: ${end.how}`);
      return;
    }
    this.printer.message(null, `${this.label} ${end.how}`);
    if (end.exitCode === 0 || signals.received) return;
    this.printer.message(null, `the last lines of each process:`);
    const names = this.manifest.processes.map((p) => p.name);
    for (const line of processTails(names, (name, n) => this.pilot.tail(name, n), this.ctx.err.paint.enabled)) this.out.line(`  ${line}`);
  }

  // `signal` to CMD, SIGKILL if it has not ended after the grace; resolves once it has ended.
  private async endCommand(signal: NodeJS.Signals): Promise<void> {
    const command = this.command;
    if (!command) return;
    command.signal(signal);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace'>((resolve) => (timer = setTimeout(() => resolve('grace'), COMMAND_GRACE_MS)));
    if ((await Promise.race([command.ended, graceOver])) === 'grace') {
      this.printer.message(null, `${this.label} did not end ${COMMAND_GRACE_MS / 1000} s after ${signal}; killing it`);
      command.signal('SIGKILL');
      await command.ended;
    }
    clearTimeout(timer);
  }
}
