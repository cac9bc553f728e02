// 消息中心: each message with its title, body, time and unread dot, and a bill's state now;
// opening one marks it read (and tells the other pages the count) and leads to its bill (pay
// page) or to 消费记录; 加载更多 pages through nextBefore; 暂无消息.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Inbox } from '@ybm/shared';

import InboxPage from '../../miniapp/src/pages/inbox';
import { onInboxChanged } from '../../miniapp/src/services/inbox-events';
import { inbox, message } from './bill-fixtures';
import { errorBody, signedIn } from './fixtures';
import { navigateTo, resetTaro, serve, showPage, type SeenRequest } from './stubs/taro';

/** Answers GET /inbox page by page: the first without `before`, then by each `before`. */
function serveInbox(pages: Record<string, Inbox | { status: number; body: unknown }>): SeenRequest[] {
  resetTaro();
  signedIn();
  return serve({
    'GET /api/v1/inbox': (seen) => {
      const before = new URL(seen.url, 'http://x').searchParams.get('before') ?? '';
      const page = pages[before];
      if (!page) return { status: 404, body: errorBody('NOT_FOUND') };
      return 'status' in page ? page : { status: 200, body: page };
    },
    'POST /api/v1/inbox/3/read': { status: 200, body: { ok: true } },
    'POST /api/v1/inbox/2/read': { status: 200, body: { ok: true } },
  });
}

const items = () => screen.getAllByTestId('inbox-item');

describe('消息中心', () => {
  it('lists each message with title, body, time and an unread dot', async () => {
    serveInbox({
      '': inbox([
        message(3),
        message(2, {
          kind: 'settlement',
          title: '医保结算成功',
          body: '绥化市第一大药房 ¥123.45',
          billId: undefined,
          setlId: 'S1',
          read: true,
          createdAt: '2026-11-21T16:30:00.000Z',
        }),
      ]),
    });
    render(<InboxPage />);

    await screen.findByTestId('inbox-list');
    expect(items().map((item) => item.getAttribute('data-bill-id'))).toEqual(['ORD20261122000003', null]);
    const [bill, settlement] = items().map((item) => within(item));
    expect(bill!.getByTestId('inbox-title').textContent).toBe('诊间支付待缴费');
    expect(bill!.getByTestId('inbox-body').textContent).toBe('绥化市第一人民医院 普通内科 待支付 ¥58.00');
    expect(bill!.getByTestId('inbox-time').textContent).toBe('2026-11-22 10:00');
    expect(bill!.queryByTestId('inbox-unread-dot')).toBeTruthy();
    // Beijing time, whatever the phone's zone: 16:30Z is 00:30 the next day.
    expect(settlement!.getByTestId('inbox-time').textContent).toBe('2026-11-22 00:30');
    expect(settlement!.queryByTestId('inbox-unread-dot')).toBeNull();
    expect(screen.getByTestId('inbox-unread').textContent).toBe('1条未读');
    expect(screen.getByTestId('inbox-end').textContent).toBe('没有更多了');
  });

  it('opens a bill message: marks it read and opens its pay page', async () => {
    const seen = serveInbox({ '': inbox([message(3)]) });
    render(<InboxPage />);

    fireEvent.click(await screen.findByTestId('inbox-item'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index?billId=ORD20261122000003' });
    await waitFor(() =>
      expect(seen.some((r) => r.method === 'POST' && r.url.endsWith('/api/v1/inbox/3/read'))).toBe(true),
    );
    expect(screen.getByTestId('inbox-item').getAttribute('data-read')).toBe('true');
    expect(screen.queryByTestId('inbox-unread-dot')).toBeNull();
    expect(screen.getByTestId('inbox-unread').textContent).toBe('全部已读');
  });

  it('shows a bill notice with the bill’s state now, as the BFF words it', async () => {
    serveInbox({
      '': inbox([
        message(3, {
          title: '诊间支付已完成',
          body: '绥化市第一人民医院 · 普通内科，费用合计¥58.00，已支付完成',
          billStatus: 'paid',
          read: true,
        }),
        message(2, { billStatus: 'refunded', title: '诊间支付已退款' }),
      ]),
    });
    render(<InboxPage />);
    await screen.findByTestId('inbox-list');
    const [paid, refunded] = items().map((item) => within(item));
    expect(paid!.getByTestId('inbox-title').textContent).toBe('诊间支付已完成');
    expect(paid!.getByTestId('inbox-bill-status').textContent).toBe('已支付');
    expect(refunded!.getByTestId('inbox-bill-status').textContent).toBe('已退款');
    expect(screen.queryByText('诊间支付待缴费')).toBeNull();
  });

  it('tells the other pages the unread count when it loads and when a message is read', async () => {
    const told: Array<number | undefined> = [];
    const stop = onInboxChanged((count) => told.push(count));
    serveInbox({ '': inbox([message(3), message(2)]) });
    render(<InboxPage />);
    fireEvent.click((await screen.findAllByTestId('inbox-item'))[0]!);
    // Loaded with 2 unread, 1 once read, then "ask again" once the BFF has it.
    await waitFor(() => expect(told).toEqual([2, 1, undefined]));
    stop();
  });

  it('opens a refund message on its bill, where the refunds and what is left are listed', async () => {
    serveInbox({ '': inbox([message(4, { kind: 'refund', title: '部分退款成功' })]) });
    render(<InboxPage />);
    const item = await screen.findByTestId('inbox-item');
    expect(within(item).getByText('退')).toBeTruthy();
    fireEvent.click(item);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/pay/index?billId=ORD20261122000004' });
  });

  it.each([
    ['settlement', '结'],
    ['refund', '退'],
    ['reversal', '撤'],
    ['reinstatement', '复'],
  ] as const)('opens a %s message without a bill in 消费记录', async (kind, glyph) => {
    const seen = serveInbox({ '': inbox([message(2, { kind, billId: undefined, setlId: 'S1' })]) });
    render(<InboxPage />);

    const item = await screen.findByTestId('inbox-item');
    expect(within(item).getByText(glyph)).toBeTruthy();
    fireEvent.click(item);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/records/index' });
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
  });

  it('does not mark a message read twice', async () => {
    const seen = serveInbox({ '': inbox([message(2, { read: true })]) });
    render(<InboxPage />);

    fireEvent.click(await screen.findByTestId('inbox-item'));
    expect(navigateTo).toHaveBeenCalledTimes(1);
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('loads the next page with 加载更多 until there is no more', async () => {
    const seen = serveInbox({
      '': inbox([message(3), message(2)], { nextBefore: 2 }),
      '2': inbox([message(1)]),
    });
    render(<InboxPage />);

    fireEvent.click(await screen.findByText('加载更多'));
    await screen.findByTestId('inbox-end');
    expect(items().map((item) => item.getAttribute('data-id'))).toEqual(['3', '2', '1']);
    expect(seen.map((r) => r.url)).toEqual(['/api/v1/inbox?limit=20', '/api/v1/inbox?before=2&limit=20']);
    expect(screen.queryByTestId('inbox-more')).toBeNull();
  });

  it('says 暂无消息 when there are none', async () => {
    serveInbox({ '': inbox([]) });
    render(<InboxPage />);

    expect((await screen.findByTestId('inbox-empty')).textContent).toContain('暂无消息');
    expect(screen.queryByTestId('inbox-list')).toBeNull();
  });

  it('shows the first page again when it comes back into view', async () => {
    const pages: Record<string, Inbox> = { '': inbox([message(3)]) };
    serveInbox(pages);
    render(<InboxPage />);
    await screen.findByTestId('inbox-list');

    pages[''] = inbox([message(4), message(3, { read: true })]);
    act(() => showPage());
    await waitFor(() => expect(items()).toHaveLength(2));
  });

  it('says why the list could not load, and 重试 loads it', async () => {
    const pages: Record<string, Inbox | { status: number; body: unknown }> = {
      '': { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE') },
    };
    serveInbox(pages);
    render(<InboxPage />);

    // (Not claimed yet is no failure to retry: it offers 领取医保码, tests/miniapp/signed-out.test.tsx.)
    expect((await screen.findByTestId('inbox-error')).textContent).toContain(
      '医保平台暂时不可用，请稍后重试',
    );
    pages[''] = inbox([message(1)]);
    fireEvent.click(screen.getByTestId('inbox-retry'));
    await screen.findByTestId('inbox-list');
  });
});
