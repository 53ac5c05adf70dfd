// Interleaving several processes' lines by time, as one stream.

/**
 * Merges lists that are each in time order (oldest first) into one, by `at`. Stable: each list's own
 * order is kept even where its clock went backwards, and on equal times earlier lists come first.
 */
export function mergeByTime<T extends { at: number }>(lists: readonly (readonly T[])[]): T[] {
  const heads = lists.map(() => 0);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const merged: T[] = [];
  while (merged.length < total) {
    let best = -1;
    let bestAt = Infinity;
    for (let i = 0; i < lists.length; i++) {
      const item = lists[i]?.[heads[i] ?? 0];
      if (item !== undefined && (best === -1 || item.at < bestAt)) {
        best = i;
        bestAt = item.at;
      }
    }
    merged.push(lists[best]?.[heads[best] ?? 0] as T);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return merged;
}
