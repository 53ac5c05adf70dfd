// The facts recorded with every run: the machine, its load, and what was measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { round } from './stats.mjs';

/** The 1-, 5- and 15-minute load averages, one decimal. */
export const loadavg = () => os.loadavg().map((x) => round(x, 1));

export function machineFacts() {
  const cpus = os.cpus();
  const facts = {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model?.trim() ?? null,
    mem_gib: round(os.totalmem() / 2 ** 30, 1),
    kernel: os.release(),
    os: null,
    node: process.version,
    loadavg: loadavg(),
  };
  try {
    facts.os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    // not every system has it
  }
  return facts;
}

/** The commit of the pilot being measured, `+dirty` when the worktree has changes; null outside git. */
export function gitRevision(dir) {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    return dirty ? `${rev}+dirty` : rev;
  } catch {
    return null;
  }
}
