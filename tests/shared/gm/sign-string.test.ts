import { buildSignString, cleanForSigning, compactJson } from '@ybm/shared/gm';

const APP_SECRET = 'HPJ7U3YN1Q5L0O8Z9T2R6W4E';

/** A 6202-like payload with every kind of empty value PROTOCOL.md §3 step 1 names. */
function setup() {
  const data = {
    psnName: '刘畅',
    payOrdId: 'ORD20240305001',
    feeSumamt: 12.3,
    acctUsedFlag: true,
    ecToken: '',
    remark: null,
    empty: {},
    none: [],
    Zone: 'A',
    nested: {
      z: 1,
      a: { gone: '', alsoGone: [], deeper: { nothing: null } },
      b: false,
      list: [{ y: 2, x: null }, {}, { q: '' }, []],
    },
    zero: 0,
  };
  const head = {
    appId: '1GQ0U8RVP0B3A8C1F7E2',
    encType: 'SM4',
    signType: 'SM2',
    timestamp: '20240305143015',
    version: '2.0.1',
    encData: 'ABCDEF',
    signData: 'c2lnbmF0dXJl',
    extra: { traceId: 't-1' },
    code: '0',
    message: '',
  };
  return { data, head };
}

const EXPECTED_JSON =
  '{"Zone":"A","acctUsedFlag":true,"feeSumamt":12.3,"nested":{"b":false,"list":[{"y":2}],"z":1},' +
  '"payOrdId":"ORD20240305001","psnName":"刘畅","zero":0}';

describe('compactJson', () => {
  it('removes empty values recursively, parents emptied by removal too, and sorts keys by ASCII', () => {
    expect(compactJson(setup().data)).toBe(EXPECTED_JSON);
  });

  it('keeps false and 0, which are not empty', () => {
    expect(compactJson({ flag: false, count: 0 })).toBe('{"count":0,"flag":false}');
  });

  it('does not escape Chinese', () => {
    expect(compactJson({ name: '刘畅' })).toBe('{"name":"刘畅"}');
  });

  it('keeps the order of array items while sorting the keys inside them', () => {
    expect(compactJson({ items: [{ b: 1, a: 2 }, 'x', { d: 3, c: 4 }] })).toBe(
      '{"items":[{"a":2,"b":1},"x",{"c":4,"d":3}]}',
    );
  });

  it('is the empty string when nothing is left', () => {
    expect(compactJson({ a: null, b: { c: '' } })).toBe('');
    expect(compactJson(undefined)).toBe('');
  });
});

describe('cleanForSigning', () => {
  it('drops values JSON cannot carry', () => {
    expect(cleanForSigning({ n: Number.NaN, i: Infinity, u: undefined, f: () => 1, ok: 'y' })).toEqual({
      ok: 'y',
    });
  });
});

describe('buildSignString', () => {
  it('joins sorted k=v pairs without signData, encData, extra or empty fields, and appends the key last', () => {
    const { data, head } = setup();
    expect(buildSignString(head, compactJson(data), APP_SECRET)).toBe(
      'appId=1GQ0U8RVP0B3A8C1F7E2&code=0&data=' +
        EXPECTED_JSON +
        '&encType=SM4&signType=SM2&timestamp=20240305143015&version=2.0.1&key=HPJ7U3YN1Q5L0O8Z9T2R6W4E',
    );
  });

  it('leaves data out when it is empty', () => {
    const { head } = setup();
    expect(buildSignString(head, '', 'k')).toBe(
      'appId=1GQ0U8RVP0B3A8C1F7E2&code=0&encType=SM4&signType=SM2&timestamp=20240305143015&version=2.0.1&key=k',
    );
  });

  it('writes a boolean or numeric envelope field as text', () => {
    expect(buildSignString({ b: true, a: 0 }, '', 'k')).toBe('a=0&b=true&key=k');
  });
});
