import { loadConfig } from '../../bff/src/config';
import { bffEnv, TEST_PHONE_HASH_KEY } from '../support/keys';

describe('loadConfig', () => {
  it('reads a complete environment with loopback defaults', () => {
    const config = loadConfig(bffEnv());
    expect(config.host).toBe('127.0.0.1');
    expect(config.insurance.timeoutMs).toBe(2000);
    expect(config.insurance.channels.wechat.sm2UserId).toBe('1234567812345678');
    expect(config.insurance.channels.alipay).toBeUndefined();
    expect(config.devLogin).toBe(false);
    expect(config.keepAliveMs).toBe(65_000);
  });

  it('keeps idle connections as long as asked, within bounds', () => {
    expect(loadConfig(bffEnv({ BFF_KEEP_ALIVE_MS: '75000' })).keepAliveMs).toBe(75_000);
    expect(() => loadConfig(bffEnv({ BFF_KEEP_ALIVE_MS: '10' }))).toThrow(/BFF_KEEP_ALIVE_MS/);
  });

  it('names every missing or bad setting', () => {
    const env = bffEnv({ INSURANCE_WECHAT_APP_ID: 'short', BFF_PORT: 'eighty' });
    delete env.INSURANCE_PLATFORM_PUBLIC_KEY;
    expect(() => loadConfig(env)).toThrow(
      /INSURANCE_WECHAT_APP_ID[\s\S]*BFF_PORT|BFF_PORT[\s\S]*INSURANCE_WECHAT_APP_ID/,
    );
    expect(() => loadConfig(env)).toThrow(/INSURANCE_PLATFORM_PUBLIC_KEY/);
  });

  it('refuses half an Alipay channel', () => {
    expect(() => loadConfig(bffEnv({ INSURANCE_ALIPAY_APP_ID: 'YBMALMP000000001' }))).toThrow(
      /INSURANCE_ALIPAY/,
    );
  });

  it('refuses the demo login in production', () => {
    expect(() => loadConfig(bffEnv({ NODE_ENV: 'production', DEV_LOGIN: 'true' }))).toThrow(/DEV_LOGIN/);
  });

  it('requires the phone-hash key, in production as everywhere, and 32 bytes of it at least', () => {
    for (const NODE_ENV of ['production', 'development']) {
      const env = bffEnv({ NODE_ENV });
      delete env.PHONE_HASH_KEY;
      expect(() => loadConfig(env)).toThrow(/PHONE_HASH_KEY/);
    }
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => loadConfig(bffEnv({ NODE_ENV: 'production', PHONE_HASH_KEY: short }))).toThrow(
      /PHONE_HASH_KEY: must be Base64 of at least 32 random bytes/,
    );
    expect(loadConfig(bffEnv({ NODE_ENV: 'production' })).phoneHashKey).toEqual(
      Buffer.from(TEST_PHONE_HASH_KEY, 'base64'),
    );
  });
});
