// 大字模式 on the phone: on by default where WeChat's or Alipay's own font size setting is large
// (their APIs faked here: wx.getAppBaseInfo / wx.getSystemInfoSync, my.getSystemInfoSync),
// the person's explicit choice always winning; the account's preference followed from phone to
// phone; and every page's root view carrying the class the large rules hang from.
import { act, render, screen } from '@testing-library/react';

import { withLargeText } from '../../miniapp/src/components/large-text-root';
import {
  adoptAccountLargeText,
  largeTextOn,
  largeTextSaved,
  platformFontScale,
  setLargeText,
} from '../../miniapp/src/services/large-text';
import { resetTaro, storage } from './stubs/taro';

const global = globalThis as Record<string, unknown>;

function onPlatform(platform: 'weapp' | 'alipay' | 'h5', natives: { wx?: unknown; my?: unknown } = {}) {
  process.env.TARO_ENV = platform;
  if (natives.wx) global.wx = natives.wx;
  if (natives.my) global.my = natives.my;
}

beforeEach(() => resetTaro());
afterEach(() => {
  delete process.env.TARO_ENV;
  delete global.wx;
  delete global.my;
});

describe('the platform’s font size', () => {
  it('turns 大字模式 on in WeChat when the font is set large (getAppBaseInfo)', () => {
    onPlatform('weapp', {
      wx: { getAppBaseInfo: () => ({ fontSizeSetting: 22, fontSizeScaleFactor: 1.3 }) },
    });
    expect(largeTextOn()).toBe(true);
  });

  it('leaves it off in WeChat at the standard size', () => {
    onPlatform('weapp', { wx: { getAppBaseInfo: () => ({ fontSizeSetting: 17, fontSizeScaleFactor: 1 }) } });
    expect(largeTextOn()).toBe(false);
  });

  it('reads wx.getSystemInfoSync on a base library whose getAppBaseInfo lacks the setting, or has none', () => {
    const getSystemInfoSync = () => ({ fontSizeSetting: 20 });
    onPlatform('weapp', { wx: { getAppBaseInfo: () => ({}), getSystemInfoSync } });
    expect(platformFontScale()).toEqual({ fontSizeSetting: 20 });
    expect(largeTextOn()).toBe(true);
    global.wx = { getSystemInfoSync };
    expect(largeTextOn()).toBe(true);
  });

  it('turns it on in Alipay when my.getSystemInfoSync reports a large font, and off when it reports none', () => {
    onPlatform('alipay', { my: { getSystemInfoSync: () => ({ fontSizeSetting: 20 }) } });
    expect(largeTextOn()).toBe(true);
    global.my = { getSystemInfoSync: () => ({ model: 'iPhone' }) };
    expect(largeTextOn()).toBe(false);
    global.my = {
      getSystemInfoSync: () => {
        throw new Error('not in this base library');
      },
    };
    expect(largeTextOn()).toBe(false);
  });

  it('has nothing to follow on H5, even with a wx object around', () => {
    onPlatform('h5', { wx: { getAppBaseInfo: () => ({ fontSizeSetting: 24 }) } });
    expect(largeTextOn()).toBe(false);
  });

  it('gives way to the person’s explicit choice, either way', () => {
    onPlatform('weapp', { wx: { getAppBaseInfo: () => ({ fontSizeSetting: 22 }) } });
    setLargeText(false);
    expect(largeTextOn()).toBe(false);
    global.wx = { getAppBaseInfo: () => ({ fontSizeSetting: 16 }) };
    setLargeText(true);
    expect(largeTextOn()).toBe(true);
  });
});

describe('the preference kept for the person', () => {
  beforeEach(() => onPlatform('weapp', { wx: { getAppBaseInfo: () => ({ fontSizeSetting: 22 }) } }));

  it('keeps the platform’s large font for someone who never chose (the account answers false)', () => {
    adoptAccountLargeText(false);
    expect(largeTextOn()).toBe(true);
    expect(storage.has('ybm.largeText')).toBe(false);
  });

  it('takes a choice made on another phone: on, and later off', () => {
    global.wx = { getAppBaseInfo: () => ({ fontSizeSetting: 16 }) };
    adoptAccountLargeText(true);
    expect(largeTextOn()).toBe(true);
    adoptAccountLargeText(false);
    expect(largeTextOn()).toBe(false);
  });

  it('keeps a choice made here that the BFF did not take yet, and follows the account once it did', () => {
    setLargeText(false);
    adoptAccountLargeText(true);
    expect(largeTextOn()).toBe(false);
    largeTextSaved();
    adoptAccountLargeText(true);
    expect(largeTextOn()).toBe(true);
  });
});

describe('the page root', () => {
  const First = withLargeText(() => <span>一</span>);
  const Second = withLargeText(() => <span>二</span>);

  it('carries the large-text class on every open page, following a change at once', () => {
    onPlatform('alipay', { my: { getSystemInfoSync: () => ({ fontSizeSetting: 16 }) } });
    render(
      <>
        <First />
        <Second />
      </>,
    );
    const roots = () => screen.getAllByTestId('page-root').map((root) => root.className);
    expect(roots()).toEqual(['page-root', 'page-root']);
    act(() => setLargeText(true));
    expect(roots()).toEqual(['page-root large-text', 'page-root large-text']);
    act(() => setLargeText(false));
    expect(roots()).toEqual(['page-root', 'page-root']);
  });

  it('starts large where the platform’s font is large', () => {
    onPlatform('alipay', { my: { getSystemInfoSync: () => ({ fontSizeSetting: 22 }) } });
    render(<First />);
    expect(screen.getByTestId('page-root').className).toBe('page-root large-text');
  });
});
