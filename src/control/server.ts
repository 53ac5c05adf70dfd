// The control server of a running stack: one per stack, on a private Unix socket.
import { chmodSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { ensureStackDirs, type StackPaths } from './state-dir.js';
import { PilotError } from '../errors.js';
import type { PilotEvent } from '../supervisor/events.js';
import { Connection, type BufferLimits } from './connection.js';
import { packageVersion } from '../version.js';
import type { PingResult } from './protocol.js';
import { bindPathFor, takeSocketPath } from './single-instance.js';
import { controlSocketPath, ensureSocketDir } from './socket-path.js';
import type { ControlTarget } from './target.js';

export interface ControlServerOptions {
  /** Default: controlSocketPath(paths.dir). */
  socketPath?: string;
  /** Reported by `ping`; default: this package's version. */
  version?: string;
  /** Subscriber backpressure (default: drop lines above 8 MiB unsent, disconnect above 64 MiB). */
  limits?: Partial<BufferLimits>;
}

export interface ControlServerStats {
  connections: number;
  subscriptions: number;
  /** Bytes written to clients and not yet read by them, over all connections. */
  bufferedBytes: number;
}

export interface ControlServer {
  readonly socketPath: string;
  stats(): ControlServerStats;
  /** Ends every connection and subscription, stops listening and removes the socket. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_LIMITS: BufferLimits = { dropLinesAbove: 8 * 1024 * 1024, disconnectAbove: 64 * 1024 * 1024 };
// How long a closing server lets clients take what was already written to them.
const CLOSE_GRACE_MS = 1000;

/** Starts the stack's control server; ALREADY_RUNNING when another supervisor answers on its socket. */
export async function startControlServer(target: ControlTarget, paths: StackPaths, options: ControlServerOptions = {}): Promise<ControlServer> {
  const socketPath = options.socketPath ?? controlSocketPath(paths.dir);
  ensureStackDirs(paths);
  ensureSocketDir(socketPath);
  const ping: PingResult = { pid: process.pid, stackId: target.stackId, manifest: target.manifestFile, version: options.version ?? packageVersion(), startedAt: new Date().toISOString() };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const connections = new Set<Connection>();
  const server = createServer((socket) => {
    const connection = new Connection(socket, target, ping, limits);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });

  const inode = await listenOnce(server, socketPath, target.manifestFile);
  // Once listening, an error (e.g. EMFILE on accept) costs that one client, never the supervisor.
  server.on('error', () => {});

  // Serialized once per event, and only when someone is subscribed.
  const unsubscribe = target.on((event: PilotEvent) => {
    let json: string | null = null;
    for (const connection of connections) {
      if (!connection.subscribed) continue;
      json ??= JSON.stringify(event);
      connection.deliver(event, json);
    }
  });

  let closing: Promise<void> | null = null;
  return {
    socketPath,
    stats: () => {
      const all = [...connections];
      return { connections: all.length, subscriptions: all.reduce((n, c) => n + c.subscriptionCount, 0), bufferedBytes: all.reduce((n, c) => n + c.buffered, 0) };
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        server.close(() => resolve());
        removeOwnSocket(socketPath, inode);
        for (const connection of connections) connection.end(CLOSE_GRACE_MS);
      });
      return closing;
    },
  };
}

// Listens under a name of its own, then takes the stack's socket path (see single-instance.ts); the
// socket's inode.
async function listenOnce(server: Server, socketPath: string, manifest: string): Promise<number> {
  const bound = bindPathFor(socketPath);
  rmSync(bound, { force: true }); // left by a process of this pid that died before it took the name
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(bound, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    throw new PilotError('INTERNAL', `cannot listen on the control socket ${socketPath}: ${(err as Error).message}`, { context: { socketPath }, cause: err });
  }
  let inode: number;
  try {
    // Before the socket has the stack's name (the mode and inode are the socket's, whatever its name):
    // the directory is 0700, so nobody else could connect before this tightens the socket itself.
    chmodSync(bound, 0o600);
    inode = statSync(bound).ino;
    await takeSocketPath(bound, socketPath, manifest);
  } catch (err) {
    server.close();
    throw err;
  }
  return inode;
}

// Removes the socket file if it is still the one this server created (libuv usually has already).
function removeOwnSocket(socketPath: string, inode: number): void {
  try {
    if (statSync(socketPath).ino === inode) unlinkSync(socketPath);
  } catch {
    // already gone
  }
}
