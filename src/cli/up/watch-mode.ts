// Whether `pilot up` acts on the processes' `watch` settings. Declaring `watch` in the manifest is the
// opt-in (as `watch: true` is in a PM2 ecosystem file); CI runs are not development sessions, so there
// it stays off unless asked for: a build step or a test writing under a watched path must not restart
// the stack halfway through a run.

export interface WatchMode {
  on: boolean;
  /** Why it is off, when the manifest declares `watch` (for the line `pilot up` prints). */
  offBecause: string | null;
}

/** `CI` set to anything but empty, `0` or `false` (what GitHub Actions, GitLab, CircleCI and others set). */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** `--watch` forces it on, `--no-watch` off; without either it is on unless CI is set. */
export function watchMode(flag: boolean | undefined, env: NodeJS.ProcessEnv): WatchMode {
  if (flag !== undefined) return { on: flag, offBecause: flag ? null : '--no-watch' };
  return isCI(env) ? { on: false, offBecause: 'CI is set; --watch turns it on' } : { on: true, offBecause: null };
}
