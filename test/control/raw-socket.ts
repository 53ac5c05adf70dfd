// A bare protocol client for tests: sends any bytes, reads every message as parsed JSON.
import { createConnection, type Socket } from 'node:net';
import { WaitTimeoutError } from '../helpers/wait-for.js';

export type Message = Record<string, unknown>;

export class RawSocket {
  readonly messages: Message[] = [];
  readonly closed: Promise<void>;
  private text = '';
  private read = 0;
  private wake: (() => void) | null = null;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
      let nl: number;
      while ((nl = this.text.indexOf('\n')) !== -1) {
        this.messages.push(JSON.parse(this.text.slice(0, nl)) as Message);
        this.text = this.text.slice(nl + 1);
      }
      this.notify();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.notify();
      resolve();
    }));
  }

  static connect(path: string): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path, () => resolve(new RawSocket(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes `text` as is (add the newline yourself). */
  send(text: string): void {
    this.socket.write(text);
  }

  /** Sends a v1 request. */
  request(id: unknown, method: string, params?: unknown): void {
    this.send(`${JSON.stringify({ v: 1, id, method, params })}\n`);
  }

  /** The next message not yet returned by next(). */
  async next(timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    while (this.read >= this.messages.length) {
      if (this.socket.destroyed && this.read >= this.messages.length) throw new Error('connection closed with no further message');
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.messages[this.read++] as Message;
  }

  /** The reply to request `id` (skipping stream messages). */
  async reply(id: unknown, timeoutMs = 5000): Promise<Message> {
    for (;;) {
      const m = await this.next(timeoutMs);
      if (m.id === id && 'ok' in m) return m;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
