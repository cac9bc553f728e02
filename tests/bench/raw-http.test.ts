// The load generator's own HTTP client against a real node:http server on loopback: what
// it reads as an answer, that it keeps connections alive, and that a broken connection is
// a failed answer (status 0) rather than a crash or a hang.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createRawHttpClient, parseAnswer } from './raw-http';

describe('parseAnswer', () => {
  it('waits for the whole body announced by Content-Length', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
    expect(parseAnswer(Buffer.from(head + 'hel'))).toBeUndefined();
    expect(parseAnswer(Buffer.from(head + 'hello' + 'HTTP/1.1'))).toEqual({
      answer: { status: 200, body: 'hello' },
      used: Buffer.byteLength(head) + 5,
      close: false,
    });
  });

  it('reads chunked bodies, and counts bytes, not characters', () => {
    const text =
      'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\n医\r\n2\r\nok\r\n0\r\n\r\n';
    expect(parseAnswer(Buffer.from(text.slice(0, -3)))).toBeUndefined();
    expect(parseAnswer(Buffer.from(text))).toMatchObject({
      answer: { status: 404, body: '医ok' },
      close: true,
    });
  });
});

describe('createRawHttpClient', () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      if (req.url === '/hang-up') {
        req.socket.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.stringify({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        if (req.url === '/chunked') {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.write(body.slice(0, 10));
          res.end(body.slice(10));
        } else {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends GETs with headers and POSTs with a JSON body, reusing at most maxSockets connections', async () => {
    sockets.clear();
    const client = createRawHttpClient(base, { maxSockets: 2 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 ? client.get(`/g${i}`, { authorization: 'Bearer t' }) : client.post(`/p${i}`, { n: '医保' }),
      ),
    );
    client.close();
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(JSON.parse(answers[1]!.body)).toEqual({ method: 'GET', url: '/g1', auth: 'Bearer t', body: '' });
    expect(JSON.parse(answers[0]!.body)).toEqual({
      method: 'POST',
      url: '/p0',
      auth: null,
      body: '{"n":"医保"}',
    });
    expect(sockets.size).toBe(2);
  });

  it('reads chunked answers', async () => {
    const client = createRawHttpClient(base, { maxSockets: 1 });
    const answer = await client.get('/chunked');
    client.close();
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/chunked' });
  });

  it('answers status 0 for a dropped connection and carries on with a new one', async () => {
    const client = createRawHttpClient(base, { maxSockets: 1 });
    const [dropped, next] = await Promise.all([client.get('/hang-up'), client.get('/after')]);
    client.close();
    expect(dropped.status).toBe(0);
    expect(next.status).toBe(200);
  });

  it('answers status 0 when nothing listens', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = createRawHttpClient(`http://127.0.0.1:${port}`, { maxSockets: 1 });
    expect((await client.get('/')).status).toBe(0);
    client.close();
  });
});
