// 《医保电子凭证用户服务协议》 as a page: opened from the claim's consent step (tapping its title), from 我的 and
// from 授权管理.
import { AGREEMENTS } from '@ybm/shared';

import { AgreementView } from '../../../components/agreement-view';
import { TERMS_TEXT } from '../_texts/terms';
import { withLargeText } from '../../../components/large-text-root';

function TermsPage() {
  return <AgreementView agreement={AGREEMENTS.terms} text={TERMS_TEXT} />;
}

export default withLargeText(TermsPage);
