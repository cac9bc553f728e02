// 首页: title, the 消息 entry with its unread badge, the person's own 参保地 once claimed (or
// 登录 when nobody is signed in), environment and network notices, the voucher card
// (领取医保码 until claimed, then the masked holder and 出示医保码) and the service grid.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { ActionCard } from '../../components/action-card';
import { CellList } from '../../components/cell-list';
import { ConsentRenewal } from '../../components/consent-renewal';
import { withLargeText } from '../../components/large-text-root';
import { NoticeBar } from '../../components/notice-bar';
import { ServiceGrid } from '../../components/service-grid';
import { VoucherCard } from '../../components/voucher-card';
import { useLargeText } from '../../hooks/use-large-text';
import { activatedVoucher, useMe } from '../../hooks/use-me';
import { useMeta } from '../../hooks/use-meta';
import { useSignIn } from '../../hooks/use-sign-in';
import { useUnreadCount } from '../../hooks/use-unread-count';
import { FALLBACK_SERVICES } from '../../services/catalogue';
import { CODE_TAB, startClaim } from '../../services/claim';
import { badgeText, openInbox } from '../../services/inbox';
import { openService } from '../../services/navigation';
import { FRAUD_TIPS_PAGE, SETTINGS_PAGE } from '../../services/settings';
import './index.scss';

function HomePage() {
  const meta = useMeta();
  const me = useMe();
  const largeText = useLargeText();
  const services = meta.status === 'ready' ? meta.meta.services : FALLBACK_SERVICES;
  const devLogin = meta.status === 'ready' ? meta.meta.devLogin : undefined;
  const voucher = activatedVoucher(me);
  const unread = useUnreadCount(voucher !== undefined);
  const { busy: signingIn, signIn } = useSignIn(me.reload);

  return (
    <View className="home">
      <View className="home__header">
        <View
          className="home__inbox"
          role="button"
          aria-label={unread > 0 ? `消息，${unread}条未读` : '消息'}
          data-testid="inbox-entry"
          onClick={openInbox}
        >
          <Text className="home__inbox-glyph">✉</Text>
          <Text className="home__inbox-text">消息</Text>
          {unread > 0 ? (
            <Text className="home__badge" data-testid="inbox-badge">
              {badgeText(unread)}
            </Text>
          ) : null}
        </View>
        <Text className="home__title">医保码</Text>
        <Text className="home__subtitle">国家医保服务平台 · 医保电子凭证</Text>
        {/* The person's own 参保地 (from their binding), never the deployment's; none before. */}
        {voucher ? (
          <Text className="home__region" data-testid="home-region">
            参保地：{voucher.regionName}
          </Text>
        ) : null}
        {me.status === 'signed-out' ? (
          <View
            className="home__sign-in"
            role="button"
            data-testid="home-sign-in"
            onClick={() => {
              if (!signingIn) void signIn();
            }}
          >
            <Text>未登录 · 点此登录 ›</Text>
          </View>
        ) : null}
      </View>

      {devLogin ? <NoticeBar tone="warning">开发环境 · 演示登录已开启</NoticeBar> : null}
      {meta.status === 'failed' ? (
        <NoticeBar tone="error" actionText="重试" onAction={meta.reload}>
          {meta.error.message}
        </NoticeBar>
      ) : null}

      {/* A document changed since the person agreed: asked first, at this sign-in. */}
      {me.status === 'ready' && me.me.consentRequired ? (
        <ConsentRenewal required={me.me.consentRequired} onAgreed={me.reload} />
      ) : null}

      {voucher ? (
        <VoucherCard voucher={voucher} onShowCode={() => void Taro.switchTab({ url: CODE_TAB })} />
      ) : (
        <ActionCard
          title="医保电子凭证"
          description="全国通用，看病购药出示医保码即可结算"
          actionText="领取医保码"
          testId="claim-start"
          onAction={() => void startClaim({ devLogin })}
        />
      )}

      <View className="home__section">
        <Text className="home__section-title">医保服务</Text>
        <ServiceGrid services={services} onSelect={openService} />
      </View>

      <CellList
        cells={[
          {
            label: '大字模式',
            value: largeText ? '已开启' : '放大文字和按钮',
            testId: 'home-large-text',
            onClick: () => void Taro.navigateTo({ url: SETTINGS_PAGE }),
          },
          {
            label: '防骗提示',
            value: '医保不会短信发链接',
            testId: 'home-fraud-tips',
            onClick: () => void Taro.navigateTo({ url: FRAUD_TIPS_PAGE }),
          },
        ]}
      />
    </View>
  );
}

export default withLargeText(HomePage);
