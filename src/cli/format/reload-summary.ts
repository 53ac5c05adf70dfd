// What a manifest reload did, for people: one line for the foreground's event log, and the fuller
// report `pilot reload` prints.
import type { ReloadApplied, ReloadResult } from '../../supervisor/reload-result.js';
import type { Paint } from '../colors.js';

const list = (names: readonly string[]): string => names.join(', ');

/** `2 errors` / `1 error, 1 warning` of a rejected reload. */
function errorCount(result: ReloadResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  return `${errors} error${errors === 1 ? '' : 's'}`;
}

/** One line: `manifest reloaded: added cache; removed old; restarted api (args), worker (dependency changed)`. */
export function reloadSummary(result: ReloadResult): string {
  if (!result.valid) return `manifest reload failed (${errorCount(result)}): the stack goes on unchanged`;
  const parts: string[] = [];
  if (result.added.length > 0) parts.push(`added ${list(result.added)}`);
  if (result.removed.length > 0) parts.push(`removed ${list(result.removed)}`);
  const keys = new Map(result.changed.map((c) => [c.name, c.keys.join(', ')]));
  if (result.restarted.length > 0) parts.push(`restarted ${result.restarted.map((n) => `${n} (${keys.get(n) ?? 'dependency changed'})`).join(', ')}`);
  if (result.kept_stopped.length > 0) parts.push(`${list(result.kept_stopped)} redefined but left stopped`);
  if (result.rewatched.length > 0) parts.push(`watch settings of ${list(result.rewatched)} renewed`);
  for (const s of result.settings) parts.push(`${s.key} ${s.applied ? 'applied' : 'not applied'} (${s.note})`);
  if (result.failed.length > 0) parts.push(`failed to start: ${list(result.failed.map((f) => f.name))}`);
  return parts.length > 0 ? `manifest reloaded: ${parts.join('; ')}` : 'manifest reloaded: nothing changed';
}

/** `pilot reload`'s report: one line per process touched and per setting changed (rejected reloads print their diagnostics instead). */
export function reloadReport(result: ReloadApplied, shown: string, p: Paint): string[] {
  const lines: string[] = [];
  const width = Math.max(0, ...[...result.added, ...result.removed, ...result.restarted, ...result.kept_stopped, ...result.rewatched].map((n) => n.length));
  const row = (mark: string, name: string, text: string): void => void lines.push(`  ${mark} ${name.padEnd(width)}  ${text}`);
  const failed = new Map(result.failed.map((f) => [f.name, f.reason]));
  const outcome = (name: string, done: string): string => (failed.has(name) ? p.red(`failed: ${failed.get(name) ?? ''}`) : p.green(done));
  const keys = new Map(result.changed.map((c) => [c.name, c.keys]));
  for (const name of result.added) row(p.green('+'), name, outcome(name, 'started'));
  for (const name of result.removed) row(p.red('-'), name, p.green('stopped'));
  for (const name of result.restarted) {
    const why = keys.get(name);
    row(p.yellow('~'), name, `${outcome(name, 'restarted')} (${why ? `changed: ${why.join(', ')}` : 'a dependency changed'})`);
  }
  for (const name of result.kept_stopped) row(p.yellow('~'), name, `redefined, left stopped (changed: ${(keys.get(name) ?? ['a dependency']).join(', ')}); pilot start ${name} runs the new definition`);
  for (const name of result.rewatched) row(p.cyan('~'), name, 'watch settings renewed, left running');
  for (const s of result.settings) lines.push(`  ${s.key}: ${s.applied ? p.green('applied') : p.yellow('not applied')} (${s.note})`);
  const untouched = result.untouched.length > 0 ? `; ${result.untouched.length} untouched` : '';
  const verdict = lines.length > 0 ? `pilot: reloaded ${shown}${untouched}` : `pilot: reloaded ${shown}: nothing changed`;
  return [verdict, ...lines];
}
