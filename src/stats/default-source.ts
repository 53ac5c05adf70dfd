// The cheapest exact way to measure processes on this platform: /proc on Linux, ps on macOS and the BSDs.
import { LinuxProcSource } from './linux-source.js';
import { PsSource } from './ps-source.js';
import type { ProcessSource } from './source.js';

/** The source for `os`, or null where pilot cannot measure processes (Windows). */
export function defaultSource(os: NodeJS.Platform): ProcessSource | null {
  if (os === 'linux') return new LinuxProcSource();
  if (os === 'darwin' || os === 'freebsd' || os === 'openbsd' || os === 'netbsd' || os === 'sunos' || os === 'aix') return new PsSource();
  return null;
}
