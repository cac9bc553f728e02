// The 大字模式 PostCSS step (miniapp/config/large-text.ts) on its own: which declarations it
// grows, under which selector, and what it leaves alone (layout, a QR code, hairlines,
// keyframes). The builds' output is checked in build.test.ts.
import postcss from 'postcss';

import { largeSelector, largeTextPlugin, scaleLengths } from '../../miniapp/config/large-text';

const run = (css: string) => postcss([largeTextPlugin({ scale: 1.5 })]).process(css, { from: undefined }).css;

describe('大字模式 stylesheet copies', () => {
  it('follows a rule sizing text with its copy under .large-text, text and small boxes grown', () => {
    const out = run('.btn{width:100%;height:88rpx;line-height:88rpx;font-size:32rpx;color:#fff}');
    expect(out).toBe(
      '.btn{width:100%;height:88rpx;line-height:88rpx;font-size:32rpx;color:#fff}' +
        '.large-text .btn{height:132rpx;line-height:132rpx;font-size:48rpx}',
    );
  });

  it('grows rem (H5) as it grows rpx, and leaves a unitless line-height to follow the font', () => {
    expect(run('.a{font-size:0.8rem;line-height:1.5}')).toBe(
      '.a{font-size:0.8rem;line-height:1.5}.large-text .a{font-size:1.2rem}',
    );
  });

  it('makes the document roots the page root itself, once', () => {
    expect(run('page,body{font-size:30rpx}')).toBe('page,body{font-size:30rpx}.large-text{font-size:45rpx}');
  });

  it('grows a round badge as a whole, but never a QR code or a panel', () => {
    expect(run('.icon{width:96rpx;height:96rpx;font-size:56rpx}')).toContain(
      '.large-text .icon{width:144rpx;height:144rpx;font-size:84rpx}',
    );
    expect(run('.qr{width:520rpx;height:520rpx}')).toBe('.qr{width:520rpx;height:520rpx}');
  });

  it('leaves layout-only rules, hairlines and keyframes alone', () => {
    expect(run('.row{width:120rpx;margin:24rpx}')).toBe('.row{width:120rpx;margin:24rpx}');
    expect(scaleLengths('1px', 1.5)).toBeUndefined();
    const frames = '@keyframes pulse{from{font-size:10rpx}to{font-size:20rpx}}';
    expect(run(frames)).toBe(frames);
  });

  it('copies inside @media, and gives each selector of a list the prefix', () => {
    expect(run('@media (min-width:600px){.a,.b .c{font-size:20rpx}}')).toBe(
      '@media (min-width:600px){.a,.b .c{font-size:20rpx}.large-text .a,.large-text .b .c{font-size:30rpx}}',
    );
    expect(largeSelector(' .x ')).toBe('.large-text .x');
  });

  it('does not copy its own copies when run twice', () => {
    const once = run('.a{font-size:20rpx}');
    expect(run(once)).toBe(once);
  });
});
