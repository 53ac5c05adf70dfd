// Finding where a value of the manifest data was written: data path → source offset.
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { Where } from './diagnostics.js';

export type PathSegment = string | number;
export type DataPath = readonly PathSegment[];

interface Found {
  key?: unknown;
  value?: unknown;
}

export class NodeLocator {
  constructor(private readonly doc: Document) {}

  /** Where the value at `path` starts (its key when the value is empty; the nearest ancestor when not found). */
  value(path: DataPath): Where {
    const { key, value } = this.find(path);
    const valueStart = nonEmptyStart(value);
    return { offset: valueStart ?? start(key) ?? 0 };
  }

  /** Where the key of the last segment of `path` starts (the value for array items). */
  key(path: DataPath): Where {
    const { key, value } = this.find(path);
    return { offset: start(key) ?? nonEmptyStart(value) ?? 0 };
  }

  private find(path: DataPath): Found {
    let found: Found = { value: this.doc.contents };
    for (const segment of path) {
      const node = this.deref(found.value);
      let next: Found | undefined;
      if (isMap(node)) next = this.findPair(node, String(segment), new Set());
      else if (isSeq(node)) next = { value: node.items[Number(segment)] };
      if (!next || next.value === undefined) return found;
      found = next;
    }
    return found;
  }

  /** The pair with this key, looking through `<<` merges when it is not written directly. */
  private findPair(map: YAMLMap, key: string, seen: Set<unknown>): Found | undefined {
    seen.add(map);
    for (const pair of map.items) {
      if (isScalar(pair.key) && typeof pair.key.value !== 'symbol' && String(pair.key.value) === key) return { key: pair.key, value: pair.value ?? pair.key };
    }
    for (const pair of map.items) {
      if (!isScalar(pair.key) || (typeof pair.key.value !== 'symbol' && pair.key.value !== '<<')) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const target = this.deref(source);
        if (!isMap(target) || seen.has(target)) continue;
        const found = this.findPair(target, key, seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }
}

function start(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}

/** Start of a node unless it is an empty scalar (a key written with no value). */
function nonEmptyStart(node: unknown): number | undefined {
  if (isScalar(node) && node.range && node.range[0] === node.range[1]) return undefined;
  return start(node);
}
