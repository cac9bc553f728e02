// 防骗提示: how the real service reaches people and how phishing does not, the official
// channels, and what to do after tapping a phishing link. Reachable from home, the claim's
// SMS step and settings.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { CHANGE_PASSWORD_PAGE } from '../../../services/settings';
import '../_flow.scss';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

const SECTIONS: { title: string; lines: string[] }[] = [
  {
    title: '医保码不会这样联系您',
    lines: [
      '不会在短信里发送任何链接，也不会让您点链接“申换电子版”“解除停用”。',
      '不会索要银行卡号、银行卡密码或短信验证码。',
      '不会以“医保停用”“账户异常”为由让您转账或下载软件。',
      '我们发送的短信只有验证码，且只在您本人操作时发送。',
    ],
  },
  {
    title: '官方渠道',
    lines: [
      '微信：搜索“医保码”小程序，或“我-服务-医疗健康”。',
      '支付宝：首页搜索“医保码”。',
      '国家医保服务平台App；全国医疗保障服务热线 12393。',
    ],
  },
  {
    title: '点了可疑链接怎么办',
    lines: [
      '立即修改医保支付密码（下方按钮），不要再在该网页输入任何信息。',
      '如已泄露银行卡信息，立即联系银行冻结；如有损失请拨打 110 报警。',
      '可拨打 12393 或到参保地医保经办机构咨询、举报。',
    ],
  },
];

function FraudTipsPage() {
  return (
    <View className="settings-flow fraud" data-testid="fraud-tips">
      <PageHeader title="防骗提示" inPaddedPage />
      <View className="settings-flow__body">
        {SECTIONS.map((section) => (
          <View key={section.title} className="claim-card fraud__card">
            <Text className="fraud__title">{section.title}</Text>
            {section.lines.map((line) => (
              <Text key={line} className="fraud__line">
                · {line}
              </Text>
            ))}
          </View>
        ))}
        <PrimaryButton
          testId="fraud-change-password"
          onClick={() => void Taro.navigateTo({ url: CHANGE_PASSWORD_PAGE })}
        >
          修改支付密码
        </PrimaryButton>
      </View>
    </View>
  );
}

export default withLargeText(FraudTipsPage);
