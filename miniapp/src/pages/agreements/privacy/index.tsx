// 《隐私政策》 as a page: opened from the claim's consent step (tapping its title), from 我的 and
// from 授权管理.
import { AGREEMENTS } from '@ybm/shared';

import { AgreementView } from '../../../components/agreement-view';
import { PRIVACY_TEXT } from '../_texts/privacy';
import { withLargeText } from '../../../components/large-text-root';

function PrivacyPage() {
  return <AgreementView agreement={AGREEMENTS.privacy} text={PRIVACY_TEXT} />;
}

export default withLargeText(PrivacyPage);
