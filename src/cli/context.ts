// What every command receives: the output streams, where it runs, and the global flags.
import type { Output } from './output.js';

export interface CliContext extends Output {
  /** The directory pilot was started in. */
  cwd: string;
  /** `--debug`: show stack traces of internal errors. */
  debug: boolean;
  /** Set by the command that ran; returned by `main`. */
  exitCode: number;
  /** The raw arguments (after `pilot`), for commands that treat `--` specially (`pilot run`). */
  argv: readonly string[];
}

/** Global flags that matter before commander has parsed anything (only those before a `--`). */
export function scanGlobalFlags(argv: readonly string[]): { debug: boolean; noColor: boolean } {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  return { debug: head.includes('--debug'), noColor: head.includes('--no-color') };
}
