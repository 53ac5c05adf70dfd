// Keys of `pilot top`: what each byte sequence from a raw-mode terminal asks for.

export type TopAction = 'up' | 'down' | 'first' | 'last' | 'restart' | 'stop' | 'start' | 'quit';

const KEYS: Record<string, TopAction> = {
  '\u001b[A': 'up',
  '\u001bOA': 'up',
  k: 'up',
  '\u001b[B': 'down',
  '\u001bOB': 'down',
  j: 'down',
  '\u001b[H': 'first',
  '\u001b[1~': 'first',
  g: 'first',
  '\u001b[F': 'last',
  '\u001b[4~': 'last',
  G: 'last',
  r: 'restart',
  s: 'stop',
  u: 'start',
  q: 'quit',
  Q: 'quit',
  '\u0003': 'quit', // Ctrl-C (raw mode: no SIGINT)
  '\u0004': 'quit', // Ctrl-D
};

/** The keys' help line. */
export const KEY_HELP = '↑/↓ or j/k select   r restart   s stop   u start   q quit';

// eslint-disable-next-line no-control-regex -- escape sequences (arrows, Home, End) start with ESC
const ESCAPE = /^\u001b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])?/;

/** The actions in one chunk of input (several keys may arrive at once); unknown keys are ignored. */
export function parseKeys(chunk: string): TopAction[] {
  const actions: TopAction[] = [];
  let i = 0;
  while (i < chunk.length) {
    const escape = chunk[i] === '\u001b' ? (ESCAPE.exec(chunk.slice(i))?.[0] ?? '\u001b') : null;
    const key = escape ?? chunk[i] ?? '';
    const action = KEYS[key];
    if (action) actions.push(action);
    i += key.length;
  }
  return actions;
}
