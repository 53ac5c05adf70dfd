// `pilot logs [NAME…] [-n N] [-f]`: the last lines of each process from the stack's log files,
// interleaved by time and prefixed like the foreground; with -f, then live lines over the socket.
import { connectControl, type ControlClient } from '../../control/client.js';
import type { StackLocation } from '../../control/discovery.js';
import type { PilotEvent } from '../../supervisor/events.js';
import { ExitCode, PilotError } from '../../errors.js';
import { FollowBuffer, joinHistory } from '../../logs/follow-buffer.js';
import { listLogNames, logFileName, logFileOf, type LogRecord } from '../../logs/log-dir.js';
import { mergeByTime } from '../../logs/merge-by-time.js';
import { readLogTail } from '../../logs/read-log-tail.js';
import { locateStack } from '../connect-stack.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { LogPrinter } from '../format/log-printer.js';

export interface LogsOptions {
  file?: string;
  /** Lines per process. */
  lines: number;
  follow: boolean;
}

/** How long a stopped stack's socket may take to answer when checking names (it usually refuses at once). */
const STATUS_TIMEOUT_MS = 1000;

const unique = (names: readonly string[]): string[] => [...new Set(names)];
const stem = (name: string): string => logFileName(name).slice(0, -'.log'.length);

/** Prints the recent lines; with `follow`, keeps printing until the stack stops or Ctrl-C. */
export async function logsCommand(ctx: CliContext, names: string[], options: LogsOptions): Promise<number> {
  const location = await locateStack(ctx, options.file);
  const manifest = displayPath(location.manifest, ctx.cwd);
  if (options.follow) return followLogs(ctx, location, manifest, names, options.lines);
  const withLogs = listLogNames(location.paths.logsDir);
  if (withLogs.length === 0) {
    throw new PilotError('NOT_RUNNING', `no logs for ${manifest} (nothing in ${location.paths.logsDir})`, { exitCode: ExitCode.NO_STACK });
  }
  const missing = names.filter((n) => !withLogs.includes(stem(n)));
  if (missing.length > 0) checkNames(names, withLogs, await runningNames(location, manifest));
  const chosen = names.length > 0 ? unique(names).filter((n) => withLogs.includes(stem(n))) : withLogs;
  const history = await readHistory(location, chosen, options.lines);
  const printer = new LogPrinter(ctx.out, chosen);
  await printer.print(mergeByTime([...history.values()]));
  return ExitCode.OK;
}

// -f: subscribe first (holding lines back), read the files, then the supervisor's tail, then stream.
async function followLogs(ctx: CliContext, location: StackLocation, manifest: string, names: string[], lines: number): Promise<number> {
  const client = await connectControl(location.socketPath, { manifest });
  let interrupted = false;
  const stopSignals = onInterrupt(() => {
    interrupted = true;
    client.close();
  });
  try {
    const running = (await client.call('status')).map((s) => s.name);
    const withLogs = listLogNames(location.paths.logsDir);
    checkNames(names, withLogs, running);
    const chosen = names.length > 0 ? unique(names) : unique([...running, ...withLogs.filter((n) => !running.includes(n))]);
    const live = chosen.filter((n) => running.includes(n));
    const printer = new LogPrinter(ctx.out, chosen);
    const buffer = new FollowBuffer((record) => printer.enqueue(record));
    const onLine = (event: PilotEvent): void => {
      if (event.type === 'line') buffer.push({ process: event.process, at: event.at, stream: event.stream, line: event.line });
    };
    const onDropped = (count: number): void =>
      void ctx.err.line(ctx.err.paint.yellow(`pilot: ${count} line${count === 1 ? ' was' : 's were'} skipped: output came faster than it could be printed`));
    await client.subscribe({ logs: true, events: false, names: names.length > 0 ? live : undefined }, onLine, { onDropped }).catch(stackGone);
    // Files before the tail: everything on disk is already in the supervisor's memory, so the two line up.
    const history = await readHistory(location, chosen, lines);
    const served = await servedTail(client, live, lines).catch((err: unknown) => {
      stackGone(err);
      return new Map<string, LogRecord[]>();
    });
    for (const [process, fromFile] of history) history.set(process, joinHistory(fromFile, served.get(process) ?? [], lines));
    const recent = lines > 0 ? mergeByTime([...history.values()].map((h) => h.slice(-lines))) : [];
    await printer.print([...recent, ...buffer.release(history)]);
    await Promise.race([client.closed, printer.closed]);
    await printer.flush();
    return ExitCode.OK;
  } catch (err) {
    if (interrupted) return ExitCode.OK; // Ctrl-C while setting up: calls in flight fail, quietly
    throw err;
  } finally {
    stopSignals();
    client.close();
  }
}

// The stack went down while following was set up: what was read so far is printed, then it ends (exit 0).
function stackGone(err: unknown): void {
  if (!(err instanceof PilotError && err.code === 'NOT_RUNNING')) throw err;
}

// Unknown names (no log file and not a process of the running stack) → exit 2 with what exists.
function checkNames(names: readonly string[], withLogs: readonly string[], running: readonly string[]): void {
  const unknown = unique(names).filter((n) => !withLogs.includes(stem(n)) && !running.includes(n));
  if (unknown.length === 0) return;
  const known = unique([...running, ...withLogs]).sort();
  const list = unknown.map((n) => `"${n}"`).join(', ');
  throw new PilotError('UNKNOWN_PROCESS', `unknown process${unknown.length > 1 ? 'es' : ''} ${list} (processes: ${known.join(', ') || 'none'})`, {
    exitCode: ExitCode.USAGE,
    context: { unknown, valid: known },
  });
}

// The processes of the stack when it is running; none when it is not.
async function runningNames(location: StackLocation, manifest: string): Promise<string[]> {
  const client = await connectControl(location.socketPath, { manifest, timeoutMs: STATUS_TIMEOUT_MS }).catch(() => null);
  if (!client) return [];
  try {
    return (await client.call('status')).map((s) => s.name);
  } catch {
    return [];
  } finally {
    client.close();
  }
}

// The last `lines` records of each process's log files, by process.
async function readHistory(location: StackLocation, names: readonly string[], lines: number): Promise<Map<string, LogRecord[]>> {
  const read = await Promise.all(
    names.map(async (process) => (await readLogTail(logFileOf(location.paths.logsDir, process), lines)).map((r) => ({ ...r, process }))),
  );
  return new Map(names.map((process, i) => [process, read[i] ?? []]));
}

// The supervisor's in-memory tail of each live process, by process.
async function servedTail(client: ControlClient, live: string[], lines: number): Promise<Map<string, LogRecord[]>> {
  const byProcess = new Map<string, LogRecord[]>();
  if (lines === 0 || live.length === 0) return byProcess;
  for (const l of await client.call('tail', { names: live, n: lines })) {
    const list = byProcess.get(l.process) ?? [];
    list.push(l);
    byProcess.set(l.process, list);
  }
  return byProcess;
}

// Ctrl-C or SIGTERM while following: stop quietly (exit 0). Returns the function that removes the handlers.
function onInterrupt(stop: () => void): () => void {
  const handler = (): void => stop();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
