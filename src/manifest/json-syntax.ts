// Locating and explaining a JSON syntax error. JSON.parse says *that* a manifest is invalid
// but not always *where* (V8 omits the position for some tokens); this scanner finds the spot.

export interface JsonSyntaxError {
  offset: number;
  message: string;
  hint?: string;
}

type State = 'value' | 'firstValue' | 'firstKey' | 'key' | 'colon' | 'commaOrEnd' | 'valueAfterComma' | 'done';

const COMMENT_HINT = 'JSON has no comments; use a .yaml manifest if you need them';
const QUOTE_HINT = 'JSON strings use double quotes';
const TRAILING_COMMA_HINT = 'remove the comma after the last item';

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const closers: string[] = [];
  let pos = 0;
  let lastComma = 0;
  let state: State = 'value';
  const fail = (offset: number, message: string, hint?: string): JsonSyntaxError => (hint === undefined ? { offset, message } : { offset, message, hint });
  const after = (): State => (closers.length > 0 ? 'commaOrEnd' : 'done');

  for (;;) {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] ?? '')) pos++;
    if (text.startsWith('//', pos) || text.startsWith('/*', pos)) return fail(pos, 'comments are not allowed in JSON', COMMENT_HINT);
    if (pos >= text.length) return state === 'done' ? null : fail(text.trimEnd().length, 'unexpected end of file', closers.length > 0 ? `a "${closers.at(-1)}" is missing` : undefined);
    const c = text[pos] ?? '';
    switch (state) {
      case 'firstValue':
      case 'valueAfterComma':
        if (c === ']') {
          if (state === 'valueAfterComma') return fail(lastComma, 'trailing comma in a list', TRAILING_COMMA_HINT);
          closers.pop();
          pos++;
          state = after();
          continue;
        }
        state = 'value';
        continue;
      case 'value': {
        if (c === '{' || c === '[') {
          closers.push(c === '{' ? '}' : ']');
          pos++;
          state = c === '{' ? 'firstKey' : 'firstValue';
          continue;
        }
        const end = scanScalar(text, pos);
        if (typeof end !== 'number') return end;
        pos = end;
        state = after();
        continue;
      }
      case 'firstKey':
        if (c === '}') {
          closers.pop();
          pos++;
          state = after();
          continue;
        }
        state = 'key';
        continue;
      case 'key': {
        if (c === '}') return fail(lastComma, 'trailing comma in an object', TRAILING_COMMA_HINT);
        if (c === "'") return fail(pos, 'property names must be in double quotes', QUOTE_HINT);
        if (c !== '"') return fail(pos, `expected a property name in double quotes, found ${show(c)}`, QUOTE_HINT);
        const end = scanString(text, pos);
        if (typeof end !== 'number') return end;
        pos = end;
        state = 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return fail(pos, `expected ":" after the property name, found ${show(c)}`);
        pos++;
        state = 'value';
        continue;
      case 'commaOrEnd': {
        const closer = closers.at(-1) ?? '';
        if (c === ',') {
          lastComma = pos++;
          state = closer === '}' ? 'key' : 'valueAfterComma';
        } else if (c === closer) {
          closers.pop();
          pos++;
          state = after();
        } else {
          return fail(pos, `expected "," or "${closer}", found ${show(c)}`, closer === '}' ? 'separate properties with commas' : 'separate items with commas');
        }
        continue;
      }
      case 'done':
        return fail(pos, `unexpected ${show(c)} after the end of the JSON document`);
    }
  }
}

/** Scans a string, number or literal at `pos`; returns the offset after it, or the error. */
function scanScalar(text: string, pos: number): number | JsonSyntaxError {
  const c = text[pos] ?? '';
  if (c === '"') return scanString(text, pos);
  if (c === "'") return { offset: pos, message: 'strings must be in double quotes', hint: QUOTE_HINT };
  if (c === '-' || (c >= '0' && c <= '9')) return scanNumber(text, pos);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, pos)) return pos + literal.length;
  const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(pos, pos + 40))?.[0];
  if (word) return { offset: pos, message: `${word} is not a JSON value`, hint: 'use a number, "string", true, false or null' };
  return { offset: pos, message: `unexpected ${show(c)} where a value was expected` };
}

function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let pos = start + 1; pos < text.length; pos++) {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return pos + 1;
    if (c < 0x20) return { offset: pos, message: c === 0x0a ? 'unterminated string (line break inside a string)' : 'control character inside a string', hint: 'escape it (e.g. \\n, \\t)' };
    if (c === 0x5c) {
      const next = text[pos + 1] ?? '';
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 5;
      else if ('"\\/bfnrt'.includes(next) && next !== '') pos += 1;
      else return { offset: pos, message: `invalid escape \\${next} in a string` };
    }
  }
  return { offset: start, message: 'unterminated string', hint: 'add the closing double quote' };
}

function scanNumber(text: string, pos: number): number | JsonSyntaxError {
  const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
  if (!match) return { offset: pos, message: 'invalid number' };
  const end = pos + match[0].length;
  const next = text[end] ?? '';
  if (/[\d.eE]/.test(next)) return { offset: pos, message: 'invalid number', hint: 'JSON numbers have no leading zeros and need digits after "."' };
  return end;
}

function show(c: string): string {
  return c === "'" ? `"'"` : `'${c}'`;
}
