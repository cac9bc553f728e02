import { Writable } from 'node:stream';

import { createLogger } from '../../bff/src/logger';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('masks ID numbers, names and phones and removes tokens and passwords, also one and two levels down', () => {
    const { logger, lines } = setup();
    logger.info(
      {
        idNumber: '230102199003071234',
        person: { name: '刘畅', phone: '13812345678', password: 'cipher-text' },
        upstream: { request: { certno: '610102198501012345', token: 'abc', accessToken: 'xyz' } },
      },
      'claim step',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of [
      '230102199003071234',
      '刘畅',
      '13812345678',
      'cipher-text',
      '610102198501012345',
      '"abc"',
      '"xyz"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      idNumber: '230***********1234',
      person: { name: '刘*', phone: '138****5678', password: '[redacted]' },
      upstream: { request: { certno: '610***********2345', token: '[redacted]' } },
    });
  });

  it('keeps error codes readable', () => {
    const { logger, lines } = setup();
    logger.warn({ code: 'UPSTREAM_TIMEOUT' }, 'upstream failure');
    expect(lines[0]).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });
});
