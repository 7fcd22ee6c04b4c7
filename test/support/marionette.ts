// A minimal client for Marionette, Firefox's own remote protocol (the one geckodriver speaks to it).
// The wire format: each packet is `<byte length>:<JSON>`; a command is [0, id, name, params] and its
// answer [1, id, error, result]. The first packet from Firefox is a greeting with the protocol version.
// Only what the end-to-end harness needs is here; command names are Marionette's (see
// https://firefox-source-docs.mozilla.org/testing/marionette/Protocol.html).
import { connect, type Socket } from 'node:net';

export class MarionetteError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
    readonly stacktrace?: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

interface Pending {
  command: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class MarionetteClient {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private greeting?: (packet: unknown) => void;
  private closed?: Error;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The Marionette connection closed.')));
  }

  /** Connects to Marionette on `port` (retrying while Firefox starts) and opens a WebDriver session. */
  static async connect(port: number, { timeoutMs = 30_000 } = {}): Promise<MarionetteClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        });
        const client = new MarionetteClient(socket);
        await new Promise<unknown>((resolve, reject) => {
          client.greeting = resolve;
          setTimeout(() => reject(new Error('Marionette sent no greeting.')), 10_000);
        });
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Sends one command and waits for its answer; a Marionette error rejects with a MarionetteError. */
  send<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    const json = JSON.stringify([0, id, command, params]);
    this.socket.write(`${Buffer.byteLength(json)}:${json}`);
    return new Promise<T>((resolve, reject) => this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject }));
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as unknown;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: unknown): void {
    if (!Array.isArray(packet)) {
      this.greeting?.(packet);
      this.greeting = undefined;
      return;
    }
    const [type, id, error, result] = packet as [number, number, { error: string; message: string; stacktrace?: string } | null, unknown];
    if (type !== 1) return;
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (error) waiting.reject(new MarionetteError(waiting.command, error.error, error.message, error.stacktrace));
    else waiting.resolve(result);
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** How WebDriver serializes an element reference (the key is fixed by the WebDriver spec). */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
export interface ElementReference {
  [ELEMENT_KEY]: string;
}

export function isElementReference(value: unknown): value is ElementReference {
  return typeof value === 'object' && value !== null && ELEMENT_KEY in value;
}
