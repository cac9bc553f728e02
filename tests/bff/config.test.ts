import os from 'node:os';

import { loadConfig } from '../../bff/src/config';
import { DEFAULT_BREAKER_SETTINGS } from '../../bff/src/services/dependencies';
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

  it('counts every breaker as configured, the defaults unless told, and refuses nonsense', () => {
    expect(loadConfig(bffEnv()).breakers).toEqual(DEFAULT_BREAKER_SETTINGS);
    const small = loadConfig(
      bffEnv({
        BREAKER_WINDOW_MS: '2000',
        BREAKER_MINIMUM_CALLS: '2',
        BREAKER_FAILURE_RATE: '0.75',
        BREAKER_COOL_DOWN_MS: '1500',
      }),
    );
    expect(small.breakers).toEqual({ windowMs: 2000, minimumCalls: 2, failureRate: 0.75, coolDownMs: 1500 });
    expect(() => loadConfig(bffEnv({ BREAKER_FAILURE_RATE: '0' }))).toThrow(/BREAKER_FAILURE_RATE/);
    expect(() => loadConfig(bffEnv({ BREAKER_FAILURE_RATE: '1.5' }))).toThrow(/BREAKER_FAILURE_RATE/);
    expect(() => loadConfig(bffEnv({ BREAKER_MINIMUM_CALLS: '0' }))).toThrow(/BREAKER_MINIMUM_CALLS/);
    expect(() => loadConfig(bffEnv({ BREAKER_COOL_DOWN_MS: 'soon' }))).toThrow(/BREAKER_COOL_DOWN_MS/);
    expect(() => loadConfig(bffEnv({ BREAKER_WINDOW_MS: '10' }))).toThrow(/BREAKER_WINDOW_MS/);
  });

  it('refuses half an Alipay channel', () => {
    expect(() => loadConfig(bffEnv({ INSURANCE_ALIPAY_APP_ID: 'YBMALMP000000001' }))).toThrow(
      /INSURANCE_ALIPAY/,
    );
  });

  it('takes a WeChat Pay merchant as a whole, with where it notifies us; https in production', () => {
    const merchant = {
      PUBLIC_BASE_URL: 'https://ybm.example.gov.cn/',
      WECHATPAY_MCHID: '1900000109',
      WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      WECHATPAY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMII…\n-----END PRIVATE KEY-----',
      WECHATPAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
      WECHATPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMII…\n-----END PUBLIC KEY-----',
      WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000001092025010100000000000001',
    };
    const config = loadConfig(bffEnv({ ...merchant, WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com' }));
    expect(config.publicBaseUrl).toBe('https://ybm.example.gov.cn');
    expect(config.wechatPay).toMatchObject({ mchid: '1900000109', baseUrl: 'https://api.mch.weixin.qq.com' });
    expect(loadConfig(bffEnv()).wechatPay).toBeUndefined();
    const { WECHATPAY_APIV3_KEY: _key, ...half } = merchant;
    expect(() => loadConfig(bffEnv(half))).toThrow(/all six WECHATPAY_/);
    const { PUBLIC_BASE_URL: _url, ...unreachable } = merchant;
    expect(() => loadConfig(bffEnv(unreachable))).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig(bffEnv({ ...merchant, WECHATPAY_APIV3_KEY: 'short' }))).toThrow(
      /WECHATPAY_APIV3_KEY/,
    );
    expect(() =>
      loadConfig(
        bffEnv({ ...merchant, NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://ybm.example.gov.cn' }),
      ),
    ).toThrow(/PUBLIC_BASE_URL must be https/);
  });

  it('runs on SQLite unless both DATABASE_URL and REDIS_URL are set, and refuses one alone', () => {
    expect(loadConfig(bffEnv()).scaled).toBeUndefined();
    const both = {
      DATABASE_URL: 'postgres://ybm@db.internal:5432/ybm',
      REDIS_URL: 'redis://cache.internal:6379',
    };
    expect(loadConfig(bffEnv(both)).scaled).toEqual({
      databaseUrl: 'postgres://ybm@db.internal:5432/ybm',
      redisUrl: 'redis://cache.internal:6379',
    });
    expect(() => loadConfig(bffEnv({ DATABASE_URL: both.DATABASE_URL }))).toThrow(
      /both DATABASE_URL and REDIS_URL[\s\S]*REDIS_URL is missing/,
    );
    expect(() => loadConfig(bffEnv({ REDIS_URL: both.REDIS_URL }))).toThrow(/DATABASE_URL is missing/);
    expect(() => loadConfig(bffEnv({ ...both, DATABASE_URL: 'mysql://db' }))).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
    expect(() => loadConfig(bffEnv({ ...both, REDIS_URL: 'cache:6379' }))).toThrow(/REDIS_URL/);
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

  it('names this instance: INSTANCE_ID when given, otherwise host, pid and random hex, unique per start', () => {
    expect(loadConfig(bffEnv({ INSTANCE_ID: 'bff-1.zone_a' })).instanceId).toBe('bff-1.zone_a');
    const first = loadConfig(bffEnv()).instanceId;
    const second = loadConfig(bffEnv()).instanceId;
    expect(first).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(first).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{4}$`));
    expect(
      first.startsWith(
        os
          .hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 40),
      ),
    ).toBe(true);
    // Two instances started alike on one host (a pid reused in another container) still differ.
    expect(second).not.toBe(first);
    for (const bad of ['', 'bff 1', 'bff/1', '实例一', 'x'.repeat(65)]) {
      expect(() => loadConfig(bffEnv({ INSTANCE_ID: bad }))).toThrow(/INSTANCE_ID/);
    }
    expect(loadConfig(bffEnv({ INSTANCE_ID: 'x'.repeat(64) })).instanceId).toHaveLength(64);
  });

  it('leases a payment for a minute by default, and never for less than a payment can take', () => {
    expect(loadConfig(bffEnv()).payingLeaseMs).toBe(60_000);
    expect(loadConfig(bffEnv({ PAYING_LEASE_MS: '7000' })).payingLeaseMs).toBe(7000);
    // The test environment's INSURANCE_TIMEOUT_MS is 2000: authorise, order and a query take up to 6000.
    expect(() => loadConfig(bffEnv({ PAYING_LEASE_MS: '6000' }))).toThrow(
      /PAYING_LEASE_MS must be longer than a payment can take \(3 × INSURANCE_TIMEOUT_MS = 6000 ms\)/,
    );
    expect(() => loadConfig(bffEnv({ PAYING_LEASE_MS: '0' }))).toThrow(/PAYING_LEASE_MS/);
    expect(() => loadConfig(bffEnv({ PAYING_LEASE_MS: 'soon' }))).toThrow(/PAYING_LEASE_MS/);
    // Past an hour a payment's answer is long lost (and a timer could not count that far anyway).
    expect(() => loadConfig(bffEnv({ PAYING_LEASE_MS: '3600001' }))).toThrow(/PAYING_LEASE_MS/);
  });

  it('requires the record-id key (issue 22), 32 bytes of it at least', () => {
    const env = bffEnv();
    delete env.RECORD_ID_KEY;
    expect(() => loadConfig(env)).toThrow(/RECORD_ID_KEY/);
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => loadConfig(bffEnv({ RECORD_ID_KEY: short }))).toThrow(
      /RECORD_ID_KEY: must be Base64 of at least 32 random bytes/,
    );
  });
});
