// tsc never deletes what it emitted: without this, a test or module removed from the sources would keep
// running from dist/ in a working tree (never in CI's clean clone), and the two would disagree.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
