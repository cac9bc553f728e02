// 防骗提示 says the service never sends a link by SMS, never asks for a bank card or a call
// back: every SMS the product sends must keep that promise.
import { SMS_TEMPLATES, smsText } from '../../bff/src/services/sms';

const LINK = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(cn|com|net|org|top|xyz|vip|cc)\b|\/\/)/i;

describe('the SMS templates', () => {
  const purposes = Object.keys(SMS_TEMPLATES) as (keyof typeof SMS_TEMPLATES)[];

  it('covers the claim, the password reset and the phone replacement', () => {
    expect(purposes.sort()).toEqual(['claim', 'passwordReset', 'phoneReplace']);
  });

  it.each(purposes)('%s: carries the code and no link, bank card or number to call', (purpose) => {
    const text = smsText('482913', purpose);
    expect(text).toContain('482913');
    expect(text).not.toMatch(LINK);
    expect(text).not.toMatch(/银行卡|卡号|回电|拨打|点击|登录网址/);
    // Only the code's six digits: no phone number to call hidden in the text.
    expect(text.match(/\d{7,}/g)).toBeNull();
  });

  it('the link check itself catches a phishing text', () => {
    expect('【医保】您的医保已停用，请进 ybm-gov.top 申换电子版').toMatch(LINK);
    expect('详情 https://example.com').toMatch(LINK);
  });
});
