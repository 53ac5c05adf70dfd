// Checks against this machine: the base directory, executables, working directories and CPU ids.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { DiagnosticList } from './diagnostics.js';
import type { NodeLocator } from './locate.js';
import { asObject, processEntries } from './raw.js';
import { findExecutable, searchPathFor } from './resolve-executable.js';
import { processLabel } from './describe.js';

export interface HostContext {
  data: unknown;
  locator: NodeLocator;
  diagnostics: DiagnosticList;
  /** Absolute base directory, as resolved from the manifest or the options. */
  baseDirectory: string;
  /** True when the base directory came from the options rather than the manifest. */
  baseFromOptions: boolean;
}

/** Runs the host checks; returns the absolute executable of each process index that resolved. */
export function checkHost(ctx: HostContext): Map<number, string> {
  const commands = new Map<number, string>();
  const baseOk = isDirectory(ctx.baseDirectory);
  if (!baseOk) {
    const where = ctx.baseFromOptions ? null : ctx.locator.value(['base_directory']);
    ctx.diagnostics.add('base-directory-missing', `base directory ${ctx.baseDirectory} does not exist or is not a directory`, where, { hint: 'relative paths in the manifest resolve against it' });
  }
  const cpus = availableParallelism();
  const globalEnv = asObject(ctx.data)?.env;
  for (const { index, raw } of processEntries(ctx.data)) {
    const who = processLabel(ctx.data, index);
    const path = raw.path;
    if (typeof path === 'string' && path !== '' && (baseOk || !path.includes('/') || path.startsWith('/'))) {
      const found = findExecutable(path, ctx.baseDirectory, searchPathFor(raw.env, globalEnv));
      if (found.ok) commands.set(index, found.path);
      else ctx.diagnostics.add('executable-not-found', `executable "${path}" of ${who} ${found.problem}`, ctx.locator.value(['processes', index, 'path']), { hint: found.hint });
    }
    const wd = raw.working_directory;
    if (typeof wd === 'string' && (baseOk || wd.startsWith('/'))) {
      const absolute = resolve(ctx.baseDirectory, wd);
      if (!isDirectory(absolute)) {
        ctx.diagnostics.add('working-directory-missing', `working directory of ${who} does not exist or is not a directory: ${absolute}`, ctx.locator.value(['processes', index, 'working_directory']), {
          hint: 'create it, or fix the path (relative paths resolve against the base directory)',
        });
      }
    }
    for (const key of ['affinity', 'processor_affinity']) {
      const list = raw[key];
      if (!Array.isArray(list)) continue;
      list.forEach((id: unknown, j) => {
        if (typeof id !== 'number' || !Number.isInteger(id) || id < cpus) return;
        const valid = cpus === 1 ? '0' : `0-${cpus - 1}`;
        ctx.diagnostics.add('unknown-cpu', `CPU ${id} in "${key}" of ${who} does not exist on this machine (valid ids: ${valid})`, ctx.locator.value(['processes', index, key, j]), {
          hint: `this machine offers ${cpus} CPU${cpus === 1 ? '' : 's'} to pilot`,
        });
      });
    }
  }
  return commands;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
