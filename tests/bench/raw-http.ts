// The load generator's HTTP/1.1 client: keep-alive sockets written and read directly.
//
// Why not node:http: the generator shares the two cores with the servers it measures, and
// node:http spends ≈ 0.15–0.2 ms of CPU per answer here (ClientRequest, IncomingMessage
// streams, agent bookkeeping) — ≈ 7 % of a code request's whole CPU, taken from the system
// under test. This client does what autocannon does: one request in flight per socket,
// the request line and headers written as one string, the answer read by Content-Length
// (or chunked), nothing else. Enough for the servers under test, which always answer with
// one or the other; anything it cannot read counts as a failed answer (status 0).
import net from 'node:net';

import type { HttpAnswer } from './load';

interface Pending {
  head: string;
  body: string | undefined;
  resolve: (answer: HttpAnswer) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const FAILED: HttpAnswer = { status: 0, body: '' };

/** What a complete answer in `data` is, if it is complete yet: status, body and bytes used. */
export function parseAnswer(data: Buffer): { answer: HttpAnswer; used: number; close: boolean } | undefined {
  const headEnd = data.indexOf(HEADER_END);
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const close = /\r\nconnection:\s*close/i.test(head);
  const bodyStart = headEnd + HEADER_END.length;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    if (data.length < end) return undefined;
    return { answer: { status, body: data.toString('utf8', bodyStart, end) }, used: end, close };
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const chunks: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.toString('latin1', at, lineEnd), 16);
      if (Number.isNaN(size)) return { answer: FAILED, used: data.length, close: true };
      const chunkStart = lineEnd + 2;
      // Each chunk is followed by CRLF; the last (size 0) by the empty trailer line.
      if (data.length < chunkStart + size + 2) return undefined;
      if (size === 0) {
        const body = Buffer.concat(chunks).toString('utf8');
        return { answer: { status, body }, used: chunkStart + 2, close };
      }
      chunks.push(data.subarray(chunkStart, chunkStart + size));
      at = chunkStart + size + 2;
    }
  }
  // No length and not chunked: the body runs to the end of the connection (not used here).
  return { answer: FAILED, used: data.length, close: true };
}

/** A keep-alive HTTP/1.1 client for one origin with at most `maxSockets` connections. */
export function createRawHttpClient(baseUrl: string, options: { maxSockets: number }) {
  const url = new URL(baseUrl);
  const port = Number(url.port || 80);
  const hostHeader = url.host;
  const sockets = new Set<net.Socket>();
  const idle: Connection[] = [];
  const queue: Pending[] = [];
  let connecting = 0;
  let closed = false;

  interface Connection {
    send(pending: Pending): void;
  }

  function connect(): void {
    connecting += 1;
    const socket = net.connect({ host: url.hostname, port, noDelay: true });
    sockets.add(socket);
    let current: Pending | undefined;
    let buffer: Buffer = Buffer.alloc(0);
    let connected = false;
    const finish = (answer: HttpAnswer) => {
      const done = current;
      current = undefined;
      done?.resolve(answer);
    };
    const connection: Connection = {
      send(pending) {
        current = pending;
        socket.write(pending.body === undefined ? pending.head : pending.head + pending.body);
      },
    };
    socket.once('connect', () => {
      connected = true;
      connecting -= 1;
      release(connection);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const parsed = parseAnswer(buffer);
      if (!parsed) return;
      buffer = buffer.subarray(parsed.used);
      finish(parsed.answer);
      if (parsed.close) socket.destroy();
      else release(connection);
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      sockets.delete(socket);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      finish(FAILED);
      if (!connected) {
        // Opened for a waiting request and could not connect: that request fails, rather
        // than the client reconnecting for ever.
        connecting -= 1;
        queue.shift()?.resolve(FAILED);
      }
      pump();
    });
  }

  function release(connection: Connection): void {
    const next = queue.shift();
    if (next) connection.send(next);
    else idle.push(connection);
  }

  /** Hands queued requests to idle sockets, and opens sockets (up to the limit) for the rest. */
  function pump(): void {
    if (closed) return;
    while (queue.length > 0 && idle.length > 0) release(idle.pop()!);
    while (queue.length > connecting && sockets.size < options.maxSockets) connect();
  }

  function request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<HttpAnswer> {
    if (closed) return Promise.resolve(FAILED);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${hostHeader}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    if (body !== undefined) {
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
        head += 'content-type: application/json\r\n';
      }
      head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    }
    head += '\r\n';
    return new Promise((resolve) => {
      queue.push({ head, body, resolve });
      pump();
    });
  }

  return {
    /** Any method; `body` is sent as is (content-type application/json unless given). */
    request,
    get: (path: string, headers?: Record<string, string>) => request('GET', path, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      request('POST', path, headers, JSON.stringify(body)),
    close: () => {
      closed = true;
      for (const pending of queue.splice(0)) pending.resolve(FAILED);
      for (const socket of sockets) socket.destroy();
    },
  };
}
