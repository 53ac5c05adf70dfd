// "Did you mean …?": the closest candidate to a misspelt word.

/** Words longer than this get no suggestion: nobody mistypes a 200-character name, and the cost is quadratic. */
const MAX_SUGGEST_LENGTH = 128;

/** Edit distance counting insertions, deletions, substitutions and adjacent swaps as 1 each (three rows of memory). */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0); // row i-2
  let previous = Array.from({ length: cols }, (_, j) => j); // row i-1
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] as number) + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

/** The candidate closest to `word` when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate.length > MAX_SUGGEST_LENGTH) continue;
    const other = candidate.toLowerCase();
    const shorter = Math.min(lower.length, other.length);
    const prefix = shorter >= 4 && (other.startsWith(lower) || lower.startsWith(other));
    // the distance is at least the difference in length: too far apart to be a typo, whatever the letters
    if (!prefix && Math.abs(other.length - lower.length) > allowed) continue;
    const score = prefix ? 1 : editDistance(lower, other);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= allowed ? best : undefined;
}

/** `did you mean "x"?`, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
