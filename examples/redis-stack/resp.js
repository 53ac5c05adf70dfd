// A minimal redis client: RESP over one TCP connection, commands answered in order (no library needed).
import { createConnection } from 'node:net';

/** Encodes a command as a RESP array of bulk strings. */
function encode(args) {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/** Parses one reply at `offset` of `buf`: {value, next}, or null when it is not complete yet. */
function parse(buf, offset) {
  const eol = buf.indexOf('\r\n', offset);
  if (eol === -1) return null;
  const type = String.fromCharCode(buf[offset]);
  const line = buf.toString('utf8', offset + 1, eol);
  const next = eol + 2;
  if (type === '+') return { value: line, next };
  if (type === '-') return { value: new Error(line), next };
  if (type === ':') return { value: Number(line), next };
  if (type === '$') {
    const length = Number(line);
    if (length === -1) return { value: null, next };
    if (buf.length < next + length + 2) return null;
    return { value: buf.toString('utf8', next, next + length), next: next + length + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count === -1) return { value: null, next };
    const items = [];
    let at = next;
    for (let i = 0; i < count; i++) {
      const item = parse(buf, at);
      if (item === null) return null;
      items.push(item.value);
      at = item.next;
    }
    return { value: items, next: at };
  }
  throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
}

/** Connects to redis; resolves with {command(...args) → Promise<reply>, close()}. */
export function connectRedis(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host });
    const waiting = [];
    let buf = Buffer.alloc(0);
    const failAll = (err) => {
      while (waiting.length > 0) waiting.shift().reject(err);
    };
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (let reply = parse(buf, 0); reply !== null; reply = parse(buf, 0)) {
        buf = buf.subarray(reply.next);
        const pending = waiting.shift();
        if (reply.value instanceof Error) pending?.reject(reply.value);
        else pending?.resolve(reply.value);
      }
    });
    socket.once('error', (err) => {
      reject(err);
      failAll(err);
    });
    socket.once('close', () => failAll(new Error('redis closed the connection')));
    socket.once('connect', () =>
      resolve({
        command: (...args) =>
          new Promise((res, rej) => {
            waiting.push({ resolve: res, reject: rej });
            socket.write(encode(args));
          }),
        close: () => socket.end(),
      }),
    );
  });
}
