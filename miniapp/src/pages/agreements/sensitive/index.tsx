// 《敏感个人信息处理规则》 as a page: opened from the claim's consent step (tapping its title), from 我的 and
// from 授权管理.
import { AGREEMENTS } from '@ybm/shared';

import { AgreementView } from '../../../components/agreement-view';
import { SENSITIVE_TEXT } from '../_texts/sensitive';
import { withLargeText } from '../../../components/large-text-root';

function SensitiveRulesPage() {
  return <AgreementView agreement={AGREEMENTS.sensitive} text={SENSITIVE_TEXT} />;
}

export default withLargeText(SensitiveRulesPage);
