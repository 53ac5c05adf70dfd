// Taking a name in the file system exactly once among rivals (two supervisors of one stack starting at
// once). Checking that a name is free and then creating it lets both pass; link() of something complete
// (a written file, a bound socket) creates the name only if nobody has it. What a dead owner left there
// is removed by one rival only: rivals take turns (name-lock.ts), and each removes it only if it is still
// the inode it judged dead.
import { linkSync, lstatSync, renameSync, rmSync } from 'node:fs';
import { lockName } from './name-lock.js';

/** What is at a taken name: a live owner's (the taking ends), or stale (it is replaced; what was said of it is kept). */
export type Verdict<L, S> = { live: L } | { stale: S };

export type Taken<L, S> =
  /** `to` is `from` now; `stale` is what `judge` said of the stale one it replaced, if any. */
  | { taken: true; stale: S | null }
  | { taken: false; holder: L };

// Rounds of "the name changed while we looked" before giving up (each needs a rival acting meanwhile).
const MAX_ROUNDS = 20;

/**
 * Gives what is at `from` (complete: a written file, a bound socket) the name `to`, unless `judge` finds
 * a live owner's there; a stale one is replaced. `from` may still exist afterwards: the caller removes it.
 */
export async function takeName<L, S>(from: string, to: string, judge: (path: string) => Verdict<L, S> | Promise<Verdict<L, S>>): Promise<Taken<L, S>> {
  const release = await lockName(to);
  try {
    return await takeInTurn(from, to, judge);
  } finally {
    release?.();
  }
}

async function takeInTurn<L, S>(from: string, to: string, judge: (path: string) => Verdict<L, S> | Promise<Verdict<L, S>>): Promise<Taken<L, S>> {
  let stale: S | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let linked: boolean;
    try {
      linked = linkName(from, to);
    } catch (err) {
      if (!hardLinksUnsupported(err)) throw err;
      return renameOnto(from, to, judge);
    }
    if (linked) return { taken: true, stale };
    // the inode before the judging: if the name is replaced in between, removeIfSame sees another inode
    const ino = inodeOf(to);
    if (ino === null) continue; // removed meanwhile
    const verdict = await judge(to);
    if ('live' in verdict) return { taken: false, holder: verdict.live };
    if (removeIfSame(to, ino)) stale = verdict.stale;
  }
  throw new Error(`${to} kept changing (other supervisors of this stack starting and stopping?)`);
}

// Without hard links: judge what is there, then rename onto it (not atomic against a rival: the best there is).
async function renameOnto<L, S>(from: string, to: string, judge: (path: string) => Verdict<L, S> | Promise<Verdict<L, S>>): Promise<Taken<L, S>> {
  const verdict = inodeOf(to) === null ? null : await judge(to);
  if (verdict && 'live' in verdict) return { taken: false, holder: verdict.live };
  renameSync(from, to);
  return { taken: true, stale: verdict?.stale ?? null };
}

/** Gives the inode at `from` the name `to` as well; false when `to` is taken. */
function linkName(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** A file system without hard links (link() is refused, not failed for a reason of its own). */
function hardLinksUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS';
}

/** The inode at `path` (not following a symlink), or null when nothing is there. */
function inodeOf(path: string): number | null {
  try {
    return lstatSync(path).ino;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Removes `path` if it is still inode `ino`; true when it did. It is moved aside first, atomically: a
 * rival that replaced it meanwhile (after judging the same dead owner) had its fresh one moved, which
 * then goes back.
 */
function removeIfSame(path: string, ino: number): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const same = inodeOf(aside) === ino;
  // (a third rival may have taken the name meanwhile: the caller looks again at whose it is)
  if (!same) restore(aside, path);
  rmSync(aside, { force: true });
  return same;
}

function restore(aside: string, path: string): void {
  try {
    linkName(aside, path);
  } catch (err) {
    if (!hardLinksUnsupported(err)) throw err;
    if (inodeOf(path) === null) renameSync(aside, path); // (without links, not atomic: the best there is)
  }
}
