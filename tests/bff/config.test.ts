import { loadConfig } from '../../bff/src/config';
import { bffEnv } from '../support/keys';

describe('loadConfig', () => {
  it('reads a complete environment with loopback defaults', () => {
    const config = loadConfig(bffEnv());
    expect(config.host).toBe('127.0.0.1');
    expect(config.insurance.timeoutMs).toBe(2000);
    expect(config.insurance.channel.sm2UserId).toBe('1234567812345678');
    expect(config.devLogin).toBe(false);
  });

  it('names every missing or bad setting', () => {
    const env = bffEnv({ INSURANCE_APP_ID: 'short', BFF_PORT: 'eighty' });
    delete env.INSURANCE_PLATFORM_PUBLIC_KEY;
    expect(() => loadConfig(env)).toThrow(/INSURANCE_APP_ID[\s\S]*BFF_PORT|BFF_PORT[\s\S]*INSURANCE_APP_ID/);
    expect(() => loadConfig(env)).toThrow(/INSURANCE_PLATFORM_PUBLIC_KEY/);
  });

  it('refuses the demo login in production', () => {
    expect(() => loadConfig(bffEnv({ NODE_ENV: 'production', DEV_LOGIN: 'true' }))).toThrow(/DEV_LOGIN/);
  });
});
