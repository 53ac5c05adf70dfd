// A short, stable hash of a path for directory and socket names. FNV-1a (64-bit) in plain JS:
// loading node:crypto for this would cost every `pilot ps` ~4 ms.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 16 hex digits of FNV-1a-64 over the UTF-8 bytes of `text`. */
export function pathHash(text: string): string {
  let hash = OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
