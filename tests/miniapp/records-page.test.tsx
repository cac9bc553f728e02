// 消费记录: each settlement with its amount, split, time, institution, region and how the
// person was identified; 加载更多 pages through nextBefore; an empty state; errors said in place.
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { RecordsPage } from '@ybm/shared';

import RecordsPageView from '../../miniapp/src/pages/records';
import { record } from './code-fixtures';
import { errorBody, signedIn } from './fixtures';
import { resetTaro, serve, type SeenRequest } from './stubs/taro';

/** Answers GET /records page by page: the first without `before`, then by each `before`. */
function serveRecords(pages: Record<string, RecordsPage | { status: number; body: unknown }>): SeenRequest[] {
  resetTaro();
  signedIn();
  return serve({
    'GET /api/v1/records': (seen) => {
      const before = new URL(seen.url, 'http://x').searchParams.get('before') ?? '';
      const page = pages[before];
      if (!page) return { status: 404, body: errorBody('NOT_FOUND') };
      return 'status' in page ? page : { status: 200, body: page };
    },
  });
}

const items = () => screen.getAllByTestId('record-item');

describe('消费记录', () => {
  it('lists each settlement with amount, split, time, institution, region and medium', async () => {
    serveRecords({
      '': {
        records: [
          record({ recordId: 'S3', medium: 'code' }),
          record({
            recordId: 'S2',
            medium: 'social_card',
            totalFen: 5_000,
            fundFen: 0,
            accountFen: 5_000,
            cashFen: 0,
            institutionName: '北林区人民医院',
            regionName: '绥化市北林区',
            settledAt: '2026-11-21T16:30:00.000Z',
          }),
          record({ recordId: 'S1', medium: 'id_card' }),
          record({ recordId: 'S0', medium: 'online', kind: 'mobile' }),
        ],
      },
    });
    render(<RecordsPageView />);

    await screen.findByTestId('records-list');
    expect(items().map((item) => item.getAttribute('data-record-id'))).toEqual(['S3', 'S2', 'S1', 'S0']);
    expect(screen.getAllByTestId('record-medium').map((node) => node.textContent)).toEqual([
      '医保码',
      '社保卡',
      '身份证',
      '线上',
    ]);

    const card = within(items()[1]!);
    expect(card.getByTestId('record-total').textContent).toBe('¥50.00');
    expect(card.getByTestId('record-institution').textContent).toBe('北林区人民医院');
    expect(card.getByTestId('record-region').textContent).toBe('绥化市北林区');
    // Beijing time, whatever the phone's zone: 16:30Z is 00:30 the next day.
    expect(card.getByTestId('record-time').textContent).toBe('2026-11-22 00:30');
    expect(items()[1]!.textContent).toContain('医保统筹支付¥0.00');
    expect(items()[1]!.textContent).toContain('个人账户支付¥50.00');
    expect(items()[1]!.textContent).toContain('个人现金支付¥0.00');

    expect(screen.getByTestId('records-end').textContent).toBe('没有更多了');
    expect(screen.queryByTestId('records-more')).toBeNull();
  });

  it('loads the next page with 加载更多 until there is no more', async () => {
    const seen = serveRecords({
      '': { records: [record({ recordId: 'S3' }), record({ recordId: 'S2' })], nextBefore: 'S2' },
      S2: { records: [record({ recordId: 'S1' })] },
    });
    render(<RecordsPageView />);

    fireEvent.click(await screen.findByText('加载更多'));
    await screen.findByTestId('records-end');
    expect(items().map((item) => item.getAttribute('data-record-id'))).toEqual(['S3', 'S2', 'S1']);
    // The family (for the 本人 / member filter) is asked too; the records in two pages.
    expect(seen.map((request) => request.url).filter((url) => url.startsWith('/api/v1/records'))).toEqual([
      '/api/v1/records?limit=20',
      '/api/v1/records?before=S2&limit=20',
    ]);
    expect(screen.queryByTestId('records-more')).toBeNull();
  });

  it('says 暂无消费记录 when there are none', async () => {
    serveRecords({ '': { records: [] } });
    render(<RecordsPageView />);

    expect((await screen.findByTestId('records-empty')).textContent).toContain('暂无消费记录');
    expect(screen.queryByTestId('records-list')).toBeNull();
    expect(screen.queryByTestId('records-end')).toBeNull();
  });

  it('marks a reversed settlement, says when, and what came back where', async () => {
    serveRecords({
      '': { records: [record({ status: 'reversed', reversedAt: '2026-11-22T02:10:00.000Z' })] },
    });
    render(<RecordsPageView />);
    await screen.findByTestId('record-item');
    expect(screen.getByTestId('record-status').textContent).toBe('已撤销');
    expect(screen.getByTestId('record-reversal').textContent).toBe(
      '2026-11-22 10:10 已撤销：统筹基金支付的¥80.00已退回医保基金，个人账户支付的¥33.45已退回您的个人账户。现金¥10.00由机构退还。',
    );
  });

  it('lists an online settlement’s refunds and what is left, and says 部分退款 or 已退款', async () => {
    const cashBack = { at: '2026-11-22T03:00:00.000Z', fundFen: 0, accountFen: 0, cashFen: 1_000 };
    const insuranceBack = { at: '2026-11-22T04:00:00.000Z', fundFen: 8_000, accountFen: 3_345, cashFen: 0 };
    serveRecords({
      '': {
        records: [
          record({ recordId: 'S2', kind: 'mobile', medium: 'online', refunds: [cashBack] }),
          record({
            recordId: 'S1',
            kind: 'mobile',
            medium: 'online',
            status: 'reversed',
            refunds: [cashBack, insuranceBack],
          }),
        ],
      },
    });
    render(<RecordsPageView />);
    await screen.findByTestId('records-list');
    const [partly, full] = items().map((item) => within(item));
    expect(partly!.getByTestId('record-status').textContent).toBe('部分退款');
    expect(partly!.getByTestId('refund-item').textContent).toContain('现金¥10.00已按原支付渠道退回');
    expect(partly!.getByTestId('refund-left').textContent).toBe('尚未退还：统筹基金¥80.00、个人账户¥33.45');
    expect(full!.getByTestId('record-status').textContent).toBe('已退款');
    expect(full!.getAllByTestId('refund-item')).toHaveLength(2);
    expect(full!.getByTestId('refund-left').textContent).toBe('已全部退回');
    expect(full!.queryByTestId('record-reversal')).toBeNull();
  });

  it('says why the list could not load, and 重试 loads it', async () => {
    const pages: Record<string, RecordsPage | { status: number; body: unknown }> = {
      '': { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') },
    };
    serveRecords(pages);
    render(<RecordsPageView />);

    expect((await screen.findByTestId('records-error')).textContent).toContain(
      '医保平台暂时不可用，请稍后重试',
    );
    pages[''] = { records: [record()] };
    fireEvent.click(screen.getByTestId('records-retry'));
    await screen.findByTestId('records-list');
    expect(screen.queryByTestId('records-error')).toBeNull();
  });

  it('keeps the list when the next page fails, says why, and lets 加载更多 try again', async () => {
    const pages: Record<string, RecordsPage | { status: number; body: unknown }> = {
      '': { records: [record({ recordId: 'S2' })], nextBefore: 'S2' },
      S2: { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') },
    };
    serveRecords(pages);
    render(<RecordsPageView />);

    fireEvent.click(await screen.findByText('加载更多'));
    expect((await screen.findByTestId('records-more-error')).textContent).toContain('医保平台暂时不可用');
    expect(items()).toHaveLength(1);

    pages.S2 = { records: [record({ recordId: 'S1' })] };
    fireEvent.click(screen.getByText('加载更多'));
    await screen.findByTestId('records-end');
    expect(items()).toHaveLength(2);
  });
});
