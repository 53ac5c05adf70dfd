// Finding where a manifest stops being valid UTF-8, so the diagnostic can point at the byte.

/** Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 when all of it is valid. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // continuation count and smallest code point allowed for that length (no overlong forms)
    let extra: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) [extra, min] = [1, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [extra, min] = [2, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [extra, min] = [3, 0x10000];
    else return i;
    let codePoint = lead & (0x7f >> (extra + 1));
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += extra + 1;
  }
  return -1;
}

/** 1-based line and column (in decoded characters) of a byte offset. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}
