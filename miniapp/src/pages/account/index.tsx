// 个人账户: the balance, large and plain, and what it is for; the last twelve monthly credits;
// this year's spending and who paid it; and the promise that the balance stays with the
// person whatever the medium, with the media that settle with it. Residents (城乡居民) have no
// personal account: the page says so instead of showing ¥0.00. While the platform is down, the
// BFF's last good copy, with its time above it.
import { Text, View } from '@tarojs/components';
import { formatYuan, type Account } from '@ybm/shared';

import { AsOfNotice } from '../../components/as-of-notice';
import { CellList } from '../../components/cell-list';
import { LoadGate } from '../../components/load-gate';
import { PageHeader } from '../../components/page-header';
import { useLoad } from '../../hooks/use-load';
import { call } from '../../services/api';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

const MEDIA_NAMES: Record<Account['media'][number], string> = {
  code: '医保码（本小程序出示）',
  social_card: '社会保障卡',
  id_card: '居民身份证 + 医保密码',
};

function Balance({ account }: { account: Account }) {
  if (account.balanceFen === null) {
    return (
      <View className="account__balance" data-testid="account-no-balance">
        <Text className="account__balance-label">个人账户</Text>
        <Text className="account__balance-none">您参加的是{account.insuranceType}，没有个人账户</Text>
        <Text className="account__balance-hint">看病购药时，医保统筹按规定支付，其余由您用现金支付</Text>
      </View>
    );
  }
  return (
    <View className="account__balance">
      <Text className="account__balance-label">个人账户余额（元）</Text>
      <Text className="account__balance-amount" data-testid="account-balance">
        {formatYuan(account.balanceFen)}
      </Text>
      <Text className="account__balance-hint">
        用于在定点医院、药店支付本人（及家庭共济成员）医保目录内的费用
      </Text>
    </View>
  );
}

function AccountView({ account }: { account: Account }) {
  const spent = account.yearSpending;
  return (
    <View>
      <AsOfNotice asOf={account.asOf} testId="account-as-of" />
      <Balance account={account} />
      <View className="account__promise" data-testid="account-promise">
        <Text className="account__promise-title">余额始终跟人走</Text>
        <Text className="account__promise-text">
          换卡、补卡或社保卡停用，都不会清零个人账户。以下任一方式结算，用的都是同一个账户：
        </Text>
        {account.media.map((medium) => (
          <Text key={medium} className="account__medium" data-testid={`account-medium-${medium}`}>
            · {MEDIA_NAMES[medium]}
          </Text>
        ))}
      </View>
      <CellList
        title={`${spent.year}年医疗费用`}
        cells={[
          { label: '费用合计', value: `${formatYuan(spent.totalFen)}元` },
          { label: '医保统筹支付', value: `${formatYuan(spent.fundFen)}元` },
          { label: '个人账户支付', value: `${formatYuan(spent.accountFen)}元` },
          { label: '个人现金支付', value: `${formatYuan(spent.cashFen)}元` },
        ]}
      />
      {account.monthlyCredits.length > 0 ? (
        <CellList
          title="近12个月划入"
          cells={account.monthlyCredits.map((credit) => ({
            label: credit.month.replace('-', '年') + '月',
            value: `+${formatYuan(credit.amountFen)}元`,
          }))}
        />
      ) : null}
      <CellList
        title="参保信息"
        cells={[
          { label: '险种', value: account.insuranceType },
          { label: '人员类别', value: account.personType },
          { label: '参保状态', value: account.statusName },
          { label: '参保地', value: account.regionName },
          { label: '参保日期', value: account.insuredSince },
          ...(account.employer ? [{ label: '单位', value: account.employer }] : []),
        ]}
      />
    </View>
  );
}

function AccountPage() {
  const load = useLoad(() => call('account'));
  return (
    <View className="account">
      <PageHeader title="个人账户" inPaddedPage />
      <LoadGate
        load={load}
        what="个人账户"
        claimMessage="领取医保码后，可在这里查看个人账户余额和每月划入"
        testId="account"
      >
        {(account) => <AccountView account={account} />}
      </LoadGate>
    </View>
  );
}

export default withLargeText(AccountPage);
