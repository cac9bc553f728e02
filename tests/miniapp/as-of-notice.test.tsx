// Degraded mode on the phone (issue 26): an account or a records page the BFF served from its
// last good copy says so above it, with the copy's time in Beijing time; a fresh one says nothing.
import { render, screen } from '@testing-library/react';
import type { Account, RecordsPage } from '@ybm/shared';

import { asOfWords } from '../../miniapp/src/components/as-of-notice';
import AccountPage from '../../miniapp/src/pages/account';
import RecordsPageView from '../../miniapp/src/pages/records';
import { record } from './code-fixtures';
import { signedIn } from './fixtures';
import { resetTaro, serve } from './stubs/taro';

const ACCOUNT: Account = {
  balanceFen: 123_456,
  insuranceType: '职工基本医疗保险',
  personType: '在职职工',
  status: 'active',
  statusName: '正常参保',
  regionCode: '231200',
  regionName: '绥化市',
  insuredSince: '2010-07-01',
  monthlyCredits: [{ month: '2026-11', amountFen: 21_460 }],
  yearSpending: { year: 2026, totalFen: 0, fundFen: 0, accountFen: 0, cashFen: 0 },
  media: ['code', 'social_card', 'id_card'],
};
/** 2026-12-07 09:05 in Beijing. */
const AS_OF = '2026-12-07T01:05:00.000Z';
const LABEL = '医保平台暂时不可用，以下为 12月7日 09:05 的信息';

function serveBoth(account: Account, page: RecordsPage) {
  resetTaro();
  signedIn();
  serve({
    'GET /api/v1/account': () => ({ status: 200, body: account }),
    'GET /api/v1/records': () => ({ status: 200, body: page }),
  });
}

describe('asOfWords', () => {
  it('gives the copy’s time as month, day and minute in Beijing time', () => {
    expect(asOfWords(AS_OF)).toBe(LABEL);
    expect(asOfWords('2026-12-31T16:30:00Z')).toBe('医保平台暂时不可用，以下为 1月1日 00:30 的信息');
  });
});

describe('the account and records pages from the last good copy', () => {
  it('labels the account with the copy’s time, as a status', async () => {
    serveBoth({ ...ACCOUNT, asOf: AS_OF }, { records: [] });
    render(<AccountPage />);
    const notice = await screen.findByTestId('account-as-of');
    expect(notice.textContent).toBe(LABEL);
    expect(notice.querySelector('[role="status"]')).not.toBeNull();
    expect(screen.getByTestId('account-balance').textContent).toBe('¥1,234.56');
  });

  it('labels the records’ first page with the copy’s time', async () => {
    serveBoth(ACCOUNT, { records: [record({ recordId: 'S1' })], asOf: AS_OF });
    render(<RecordsPageView />);
    await screen.findByTestId('records-list');
    expect(screen.getByTestId('records-as-of').textContent).toBe(LABEL);
  });

  it('says nothing of the kind over a fresh answer', async () => {
    serveBoth(ACCOUNT, { records: [record({ recordId: 'S1' })] });
    const { unmount } = render(<AccountPage />);
    await screen.findByTestId('account-balance');
    expect(screen.queryByTestId('account-as-of')).toBeNull();
    unmount();
    render(<RecordsPageView />);
    await screen.findByTestId('records-list');
    expect(screen.queryByTestId('records-as-of')).toBeNull();
  });
});
