// Claiming the stack's state file: of two supervisors of one stack starting at once, exactly one gets it
// (exclusive-name.ts); a file left by a supervisor that is gone is replaced and handed to the sweep.
import { rmSync, writeFileSync } from 'node:fs';
import { takeName, type Verdict } from './exclusive-name.js';
import { readStateFile, stateFileText, type StackState } from './state-file.js';

export type Claim =
  /** The file is this supervisor's; `previous` is what a dead one left there (for the sweep), if anything. */
  | { claimed: true; previous: StackState | null }
  /** A live supervisor holds the stack. */
  | { claimed: false; holder: StackState };

/** Makes `file` hold `state`, unless a supervisor that `alive` says is running holds it already. */
export async function claimStateFile(file: string, state: StackState, alive: (holder: StackState) => boolean): Promise<Claim> {
  const mine = `${file}.${process.pid}.claim`;
  writeFileSync(mine, stateFileText(state), { mode: 0o600 });
  try {
    const taken = await takeName(mine, file, (path): Verdict<StackState, StackState | null> => {
      const holder = readStateFile(path);
      return holder && alive(holder) ? { live: holder } : { stale: holder };
    });
    return taken.taken ? { claimed: true, previous: taken.stale } : { claimed: false, holder: taken.holder };
  } finally {
    rmSync(mine, { force: true });
  }
}
