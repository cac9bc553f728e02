// A record's own page (消费记录详情): opened from the list by the record's id (never the record
// in the URL), shown at once from what the list had, then as the BFF has it now; who paid
// which part, why the fund paid nothing, the details and the way back; a record that is not
// this person's is refused in place.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';

import RecordDetailPage from '../../miniapp/src/pages/records/detail';
import RecordsPageView from '../../miniapp/src/pages/records';
import { forgetRecords } from '../../miniapp/src/services/settlements';
import { record } from './code-fixtures';
import { errorBody, signedIn } from './fixtures';
import {
  getCurrentPages,
  navigateBack,
  navigateTo,
  reLaunch,
  request,
  resetTaro,
  serve,
  useRouter,
} from './stubs/taro';

const RESIDENT_PURCHASE = record({
  recordId: 'SETL2026112200000007',
  totalFen: 5_360,
  fundFen: 0,
  accountFen: 0,
  cashFen: 5_360,
  fundZeroReason: 'pharmacy_not_pooled',
});
delete (RESIDENT_PURCHASE as { balanceAfterFen?: number }).balanceAfterFen;

function open(recordId: string) {
  useRouter.mockImplementation(() => ({ params: { recordId }, path: '' }));
  return render(<RecordDetailPage />);
}

beforeEach(() => {
  resetTaro();
  forgetRecords();
  signedIn();
});

describe('消费记录 → a record', () => {
  it('opens the record’s page by its id when tapped', async () => {
    serve({ 'GET /api/v1/records': { status: 200, body: { records: [RESIDENT_PURCHASE] } } });
    render(<RecordsPageView />);
    fireEvent.click(await screen.findByTestId('record-item'));
    expect(navigateTo).toHaveBeenCalledWith({
      url: '/pages/records/detail/index?recordId=SETL2026112200000007',
    });
  });

  it('shows at once what the list had, then the record as the BFF has it now', async () => {
    let answer: (value: unknown) => void = () => undefined;
    serve({ 'GET /api/v1/records': { status: 200, body: { records: [RESIDENT_PURCHASE] } } });
    const list = render(<RecordsPageView />);
    await screen.findByTestId('record-item');
    list.unmount();

    // The BFF's answer is held back: the page shows the list's copy meanwhile.
    request.mockImplementation(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    open('SETL2026112200000007');
    expect(screen.getByTestId('record-detail-total').textContent).toBe('¥53.60');
    expect(screen.queryByTestId('record-detail-loading')).toBeNull();

    await act(async () =>
      answer({
        statusCode: 200,
        data: { ...RESIDENT_PURCHASE, status: 'reversed', reversedAt: '2026-11-22T03:00:00.000Z' },
        header: {},
        errMsg: 'request:ok',
      }),
    );
    await waitFor(() => expect(screen.getByTestId('record-detail-state').textContent).toBe('已撤销'));
    expect(screen.getByTestId('record-detail-reversed-at').textContent).toBe('撤销时间2026-11-22 11:00');
  });

  it('says who paid which part, why the fund paid nothing, and the details', async () => {
    serve({ 'GET /api/v1/records/SETL2026112200000007': { status: 200, body: RESIDENT_PURCHASE } });
    open('SETL2026112200000007');
    await screen.findByTestId('record-detail-total');

    expect(screen.getByTestId('record-detail-institution').textContent).toBe('绥化市第一大药房');
    expect(screen.getByTestId('record-detail-state').textContent).toBe('已结算');
    expect(screen.getByTestId('record-detail-fund').textContent).toBe('医保统筹支付¥0.00');
    expect(screen.getByTestId('record-detail-account').textContent).toBe('个人账户支付¥0.00');
    expect(screen.getByTestId('record-detail-cash').textContent).toBe('个人现金支付¥53.60');
    expect(screen.getByTestId('record-detail-fund-reason').textContent).toBe(
      '医保统筹未支付：按参保地政策，在药店购药医保统筹不予支付',
    );
    expect(screen.getByTestId('record-detail-time').textContent).toBe('结算时间2026-11-22 10:05');
    expect(screen.getByTestId('record-detail-medium').textContent).toBe('结算方式医保码');
    expect(screen.getByTestId('record-detail-region').textContent).toBe('就医地区绥化市');
    // The record's id is opaque and the platform's settlement number is never shown.
    expect(screen.queryByTestId('record-detail-setl-id')).toBeNull();
    expect(screen.queryByTestId('record-detail-balance')).toBeNull();
  });

  it('goes back to the list it came from, or opens the list when it was opened directly', async () => {
    serve({ 'GET /api/v1/records/SETL2026112200000007': { status: 200, body: RESIDENT_PURCHASE } });
    open('SETL2026112200000007');
    await screen.findByTestId('record-detail-total');
    getCurrentPages.mockReturnValueOnce([{}, {}]);
    fireEvent.click(screen.getByTestId('record-detail-back'));
    expect(navigateBack).toHaveBeenCalled();

    getCurrentPages.mockReturnValueOnce([{}]);
    fireEvent.click(screen.getByTestId('record-detail-back'));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/records/index' });
  });

  it('refuses a record that is not this person’s, in place, with the way back', async () => {
    serve({
      'GET /api/v1/records/SETL0000000001': { status: 404, body: errorBody('RECORD_NOT_FOUND') },
    });
    open('SETL0000000001');
    expect((await screen.findByTestId('record-detail-error-message')).textContent).toBe(
      '未找到这条消费记录，请返回消费记录查看',
    );
    expect(screen.queryByTestId('record-detail-retry')).toBeNull();
    expect(screen.getByTestId('record-detail-back')).toBeTruthy();
  });
});
